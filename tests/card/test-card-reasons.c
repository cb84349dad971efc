/* test-card-reasons.c: every reason a card can fail for, through pcscd, each from a card profile. */
#include <string.h>

#include <glib/gstdio.h>

#include "app/kiosk-error.h"
#include "drivers/card/kiosk-card-iso7816.h"
#include "drivers/card/kiosk-card.h"
#include "tests/card/card-world.h"

/* Waiting for a card that is already in returns at once; this only bounds a broken world. */
#define CARD_WAIT_MS 10000
/* SELECT of the JPKI AP, as the APDU log writes it. */
#define SELECT_JPKI_AP "00A4040C0AD392F000260100000001"

static CardWorld *world;

typedef struct {
  KioskCardReader *reader;
  char *log_path; /* the emulator's APDU log */
} Fixture;

/* The reader, no card on it yet. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->reader = kiosk_card_reader_new (NULL, &error);
  g_assert_no_error (error);
  f->log_path = g_build_filename (card_world_dir (world), "apdus.log", NULL);
  g_remove (f->log_path);
}

/* Takes the card off the reader (if it is still there). */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->reader, kiosk_card_reader_free);
  card_world_remove (world, &error);
  g_assert_no_error (error);
  g_free (f->log_path);
}

/* Places card @n, fresh, with a profile made of @lines plus the APDU log, and waits for it;
 * returns the opened card, or NULL with @error set by the driver. */
static KioskCredential *
insert_and_open (Fixture *f, guint n, const char *lines, GError **error)
{
  g_autofree char *path = g_build_filename (card_world_dir (world), "profile.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[card]\napdu-log=%s\n%s", f->log_path, lines);
  g_autoptr (GError) local_error = NULL;

  g_file_set_contents (path, text, -1, &local_error);
  g_assert_no_error (local_error);
  card_world_insert_profile (world, n, TRUE, path, &local_error);
  g_assert_no_error (local_error);
  return kiosk_card_reader_wait_card (f->reader, CARD_WAIT_MS, NULL, error);
}

/* The lines of the APDU log. */
static GStrv
log_lines (Fixture *f)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (f->log_path, &text, NULL, &error)) {
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    return g_new0 (char *, 1);
  }
  g_strchomp (text);
  return *text == '\0' ? g_new0 (char *, 1) : g_strsplit (text, "\n", -1);
}

/* The number of log lines that start with @prefix. */
static guint
log_count (GStrv lines, const char *prefix)
{
  guint count = 0;

  for (gsize i = 0; lines[i] != NULL; i++)
    count += g_str_has_prefix (lines[i], prefix);
  return count;
}

/* The number of log lines whose status word (second field) starts with @sw_prefix. */
static guint
log_count_sw (GStrv lines, const char *sw_prefix)
{
  guint count = 0;

  for (gsize i = 0; lines[i] != NULL; i++) {
    const char *space = strchr (lines[i], ' ');

    count += space != NULL && g_str_has_prefix (space + 1, sw_prefix);
  }
  return count;
}

/* Verifies PIN 1234, has the card sign a challenge and checks the signature with card-1's key. */
static void
assert_card_1_signs (KioskCredential *card)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cert_der = card_world_pki_file (world, "card-1.der");
  g_autoptr (GBytes) challenge = g_bytes_new_static ("challenge from the issuance center", 34);
  g_autoptr (GBytes) signature = NULL;
  char pin[] = "1234";

  g_assert_true (kiosk_credential_verify_pin (card, pin, NULL, &error));
  g_assert_no_error (error);
  signature = kiosk_credential_sign (card, challenge, &error);
  g_assert_no_error (error);
  card_world_assert_signature (signature, challenge, cert_der);
}

/* Reading @card's certificate fails with @code. */
static void
assert_read_certificate_fails (KioskCredential *card, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cert = kiosk_credential_read_certificate (card, &error);

  g_assert_null (cert);
  g_assert_error (error, KIOSK_ERROR, code);
}

static void
test_other_atr_is_not_my_number_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "jpki=false\n", &error);
  g_auto (GStrv) lines = NULL;

  g_assert_null (card);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_MY_NUMBER_CARD);
  lines = log_lines (f);
  g_assert_cmpuint (g_strv_length (lines), ==, 0); /* told by its ATR: not a single command */
}

static void
test_card_without_jpki_ap_is_not_my_number_card (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "jpki=false\natr=3B E0 00 FF 81 31 FE 45 14\n", &error);
  g_auto (GStrv) lines = NULL;

  g_assert_null (card);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_MY_NUMBER_CARD);
  lines = log_lines (f);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_cmpstr (lines[0], ==, SELECT_JPKI_AP " 6A82 0");
}

static void
test_card_without_certificate_is_no_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "user-auth-certificate=false\n", &error);

  g_assert_no_error (error);
  assert_read_certificate_fails (card, KIOSK_ERROR_NO_CERTIFICATE);
}

static void
test_card_locked_from_the_start_is_pin_locked (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "locked=true\n", &error);
  char pin[] = "1234";
  int left = -1;

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_credential_pin_tries_left (card, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (kiosk_credential_verify_pin (card, pin, &left, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED);
  g_assert_cmpint (left, ==, 0);
}

static void
test_t0_card_completes_the_flow (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  /* 200-byte answers: the 256-byte reads get 6C C8, the signature comes in two GET RESPONSEs. */
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "transport=t0\nmax-response=200\n", &error);
  g_autoptr (GBytes) expected = card_world_pki_file (world, "card-1.der");
  g_autoptr (GBytes) cert = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_no_error (error);
  cert = kiosk_credential_read_certificate (card, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (cert, expected));
  g_assert_cmpint (kiosk_credential_pin_tries_left (card, &error), ==, 3);
  g_assert_no_error (error);
  assert_card_1_signs (card);

  lines = log_lines (f);
  /* Only the first read learns the card's 200-byte limit; the others ask for what it gives. */
  g_assert_cmpuint (log_count_sw (lines, "6C"), ==, 1);
  g_assert_cmpuint (log_count (lines, "00B0"), ==, 1 + (g_bytes_get_size (cert) + 199) / 200);
  g_assert_cmpuint (log_count_sw (lines, "61"), >, 0);
  g_assert_cmpuint (log_count (lines, "00C00000"), ==, 2);
}

static void
test_card_torn_mid_read_is_card_removed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  /* SELECT AP, SELECT EF 000A and the first READ BINARY are answered; the second is torn. */
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "tear-after=3\n", &error);
  g_auto (GStrv) lines = NULL;
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  assert_read_certificate_fails (card, KIOSK_ERROR_CARD_REMOVED);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, KIOSK_CARD_APDU_TIMEOUT_MS);
  lines = log_lines (f);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[3], "00B0") && g_str_has_suffix (lines[3], " TEAR"));
}

/* Card @n's certificate is refused with @code before anything is asked of the PIN. */
static void
assert_certificate_refused_before_pin (Fixture *f, guint n, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, n, "", &error);
  g_auto (GStrv) lines = NULL;

  g_assert_no_error (error);
  assert_read_certificate_fails (card, code);
  lines = log_lines (f);
  g_assert_cmpuint (log_count (lines, "00200080"), ==, 0);
}

/* Card 9's certificate ended in 2021 (sim/pki/make-pki). */
static void
test_expired_certificate_is_cert_expired (Fixture *f, gconstpointer data)
{
  assert_certificate_refused_before_pin (f, 9, KIOSK_ERROR_CERT_EXPIRED);
}

/* Card 8's certificate begins in 2099. */
static void
test_future_certificate_is_cert_not_yet_valid (Fixture *f, gconstpointer data)
{
  assert_certificate_refused_before_pin (f, 8, KIOSK_ERROR_CERT_NOT_YET_VALID);
}

static void
test_log_of_full_flow_selects_only_jpki_and_masks_pin (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "", &error);
  g_autoptr (GBytes) cert = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_no_error (error);
  cert = kiosk_credential_read_certificate (card, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_credential_pin_tries_left (card, &error), ==, 3);
  assert_card_1_signs (card);

  lines = log_lines (f);
  /* The certificate comes in whole 256-byte answers, its length from the first one's header. */
  g_assert_cmpuint (log_count (lines, "00B0"), ==, (g_bytes_get_size (cert) + 255) / 256);
  g_assert_cmpuint (log_count (lines, "00A4020C020018 "), ==, 1); /* the PIN's EF stays selected for VERIFY */
  g_assert_cmpuint (log_count (lines, "00A404"), ==, 1); /* one application selected ... */
  g_assert_cmpuint (log_count (lines, SELECT_JPKI_AP " "), ==, 1); /* ... and it is the JPKI AP */
  g_assert_cmpuint (log_count (lines, "0020008004** 9000"), ==, 1);
  for (gsize i = 0; lines[i] != NULL; i++) {
    g_assert_null (strstr (lines[i], "31323334")); /* "1234" never in clear */
    if (g_str_has_prefix (lines[i], "00200080")) /* VERIFY: no data, or the PIN masked */
      g_assert_true (lines[i][8] == ' ' || g_str_has_prefix (lines[i], "0020008004** "));
  }
}

/* VERIFY of @pin on @card fails with @code and leaves every byte of @pin zero. */
static void
assert_verify_fails_and_wipes (KioskCredential *card, const char *pin, int code)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *buffer = g_strdup (pin);
  gsize len = strlen (pin);
  g_autofree char *zeros = g_malloc0 (len + 1);

  g_assert_false (kiosk_credential_verify_pin (card, buffer, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, code);
  g_assert_cmpmem (buffer, len + 1, zeros, len + 1);
}

static void
test_pin_is_wiped_on_every_failure (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = NULL;

  card = insert_and_open (f, 1, "", &error);
  g_assert_no_error (error);
  assert_verify_fails_and_wipes (card, "12a4", KIOSK_ERROR_PIN_WRONG);    /* malformed: never sent */
  assert_verify_fails_and_wipes (card, "123456", KIOSK_ERROR_PIN_WRONG);  /* too long: never sent */
  assert_verify_fails_and_wipes (card, "9999", KIOSK_ERROR_PIN_WRONG);    /* sent, refused */
  g_clear_pointer (&card, kiosk_credential_free);

  card = insert_and_open (f, 1, "locked=true\n", &error);
  g_assert_no_error (error);
  assert_verify_fails_and_wipes (card, "1234", KIOSK_ERROR_PIN_LOCKED);
  g_clear_pointer (&card, kiosk_credential_free);

  /* SELECT AP and SELECT EF 0018 are answered; the card leaves as the VERIFY arrives. */
  card = insert_and_open (f, 1, "tear-after=2\n", &error);
  g_assert_no_error (error);
  assert_verify_fails_and_wipes (card, "1234", KIOSK_ERROR_CARD_REMOVED);
}

/* With the timing model on, the card holds its signature back for the modelled RSA time: a
 * lower bound only, which no machine's speed can break. */
static void
test_timed_card_signs_no_faster_than_its_model (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCredential) card = insert_and_open (f, 1, "bit-rate=212k\nrsa-ms=400\n", &error);
  g_autoptr (GBytes) challenge = g_bytes_new_static ("challenge", 9);
  g_autoptr (GBytes) signature = NULL;
  char pin[] = "1234";
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (kiosk_credential_verify_pin (card, pin, NULL, &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  signature = kiosk_credential_sign (card, challenge, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * G_TIME_SPAN_MILLISECOND);
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

  add ("/card/reason/other-atr-is-not-my-number-card", test_other_atr_is_not_my_number_card);
  add ("/card/reason/card-without-jpki-ap-is-not-my-number-card", test_card_without_jpki_ap_is_not_my_number_card);
  add ("/card/reason/card-without-certificate-is-no-certificate", test_card_without_certificate_is_no_certificate);
  add ("/card/reason/card-locked-from-the-start-is-pin-locked", test_card_locked_from_the_start_is_pin_locked);
  add ("/card/reason/t0-card-completes-the-flow", test_t0_card_completes_the_flow);
  add ("/card/reason/card-torn-mid-read-is-card-removed", test_card_torn_mid_read_is_card_removed);
  add ("/card/reason/expired-certificate-is-cert-expired", test_expired_certificate_is_cert_expired);
  add ("/card/reason/future-certificate-is-cert-not-yet-valid", test_future_certificate_is_cert_not_yet_valid);
  add ("/card/log/full-flow-selects-only-jpki-and-masks-pin", test_log_of_full_flow_selects_only_jpki_and_masks_pin);
  add ("/card/reason/pin-is-wiped-on-every-failure", test_pin_is_wiped_on_every_failure);
  add ("/card/emulator/timed-card-signs-no-faster-than-its-model", test_timed_card_signs_no_faster_than_its_model);

  return card_world_run_tests (&world);
}
