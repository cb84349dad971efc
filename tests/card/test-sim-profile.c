/* test-sim-profile.c: the card emulator's profile file: keys, defaults and clear errors. */
#include <string.h>

#include <glib/gstdio.h>

#include "sim/card/sim-card-profile.h"

typedef struct {
  char *dir;    /* holds the profile and the files it names */
  char *path;   /* the profile */
} Fixture;

/* An empty directory with a certificate, a key and a CA file for each half in it. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-sim-profile-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "card.conf", NULL);
  for (const char *const *name = (const char *const[]) { "card.der", "card.key", "ca.der", "sign.der", "sign.key", "sign-ca.der", NULL }; *name; name++) {
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
  g_assert_cmpint (profile->sign_tries_left, ==, -1);
  g_assert_false (kiosk_sim_card_profile_has_signing (profile));
  g_assert_false (profile->timed); /* a card answers at once unless a profile asks for timing */
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
test_signing_keys_are_read (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile =
    load (f, "[card]\ncert=card.der\nkey=card.key\nca-cert=ca.der\npin=1234\nsign-cert=sign.der\n"
             "sign-key=sign.key\nsign-ca-cert=sign-ca.der\nsign-pin=ABCD1234\nsign-tries-left=4\n", &error);
  g_autofree char *cert = g_build_filename (f->dir, "sign.der", NULL);
  g_autofree char *key = g_build_filename (f->dir, "sign.key", NULL);
  g_autofree char *ca = g_build_filename (f->dir, "sign-ca.der", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (profile->sign_cert_path, ==, cert);
  g_assert_cmpstr (profile->sign_key_path, ==, key);
  g_assert_cmpstr (profile->sign_ca_cert_path, ==, ca);
  g_assert_cmpstr (profile->sign_pin, ==, "ABCD1234");
  g_assert_cmpint (profile->sign_tries_left, ==, 4);
  g_assert_cmpint (profile->tries_left, ==, -1); /* the user-auth counter is left alone */
  g_assert_true (kiosk_sim_card_profile_has_signing (profile));
  g_assert_true (kiosk_sim_card_profile_check (profile, &error));
  g_assert_no_error (error);
}

static void
test_sign_locked_means_no_signing_tries (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, "[card]\nsign-locked=true\n", &error);

  g_assert_no_error (error);
  g_assert_cmpint (profile->sign_tries_left, ==, 0);
  g_assert_cmpint (profile->tries_left, ==, -1);
}

static void
test_signing_pin_of_wrong_form_is_named (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = { "ABC12", "ABCDEFGHIJ1234567", "abcd1234", "ABCD-1234", NULL };

  for (const char *const *pin = bad; *pin != NULL; pin++) {
    g_autofree char *text = g_strdup_printf ("[card]\nsign-pin=%s\n", *pin);

    assert_load_fails (f, text, G_KEY_FILE_ERROR_INVALID_VALUE,
                       (const char *const[]) { "sign-pin", "6 to 16", NULL });
  }
}

static void
test_check_names_what_a_signing_half_lacks (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile =
    load (f, "[card]\ncert=card.der\nkey=card.key\nca-cert=ca.der\npin=1234\nsign-cert=sign.der\n"
             "sign-ca-cert=sign-ca.der\nsign-pin=ABCD1234\n", &error);

  g_assert_no_error (error);
  g_assert_false (kiosk_sim_card_profile_check (profile, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "sign-key"));
  g_clear_error (&error);
  kiosk_sim_card_profile_override (&profile->sign_key_path, "sign.key"); /* as --sign-key does */
  g_assert_true (kiosk_sim_card_profile_check (profile, &error));
  g_assert_no_error (error);
}

static void
test_check_refuses_signing_pin_of_wrong_form_from_flag (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile =
    load (f, "[card]\ncert=card.der\nkey=card.key\nca-cert=ca.der\npin=1234\nsign-cert=sign.der\n"
             "sign-key=sign.key\nsign-ca-cert=sign-ca.der\n", &error);

  g_assert_no_error (error);
  kiosk_sim_card_profile_override (&profile->sign_pin, "1234"); /* as --sign-pin does */
  g_assert_false (kiosk_sim_card_profile_check (profile, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "sign-pin"));
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
  assert_load_fails (f, "[card]\nsign-tries-left=6\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "sign-tries-left", "\"6\"", "0 to 5", NULL });
  assert_load_fails (f, "[card]\nsign-locked=1\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "sign-locked", "\"1\"", NULL });
  assert_load_fails (f, "[card]\nsign-cert=nowhere.der\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "sign-cert", "nowhere.der", NULL });
}

static void
test_timing_keys_turn_the_model_on (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = load (f, "[card]\nbit-rate=424k\nrsa-ms=350\n", &error);

  g_assert_no_error (error);
  g_assert_true (profile->timed);
  g_assert_cmpuint (profile->timing.bit_rate, ==, KIOSK_SIM_TIMING_424K);
  g_assert_cmpuint (profile->timing.rsa_ms, ==, 350);
  g_assert_cmpuint (profile->timing.command_us, ==, KIOSK_SIM_TIMING_DEFAULT_COMMAND_US);
  g_assert_cmpuint (profile->timing.frame_size, ==, KIOSK_SIM_TIMING_DEFAULT_FRAME_SIZE);
}

static void
test_bad_timing_value_is_named_with_its_key (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\nbit-rate=300k\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "bit-rate", "300k", NULL });
}

static void
test_locked_with_tries_is_a_contradiction (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\nlocked=true\ntries-left=2\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "locked", "tries-left", NULL });
}

static void
test_sign_locked_with_tries_is_a_contradiction (Fixture *f, gconstpointer data)
{
  assert_load_fails (f, "[card]\nsign-locked=true\nsign-tries-left=5\n", G_KEY_FILE_ERROR_INVALID_VALUE,
                     (const char *const[]) { "sign-locked", "sign-tries-left", NULL });
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
  add ("/sim/profile/signing-keys-are-read", test_signing_keys_are_read);
  add ("/sim/profile/sign-locked-means-no-signing-tries", test_sign_locked_means_no_signing_tries);
  add ("/sim/profile/signing-pin-of-wrong-form-is-named", test_signing_pin_of_wrong_form_is_named);
  add ("/sim/profile/sign-locked-with-tries-is-a-contradiction", test_sign_locked_with_tries_is_a_contradiction);
  add ("/sim/profile/check-names-what-a-signing-half-lacks", test_check_names_what_a_signing_half_lacks);
  add ("/sim/profile/check-refuses-signing-pin-of-wrong-form-from-flag",
       test_check_refuses_signing_pin_of_wrong_form_from_flag);
  add ("/sim/profile/other-card-has-another-atr", test_other_card_has_another_atr);
  add ("/sim/profile/unknown-key-is-named", test_unknown_key_is_named);
  add ("/sim/profile/unknown-group-is-named", test_unknown_group_is_named);
  add ("/sim/profile/missing-file-is-named-with-its-key", test_missing_file_is_named_with_its_key);
  add ("/sim/profile/bad-values-are-named-with-their-key", test_bad_values_are_named_with_their_key);
  add ("/sim/profile/locked-with-tries-is-a-contradiction", test_locked_with_tries_is_a_contradiction);
  add ("/sim/profile/timing-keys-turn-the-model-on", test_timing_keys_turn_the_model_on);
  add ("/sim/profile/bad-timing-value-is-named-with-its-key", test_bad_timing_value_is_named_with_its_key);
  add ("/sim/profile/not-a-key-file-is-an-error", test_not_a_key_file_is_an_error);
  g_test_add_func ("/sim/profile/missing-profile-is-named", test_missing_profile_is_named);
  add ("/sim/profile/check-names-what-a-jpki-card-lacks", test_check_names_what_a_jpki_card_lacks);
  add ("/sim/profile/card-without-certificate-needs-no-cert-file", test_card_without_certificate_needs_no_cert_file);
  return g_test_run ();
}
