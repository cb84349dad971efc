/* test-sim-profile.c: the card emulator's profile file: keys, defaults and clear errors. */
#include <string.h>

#include <glib/gstdio.h>

#include "sim/card/sim-card-profile.h"

typedef struct {
  char *dir;    /* holds the profile and the files it names */
  char *path;   /* the profile */
} Fixture;

/* An empty directory with a certificate, a key and a CA file in it. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-sim-profile-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "card.conf", NULL);
  for (const char *const *name = (const char *const[]) { "card.der", "card.key", "ca.der", NULL }; *name; name++) {
    g_autofree char *file = g_build_filename (f->dir, *name, NULL);

    g_file_set_contents (file, "x", -1, &error);
    g_assert_no_error (error);
  }
}

/* Deletes the directory. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
    g_autofree char *file = g_build_filename (f->dir, name, NULL);

    g_remove (file);
  }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Loads a profile made of @text; returns it (NULL with @error on failure). */
static KioskSimCardProfile *
load (Fixture *f, const char *text, GError **error)
{
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();
  g_autoptr (GError) local_error = NULL;

  g_file_set_contents (f->path, text, -1, &local_error);
  g_assert_no_error (local_error);
  if (!kiosk_sim_card_profile_load (profile, f->path, error))
    return NULL;
  return g_steal_pointer (&profile);
}

/* Loading @text fails with @code and a message that contains each of @words. */
static void
assert_load_fails (Fixture *f, const char *text, gint code, const char *const *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, text, &error);

  g_assert_null (profile);
  g_assert_error (error, G_KEY_FILE_ERROR, code);
  g_assert_nonnull (strstr (error->message, f->path));
  for (; *words != NULL; words++)
    if (strstr (error->message, *words) == NULL)
      g_error ("\"%s\" is not in \"%s\"", *words, error->message);
}

static void
test_defaults_are_a_fresh_my_number_card (void)
{
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();
  g_autoptr (GBytes) atr = kiosk_sim_card_profile_get_atr (profile);
  static const guint8 jpki_atr[] = { 0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14 };

  g_assert_cmpint (profile->tries_left, ==, -1);
  g_assert_true (profile->jpki);
  g_assert_true (profile->user_auth_certificate);
  g_assert_cmpint (profile->transport, ==, KIOSK_SIM_TRANSPORT_T1);
  g_assert_cmpuint (profile->tear_after, ==, 0);
  g_assert_null (profile->apdu_log_path);
  g_assert_cmpmem (g_bytes_get_data (atr, NULL), g_bytes_get_size (atr), jpki_atr, sizeof jpki_atr);
}

static void
test_every_key_is_read (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile =
    load (f, "# a T=0 card\n[card]\ncert=card.der\nkey=card.key\nca-cert=ca.der\npin=5678\ntries-left=2\n"
             "user-auth-certificate=true\njpki=true\natr=3B:E0:00:FF:81:31:FE:45:14\ntransport=t0\n"
             "max-response=200\ntear-after=7\napdu-log=apdus.log\n", &error);
  g_autofree char *cert = g_build_filename (f->dir, "card.der", NULL);
  g_autofree char *log = g_build_filename (f->dir, "apdus.log", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (profile->cert_path, ==, cert); /* relative to the profile's directory */
  g_assert_cmpstr (profile->pin, ==, "5678");
  g_assert_cmpint (profile->tries_left, ==, 2);
  g_assert_cmpint (profile->transport, ==, KIOSK_SIM_TRANSPORT_T0);
  g_assert_cmpuint (profile->max_response, ==, 200);
  g_assert_cmpuint (profile->tear_after, ==, 7);
  g_assert_cmpstr (profile->apdu_log_path, ==, log);
  g_assert_cmpuint (g_bytes_get_size (profile->atr), ==, 9);
  g_assert_true (kiosk_sim_card_profile_check (profile, &error));
  g_assert_no_error (error);
}

static void
test_locked_means_no_tries (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, "[card]\nlocked=true\n", &error);

  g_assert_no_error (error);
  g_assert_cmpint (profile->tries_left, ==, 0);
}

static void
test_other_card_has_another_atr (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, "[card]\njpki=false\n", &error);
  g_autoptr (GBytes) atr = NULL;

  g_assert_no_error (error);
  atr = kiosk_sim_card_profile_get_atr (profile);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (atr, NULL))[1], !=, 0xE0);
  g_assert_true (kiosk_sim_card_profile_check (profile, &error)); /* needs no files */
}

static void
test_unknown_key_is_named (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\npin=1234\ntries=2\n", G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                     (const char *const[]) { "tries", "unknown key", NULL });
}

static void
test_unknown_group_is_named (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\npin=1234\n[reader]\nname=x\n", G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                     (const char *const[]) { "[reader]", NULL });
}

static void
test_missing_file_is_named_with_its_key (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "nowhere.der", NULL);

  assert_load_fails (f, "[card]\ncert=nowhere.der\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "cert", missing, "does not exist", NULL });
}

static void
test_bad_values_are_named_with_their_key (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\ntries-left=4\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "tries-left", "\"4\"", "0 to 3", NULL });
  assert_load_fails (f, "[card]\nlocked=yes\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "locked", "\"yes\"", NULL });
  assert_load_fails (f, "[card]\ntransport=t2\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "transport", "t2", NULL });
  assert_load_fails (f, "[card]\natr=3BE0F\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "atr", "3BE0F", NULL });
  assert_load_fails (f, "[card]\nmax-response=0\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "max-response", NULL });
  assert_load_fails (f, "[card]\ntear-after=-1\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "tear-after", NULL });
  assert_load_fails (f, "[card]\npin=\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "pin", NULL });
  assert_load_fails (f, "[card]\napdu-log=no/such/dir/apdus.log\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "apdu-log", "no/such/dir", NULL });
}

static void
test_locked_with_tries_is_a_contradiction (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\nlocked=true\ntries-left=2\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "locked", "tries-left", NULL });
}

static void
test_not_a_key_file_is_an_error (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "this is not a key file\n", G_KEY_FILE_ERROR_PARSE, (const char *const[]) { "profile", NULL });
}

static void
test_missing_profile_is_named (void)
{
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_sim_card_profile_load (profile, "/nonexistent/card.conf", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/card.conf"));
}

static void
test_check_names_what_a_jpki_card_lacks (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, "[card]\ncert=card.der\nkey=card.key\nca-cert=ca.der\n", &error);

  g_assert_no_error (error);
  g_assert_false (kiosk_sim_card_profile_check (profile, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "pin"));
  g_clear_error (&error);
  kiosk_sim_card_profile_override (&profile->pin, "1234"); /* as --pin does */
  g_assert_true (kiosk_sim_card_profile_check (profile, &error));
  g_assert_no_error (error);
}

static void
test_card_without_certificate_needs_no_cert_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile =
    load (f, "[card]\nca-cert=ca.der\npin=1234\nuser-auth-certificate=false\n", &error);

  g_assert_no_error (error);
  g_assert_true (kiosk_sim_card_profile_check (profile, &error));
  g_assert_no_error (error);
}

/* Registers one fixture test. */
static void
add (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, test, fixture_teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/profile/defaults-are-a-fresh-my-number-card", test_defaults_are_a_fresh_my_number_card);
  add ("/sim/profile/every-key-is-read", test_every_key_is_read);
  add ("/sim/profile/locked-means-no-tries", test_locked_means_no_tries);
  add ("/sim/profile/other-card-has-another-atr", test_other_card_has_another_atr);
  add ("/sim/profile/unknown-key-is-named", test_unknown_key_is_named);
  add ("/sim/profile/unknown-group-is-named", test_unknown_group_is_named);
  add ("/sim/profile/missing-file-is-named-with-its-key", test_missing_file_is_named_with_its_key);
  add ("/sim/profile/bad-values-are-named-with-their-key", test_bad_values_are_named_with_their_key);
  add ("/sim/profile/locked-with-tries-is-a-contradiction", test_locked_with_tries_is_a_contradiction);
  add ("/sim/profile/not-a-key-file-is-an-error", test_not_a_key_file_is_an_error);
  g_test_add_func ("/sim/profile/missing-profile-is-named", test_missing_profile_is_named);
  add ("/sim/profile/check-names-what-a-jpki-card-lacks", test_check_names_what_a_jpki_card_lacks);
  add ("/sim/profile/card-without-certificate-needs-no-cert-file", test_card_without_certificate_needs_no_cert_file);
  return g_test_run ();
}
