/* test-sim-state.c: the card emulator's state file, which keeps both PIN counters across insertions. */
#include <string.h>

#include <glib/gstdio.h>

#include "sim/card/sim-card-state.h"
#include "sim/card/sim-jpki.h"

typedef struct {
  char *dir;
  char *path; /* the state file, not there until a test writes it */
} Fixture;

/* An empty directory for the state file. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-sim-state-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "card.state", NULL);
}

/* Deletes the state file and its directory. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_remove (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Writes @text as the state file. */
static void
write_state (Fixture *f, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (f->path, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_missing_file_is_a_fresh_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = { 0 };

  g_assert_true (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.user_auth, ==, KIOSK_SIM_JPKI_MAX_TRIES);
  g_assert_cmpuint (counters.signing, ==, KIOSK_SIM_JPKI_SIGN_MAX_TRIES);
}

static void
test_both_counters_survive_a_write (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters written = { .user_auth = 1, .signing = 0 }, read = { 0 };

  g_assert_true (kiosk_sim_card_state_write (f->path, &written, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_sim_card_state_read (f->path, &read, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (read.user_auth, ==, 1);
  g_assert_cmpuint (read.signing, ==, 0);
}

static void
test_old_one_number_file_is_the_user_auth_counter (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = { 0 };

  write_state (f, "2\n");
  g_assert_true (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.user_auth, ==, 2);
  g_assert_cmpuint (counters.signing, ==, KIOSK_SIM_JPKI_SIGN_MAX_TRIES);
}

static void
test_start_rewrites_an_old_file_in_the_new_format (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  KioskSimCardCounters counters = { 0 };

  write_state (f, "0\n");
  g_assert_true (kiosk_sim_card_state_start (f->path, profile, &counters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.user_auth, ==, 0);
  g_assert_true (g_key_file_load_from_file (file, f->path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (file, "tries-left", "user-auth", NULL), ==, 0);
  g_assert_cmpint (g_key_file_get_integer (file, "tries-left", "signing", NULL), ==, 5);
}

static void
test_missing_key_is_a_fresh_counter (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = { 0 };

  write_state (f, "[tries-left]\nsigning=3\n");
  g_assert_true (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.user_auth, ==, KIOSK_SIM_JPKI_MAX_TRIES);
  g_assert_cmpuint (counters.signing, ==, 3);
}

static void
test_profile_counters_override_the_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();
  KioskSimCardCounters counters = { 0 };

  write_state (f, "[tries-left]\nuser-auth=1\nsigning=2\n");
  profile->sign_tries_left = 0; /* sign-locked=true */
  g_assert_true (kiosk_sim_card_state_start (f->path, profile, &counters, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.user_auth, ==, 1); /* the profile leaves this one to the file */
  g_assert_cmpuint (counters.signing, ==, 0);
  g_assert_true (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_cmpuint (counters.signing, ==, 0); /* and the file now says so */
}

static void
test_counter_out_of_range_is_named (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = { 0 };

  write_state (f, "[tries-left]\nuser-auth=3\nsigning=6\n");
  g_assert_false (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "signing"));
  g_assert_nonnull (strstr (error->message, "0 to 5"));
}

static void
test_garbage_is_an_error (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = { 0 };

  write_state (f, "7\n"); /* neither the old format (0..3) nor a key file */
  g_assert_false (kiosk_sim_card_state_read (f->path, &counters, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_assert_nonnull (strstr (error->message, f->path));
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

  add ("/sim/state/missing-file-is-a-fresh-card", test_missing_file_is_a_fresh_card);
  add ("/sim/state/both-counters-survive-a-write", test_both_counters_survive_a_write);
  add ("/sim/state/old-one-number-file-is-the-user-auth-counter", test_old_one_number_file_is_the_user_auth_counter);
  add ("/sim/state/start-rewrites-an-old-file-in-the-new-format", test_start_rewrites_an_old_file_in_the_new_format);
  add ("/sim/state/missing-key-is-a-fresh-counter", test_missing_key_is_a_fresh_counter);
  add ("/sim/state/profile-counters-override-the-file", test_profile_counters_override_the_file);
  add ("/sim/state/counter-out-of-range-is-named", test_counter_out_of_range_is_named);
  add ("/sim/state/garbage-is-an-error", test_garbage_is_an_error);
  return g_test_run ();
}
