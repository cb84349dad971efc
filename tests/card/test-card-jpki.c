/* test-card-jpki.c: the card driver through a real pcscd, vpcd and the card emulator. */
#include <signal.h>
#include <string.h>

#include "app/kiosk-error.h"
#include "drivers/card/kiosk-card.h"
#include "tests/card/card-world.h"

/* Waiting for a card that is already in returns at once; this only bounds a broken world. */
#define CARD_WAIT_MS 10000

static CardWorld *world;

typedef struct {
  KioskCardReader *reader;
  KioskCredential *card;
} Fixture;

/* Card 1 (PIN 1234, full PIN counter) on the reader, opened. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  card_world_insert (world, 1, TRUE, &error);
  g_assert_no_error (error);
  f->reader = kiosk_card_reader_new (NULL, &error);
  g_assert_no_error (error);
  f->card = kiosk_card_reader_wait_card (f->reader, CARD_WAIT_MS, NULL, &error);
  g_assert_no_error (error);
}

/* Closes the card and takes it off the reader. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->card, kiosk_credential_free);
  g_clear_pointer (&f->reader, kiosk_card_reader_free);
  card_world_remove (world, &error);
  g_assert_no_error (error);
}

/* Verifies a wrong PIN, expecting @code and @tries tries left. */
static void
assert_wrong_pin (Fixture *f, int code, int tries)
{
  g_autoptr (GError) error = NULL;
  char pin[] = "9999";
  int left = -1;

  g_assert_false (kiosk_credential_verify_pin (f->card, pin, &left, &error));
  g_assert_error (error, KIOSK_ERROR, code);
  g_assert_cmpint (left, ==, tries);
}

static void
test_reader_is_the_virtual_reader (Fixture *f, gconstpointer data)
{
  g_assert_cmpstr (kiosk_card_reader_get_name (f->reader), ==, "Kiosk Virtual Reader 00 00");
}

static void
test_certificate_equals_card_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) expected = card_world_pki_file (world, "card-1.der");
  g_autoptr (GBytes) cert = kiosk_credential_read_certificate (f->card, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cert, expected));
}

static void
test_fresh_card_has_three_tries (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kiosk_credential_pin_tries_left (f->card, &error), ==, 3);
  g_assert_no_error (error);
}

static void
test_wrong_pin_leaves_two_tries (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  assert_wrong_pin (f, KIOSK_ERROR_PIN_WRONG, 2);
  g_assert_cmpint (kiosk_credential_pin_tries_left (f->card, &error), ==, 2);
  g_assert_no_error (error);
}

static void
test_right_pin_restores_three_tries (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  char pin[] = "1234";
  int left = -1;

  assert_wrong_pin (f, KIOSK_ERROR_PIN_WRONG, 2);
  g_assert_true (kiosk_credential_verify_pin (f->card, pin, &left, &error));
  g_assert_no_error (error);
  g_assert_cmpint (left, ==, 3);
  g_assert_cmpint (kiosk_credential_pin_tries_left (f->card, &error), ==, 3);
  g_assert_no_error (error);
}

static void
test_verify_wipes_the_pin (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  char right[] = "1234", wrong[] = "9999";
  static const char zeros[5] = { 0 };

  g_assert_true (kiosk_credential_verify_pin (f->card, right, NULL, &error));
  g_assert_cmpmem (right, sizeof right, zeros, sizeof zeros);
  g_assert_false (kiosk_credential_verify_pin (f->card, wrong, NULL, &error));
  g_assert_cmpmem (wrong, sizeof wrong, zeros, sizeof zeros);
}

static void
test_malformed_pin_costs_no_try (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  char pin[] = "12a";
  int left = -1;

  g_assert_false (kiosk_credential_verify_pin (f->card, pin, &left, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG);
  g_assert_cmpint (left, ==, 3);
}

static void
test_signature_verifies_with_certificate_key (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cert_der = card_world_pki_file (world, "card-1.der");
  g_autoptr (GBytes) challenge = g_bytes_new_static ("challenge from the issuance center", 34);
  g_autoptr (GBytes) signature = NULL;
  char pin[] = "1234";

  g_assert_true (kiosk_credential_verify_pin (f->card, pin, NULL, &error));
  g_assert_no_error (error);
  signature = kiosk_credential_sign (f->card, challenge, &error);
  g_assert_no_error (error);
  card_world_assert_signature (signature, challenge, cert_der);
}

static void
test_sign_without_pin_is_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = g_bytes_new_static ("challenge", 9);
  g_autoptr (GBytes) signature = kiosk_credential_sign (f->card, challenge, &error);

  g_assert_null (signature);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED);
}

static void
test_three_wrong_pins_lock_the_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  char pin[] = "1234";
  int left = -1;

  assert_wrong_pin (f, KIOSK_ERROR_PIN_WRONG, 2);
  assert_wrong_pin (f, KIOSK_ERROR_PIN_WRONG, 1);
  assert_wrong_pin (f, KIOSK_ERROR_PIN_LOCKED, 0);
  g_assert_false (kiosk_credential_verify_pin (f->card, pin, &left, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED);
  g_assert_cmpint (left, ==, 0);
}

static void
test_lock_survives_reinsertion (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 3; i++)
    assert_wrong_pin (f, i < 2 ? KIOSK_ERROR_PIN_WRONG : KIOSK_ERROR_PIN_LOCKED, 2 - i);
  g_clear_pointer (&f->card, kiosk_credential_free);
  card_world_insert (world, 1, FALSE, &error); /* the same card again, its counter kept */
  g_assert_no_error (error);
  f->card = kiosk_card_reader_wait_card (f->reader, CARD_WAIT_MS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_credential_pin_tries_left (f->card, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_reinserted_card_forgets_verification (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = g_bytes_new_static ("challenge", 9);
  g_autoptr (GBytes) signature = NULL;
  char pin[] = "1234";

  g_assert_true (kiosk_credential_verify_pin (f->card, pin, NULL, &error));
  g_clear_pointer (&f->card, kiosk_credential_free); /* resets the card */
  f->card = kiosk_card_reader_wait_card (f->reader, CARD_WAIT_MS, NULL, &error);
  g_assert_no_error (error);
  signature = kiosk_credential_sign (f->card, challenge, &error);
  g_assert_null (signature);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED);
}

static void
test_no_card_times_out (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = NULL;
  gint64 start;
  gint64 elapsed_ms;

  g_clear_pointer (&f->card, kiosk_credential_free);
  card_world_remove (world, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  card = kiosk_card_reader_wait_card (f->reader, 1000, NULL, &error);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_null (card);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_TIMEOUT);
  g_assert_cmpint (elapsed_ms, >=, 900);
  g_assert_cmpint (elapsed_ms, <, 10000); /* returned, not hung: slack for a loaded CI machine */
}

/* Cancels @data (a GCancellable) from the timer's thread. */
static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Runs a main context on its own thread until @data's cancellable fires. */
static gpointer
cancel_thread (gpointer data)
{
  GCancellable *cancellable = data;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) timer = g_timeout_source_new (300);

  g_source_set_callback (timer, cancel_now, cancellable, NULL);
  g_source_attach (timer, context);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static void
test_wait_card_stops_when_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (KioskCredential) card = NULL;
  g_autoptr (GThread) thread = NULL;
  gint64 start;

  g_clear_pointer (&f->card, kiosk_credential_free);
  card_world_remove (world, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("cancel", cancel_thread, cancellable);
  start = g_get_monotonic_time ();
  card = kiosk_card_reader_wait_card (f->reader, 60000, cancellable, &error);
  g_assert_null (card);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CANCELLED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 5000);
  g_thread_join (g_steal_pointer (&thread));
}

static void
test_wait_removal_returns_when_card_is_taken (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->card, kiosk_credential_free);
  card_world_remove_begin (world, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_card_reader_wait_removal (f->reader, CARD_WAIT_MS, NULL, &error));
  g_assert_no_error (error);
  card_world_remove_finish (world, CARD_WAIT_MS, &error);
  g_assert_no_error (error);
}

static void
test_wait_removal_times_out_while_card_stays (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (kiosk_card_reader_wait_removal (f->reader, 500, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TIMEOUT);
}

static void
test_removed_card_is_card_removed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cert = NULL;

  card_world_remove (world, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_card_reader_wait_removal (f->reader, CARD_WAIT_MS, NULL, &error));
  cert = kiosk_credential_read_certificate (f->card, &error);
  g_assert_null (cert);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_REMOVED);
}

static void
test_silent_card_is_card_mute (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cert = NULL;
  GPid card = card_world_card_pid (world);

  g_assert_cmpint (card, >, 0);
  g_assert_cmpint (kill (card, SIGSTOP), ==, 0);
  cert = kiosk_credential_read_certificate (f->card, &error);
  g_assert_cmpint (kill (card, SIGCONT), ==, 0);
  g_assert_null (cert);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_MUTE);
}

/* In a fresh process whose libpcsclite points at no pcscd at all. */
static void
test_missing_pcscd_is_reader_missing (void)
{
  if (g_test_subprocess ()) {
    g_autoptr (GError) error = NULL;
    g_autoptr (KioskCardReader) reader = NULL;

    g_setenv ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm", TRUE);
    reader = kiosk_card_reader_new (NULL, &error);
    g_assert_null (reader);
    g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_READER_MISSING);
    return;
  }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
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

  add ("/card/reader/is-the-virtual-reader", test_reader_is_the_virtual_reader);
  add ("/card/jpki/certificate-equals-card-file", test_certificate_equals_card_file);
  add ("/card/jpki/fresh-card-has-three-tries", test_fresh_card_has_three_tries);
  add ("/card/jpki/wrong-pin-leaves-two-tries", test_wrong_pin_leaves_two_tries);
  add ("/card/jpki/right-pin-restores-three-tries", test_right_pin_restores_three_tries);
  add ("/card/jpki/verify-wipes-the-pin", test_verify_wipes_the_pin);
  add ("/card/jpki/malformed-pin-costs-no-try", test_malformed_pin_costs_no_try);
  add ("/card/jpki/signature-verifies-with-certificate-key", test_signature_verifies_with_certificate_key);
  add ("/card/jpki/sign-without-pin-is-refused", test_sign_without_pin_is_refused);
  add ("/card/jpki/three-wrong-pins-lock-the-card", test_three_wrong_pins_lock_the_card);
  add ("/card/jpki/lock-survives-reinsertion", test_lock_survives_reinsertion);
  add ("/card/jpki/reconnected-card-forgets-verification", test_reinserted_card_forgets_verification);
  add ("/card/jpki/removed-card-is-card-removed", test_removed_card_is_card_removed);
  add ("/card/jpki/silent-card-is-card-mute", test_silent_card_is_card_mute);
  add ("/card/reader/no-card-times-out", test_no_card_times_out);
  add ("/card/reader/wait-card-stops-when-cancelled", test_wait_card_stops_when_cancelled);
  add ("/card/reader/wait-removal-returns-when-card-is-taken", test_wait_removal_returns_when_card_is_taken);
  add ("/card/reader/wait-removal-times-out-while-card-stays", test_wait_removal_times_out_while_card_stays);
  g_test_add_func ("/card/reader/missing-pcscd-is-reader-missing", test_missing_pcscd_is_reader_missing);
  return card_world_run_tests (&world);
}
