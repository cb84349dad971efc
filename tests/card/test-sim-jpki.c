/* test-sim-jpki.c: the emulated card's APDU logic, command by command (no pcscd). */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "sim/card/sim-jpki.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)

#define CERT_LEN 700
#define CA_LEN 300

/* One RSA key per half for every test: generating them is the slow part. */
static EVP_PKEY *test_key;
static EVP_PKEY *test_sign_key;

typedef struct {
  KioskSimJpki *card;
  guint8 cert[CERT_LEN];
  guint8 sign_cert[CERT_LEN];
} Fixture;

/* A fresh card holding a patterned certificate, PIN 1234, all tries left. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) cert = NULL, ca = NULL;
  guint8 ca_bytes[CA_LEN];

  for (gsize i = 0; i < CERT_LEN; i++)
    f->cert[i] = (guint8) (i * 7 + 3);
  memset (ca_bytes, 0xCA, sizeof ca_bytes);
  cert = g_bytes_new (f->cert, sizeof f->cert);
  ca = g_bytes_new (ca_bytes, sizeof ca_bytes);
  f->card = kiosk_sim_jpki_new (cert, ca, test_key, "1234", KIOSK_SIM_JPKI_MAX_TRIES);
}

/* The same card with a signing half too: its own certificate, CA, key and PIN ABCD1234. */
static void
fixture_setup_signing (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) cert = NULL, ca = NULL;
  guint8 ca_bytes[CA_LEN];

  fixture_setup (f, data);
  for (gsize i = 0; i < CERT_LEN; i++)
    f->sign_cert[i] = (guint8) (i * 11 + 5);
  memset (ca_bytes, 0x5C, sizeof ca_bytes);
  cert = g_bytes_new (f->sign_cert, sizeof f->sign_cert);
  ca = g_bytes_new (ca_bytes, sizeof ca_bytes);
  kiosk_sim_jpki_set_signing (f->card, cert, ca, test_sign_key, "ABCD1234", KIOSK_SIM_JPKI_SIGN_MAX_TRIES);
}

/* Frees the card. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kiosk_sim_jpki_free (f->card);
}

/* Sends the APDU given in hex (spaces allowed) and returns the whole answer. */
static GBytes *
send_hex (Fixture *f, const char *hex)
{
  g_autoptr (GByteArray) apdu = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';) {
    guint8 byte;
    if (*p == ' ') {
      p++;
      continue;
    }
    g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
    byte = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
    g_byte_array_append (apdu, &byte, 1);
    p += 2;
  }
  return kiosk_sim_jpki_process (f->card, apdu->data, apdu->len);
}

/* The status word of @answer. */
static guint
sw_of (GBytes *answer)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (answer, &len);

  g_assert_cmpuint (len, >=, 2);
  return (guint) (bytes[len - 2] << 8 | bytes[len - 1]);
}

/* Sends @hex and returns only the status word. */
static guint
send_sw (Fixture *f, const char *hex)
{
  g_autoptr (GBytes) answer = send_hex (f, hex);

  return sw_of (answer);
}

#define SELECT_AP "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"
#define SELECT_CERT "00 A4 02 0C 02 00 0A"
#define SELECT_CA "00 A4 02 0C 02 00 0B"
#define SELECT_KEY "00 A4 02 0C 02 00 17"
#define SELECT_PIN "00 A4 02 0C 02 00 18"
#define VERIFY_RIGHT "00 20 00 80 04 31 32 33 34"
#define VERIFY_WRONG "00 20 00 80 04 39 39 39 39"
#define VERIFY_QUERY "00 20 00 80"
#define SELECT_SIGN_CERT "00 A4 02 0C 02 00 01"
#define SELECT_SIGN_CA "00 A4 02 0C 02 00 02"
#define SELECT_SIGN_KEY "00 A4 02 0C 02 00 1A"
#define SELECT_SIGN_PIN "00 A4 02 0C 02 00 1B"
#define VERIFY_SIGN_RIGHT "00 20 00 80 08 41 42 43 44 31 32 33 34" /* ABCD1234 */
#define VERIFY_SIGN_WRONG "00 20 00 80 08 41 42 43 44 39 39 39 39" /* ABCD9999 */
#define SIGN_DIGEST_INFO \
  "80 2A 00 80 33 30 31 30 0D 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20" \
  " 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 00"

static void
test_select_jpki_ap_succeeds (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (send_sw (f, SELECT_AP), ==, 0x9000);
}

static void
test_select_other_aid_is_not_found (Fixture *f, gconstpointer data)
{
  /* The 券面事項入力補助AP, which a terminal must never read, is not even offered. */
  g_assert_cmphex (send_sw (f, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08"), ==, 0x6A82);
}

static void
test_select_ef_before_ap_is_not_found (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (send_sw (f, SELECT_CERT), ==, 0x6A82);
}

static void
test_select_unknown_ef_is_not_found (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  g_assert_cmphex (send_sw (f, "00 A4 02 0C 02 00 01"), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, "00 A4 02 0C 02 12 34"), ==, 0x6A82);
}

static void
test_card_without_ap_does_not_select_it (Fixture *f, gconstpointer data)
{
  kiosk_sim_jpki_set_application_present (f->card, FALSE);
  g_assert_cmphex (send_sw (f, SELECT_AP), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_CERT), ==, 0x6A82);
}

static void
test_absent_efs_are_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) ca = g_bytes_new_static ("\x30\x00", 2);

  kiosk_sim_jpki_free (f->card);
  f->card = kiosk_sim_jpki_new (NULL, ca, NULL, "1234", KIOSK_SIM_JPKI_MAX_TRIES);
  g_assert_cmphex (send_sw (f, SELECT_AP), ==, 0x9000);
  g_assert_cmphex (send_sw (f, SELECT_CERT), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_KEY), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_CA), ==, 0x9000);
  g_assert_cmphex (send_sw (f, SELECT_PIN), ==, 0x9000);
}

static void
test_read_binary_returns_certificate_chunks (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) first = NULL, second = NULL;
  gsize len;
  const guint8 *bytes;

  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_CERT);
  first = send_hex (f, "00 B0 00 00 04");
  bytes = g_bytes_get_data (first, &len);
  g_assert_cmpuint (len, ==, 4 + 2);
  g_assert_cmpmem (bytes, 4, f->cert, 4);
  g_assert_cmphex (sw_of (first), ==, 0x9000);

  second = send_hex (f, "00 B0 01 F4 00"); /* offset 500, Le 00 = up to 256: the last 200 bytes */
  bytes = g_bytes_get_data (second, &len);
  g_assert_cmpuint (len, ==, CERT_LEN - 500 + 2);
  g_assert_cmpmem (bytes, len - 2, f->cert + 500, CERT_LEN - 500);
}

static void
test_read_binary_le_zero_means_256 (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) answer = NULL;

  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_CERT);
  answer = send_hex (f, "00 B0 00 00 00");
  g_assert_cmpuint (g_bytes_get_size (answer), ==, 256 + 2);
}

static void
test_read_binary_past_end_is_wrong_offset (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_CA);
  g_assert_cmphex (send_sw (f, "00 B0 01 2C 10"), ==, 0x6B00); /* offset 300 = the CA's size */
}

static void
test_read_binary_of_key_is_refused (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_KEY);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 00"), ==, 0x6981);
}

static void
test_verify_without_data_reports_tries (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, "00 20 00 80"), ==, 0x63C3);
}

static void
test_verify_wrong_pin_decrements_tries (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_WRONG), ==, 0x63C2);
  g_assert_cmpuint (kiosk_sim_jpki_get_tries_left (f->card), ==, 2);
  g_assert_cmphex (send_sw (f, "00 20 00 80"), ==, 0x63C2);
}

static void
test_verify_right_pin_restores_tries (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  send_sw (f, VERIFY_WRONG);
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x9000);
  g_assert_cmpuint (kiosk_sim_jpki_get_tries_left (f->card), ==, 3);
}

static void
test_verify_three_wrong_pins_lock (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_WRONG), ==, 0x63C2);
  g_assert_cmphex (send_sw (f, VERIFY_WRONG), ==, 0x63C1);
  g_assert_cmphex (send_sw (f, VERIFY_WRONG), ==, 0x63C0);
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x6983);
  g_assert_cmpuint (kiosk_sim_jpki_get_tries_left (f->card), ==, 0);
}

static void
test_verify_query_of_locked_pin_answers_63c0 (Fixture *f, gconstpointer data)
{
  /* OpenSC's JPKI driver takes anything but SW1 63 for the query as a failure. */
  kiosk_sim_jpki_free (f->card);
  f->card = kiosk_sim_jpki_new (NULL, NULL, NULL, "1234", 0);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C0);
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x6983);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C0);
}

static void
test_verify_pin_of_other_length_is_wrong (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, "00 20 00 80 05 31 32 33 34 35"), ==, 0x63C2);
}

static void
test_verify_needs_pin_ef (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x6986);
}

/* Selects the AP, verifies a PIN (@select_pin, @verify) and selects a key (@select_key). */
static void
prepare_to_sign_with (Fixture *f, const char *select_pin, const char *verify, const char *select_key)
{
  g_assert_cmphex (send_sw (f, SELECT_AP), ==, 0x9000);
  g_assert_cmphex (send_sw (f, select_pin), ==, 0x9000);
  g_assert_cmphex (send_sw (f, verify), ==, 0x9000);
  g_assert_cmphex (send_sw (f, select_key), ==, 0x9000);
}

/* Verifies the user-auth PIN and selects its key, ready to sign. */
static void
prepare_to_sign (Fixture *f)
{
  prepare_to_sign_with (f, SELECT_PIN, VERIFY_RIGHT, SELECT_KEY);
}

/* Sends SIGN_DIGEST_INFO and asserts that the answer is its PKCS#1 v1.5 signature by @key. */
static void
assert_signs_with (Fixture *f, EVP_PKEY *key)
{
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey (NULL, key, NULL);
  static const guint8 digest_info_prefix[] = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                               0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
  guint8 digest_info[sizeof digest_info_prefix + 32];
  const guint8 *signature;
  gsize len;

  memcpy (digest_info, digest_info_prefix, sizeof digest_info_prefix);
  for (int i = 0; i < 32; i++)
    digest_info[sizeof digest_info_prefix + i] = (guint8) i;
  answer = send_hex (f, SIGN_DIGEST_INFO);
  signature = g_bytes_get_data (answer, &len);
  g_assert_cmphex (sw_of (answer), ==, 0x9000);
  g_assert_cmpuint (len, ==, 256 + 2);

  g_assert_cmpint (EVP_PKEY_verify_init (ctx), ==, 1);
  g_assert_cmpint (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING), ==, 1);
  g_assert_cmpint (EVP_PKEY_verify (ctx, signature, 256, digest_info, sizeof digest_info), ==, 1);
}

static void
test_sign_after_verify_gives_valid_signature (Fixture *f, gconstpointer data)
{
  prepare_to_sign (f);
  assert_signs_with (f, test_key);
}

static void
test_sign_without_verify_is_refused (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_sign_with_other_ef_selected_is_refused (Fixture *f, gconstpointer data)
{
  prepare_to_sign (f);
  send_sw (f, SELECT_CERT);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_reset_forgets_verification (Fixture *f, gconstpointer data)
{
  prepare_to_sign (f);
  kiosk_sim_jpki_reset (f->card);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_selecting_another_application_forgets_verification (Fixture *f, gconstpointer data)
{
  prepare_to_sign (f);
  g_assert_cmphex (send_sw (f, "00 A4 04 0C 05 A0 00 00 00 01"), ==, 0x6A82);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_unknown_class_is_refused (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (send_sw (f, "A0 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"), ==, 0x6E00);
  g_assert_cmphex (send_sw (f, "00 2A 00 80 01 00"), ==, 0x6E00);
}

static void
test_unknown_instruction_is_refused (Fixture *f, gconstpointer data)
{
  g_assert_cmphex (send_sw (f, "00 CA 00 00 00"), ==, 0x6D00);
}

static void
test_malformed_lengths_are_wrong_length (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) empty = kiosk_sim_jpki_process (f->card, (const guint8 *) "", 0);

  g_assert_cmphex (sw_of (empty), ==, 0x6700);
  g_assert_cmphex (send_sw (f, "00 A4"), ==, 0x6700);
  g_assert_cmphex (send_sw (f, "00 A4 04 0C 0A D3 92"), ==, 0x6700);          /* Lc says 10, 2 follow */
  g_assert_cmphex (send_sw (f, "00 A4 04 0C 00 00 0A D3"), ==, 0x6700);       /* extended length */
  g_assert_cmphex (send_sw (f, "00 B0 00 00"), ==, 0x6700);                   /* READ BINARY without Le */
}

static void
test_random_commands_always_get_a_status_word (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7816);
  static const guint8 classes[] = { 0x00, 0x80, 0xFF };
  static const guint8 instructions[] = { 0xA4, 0xB0, 0x20, 0x2A, 0x00 };

  for (int i = 0; i < 20000; i++) {
    guint8 apdu[300];
    gsize len = (gsize) g_rand_int_range (rand, 0, sizeof apdu);
    g_autoptr (GBytes) answer = NULL;

    for (gsize j = 0; j < len; j++)
      apdu[j] = (guint8) g_rand_int_range (rand, 0, 256);
    if (len >= 2) {
      apdu[0] = classes[g_rand_int_range (rand, 0, G_N_ELEMENTS (classes))];
      apdu[1] = instructions[g_rand_int_range (rand, 0, G_N_ELEMENTS (instructions))];
    }
    if (len >= 5 && g_rand_boolean (rand))
      apdu[4] = (guint8) MIN (len - 5, 255);
    answer = kiosk_sim_jpki_process (f->card, apdu, len);
    g_assert_cmpuint (g_bytes_get_size (answer), >=, 2);
    if (i % 50 == 0) /* keep some commands landing inside the AP */
      g_bytes_unref (send_hex (f, SELECT_AP));
  }
}

static void
test_signing_efs_are_absent_without_signing_half (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_CERT), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_CA), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_KEY), ==, 0x6A82);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_PIN), ==, 0x6A82);
}

static void
test_signing_efs_are_present (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_CERT), ==, 0x9000);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_CA), ==, 0x9000);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_KEY), ==, 0x9000);
  g_assert_cmphex (send_sw (f, SELECT_SIGN_PIN), ==, 0x9000);
}

static void
test_signing_ca_certificate_is_free_to_read (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) answer = NULL;
  const guint8 *bytes;
  gsize len;

  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_CA);
  answer = send_hex (f, "00 B0 00 00 04");
  bytes = g_bytes_get_data (answer, &len);
  g_assert_cmphex (sw_of (answer), ==, 0x9000);
  g_assert_cmpuint (len, ==, 4 + 2);
  g_assert_cmphex (bytes[0], ==, 0x5C);
}

static void
test_signing_certificate_needs_signing_pin (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) answer = NULL;
  gsize len;

  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_CERT);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 04"), ==, 0x6982);
  send_sw (f, SELECT_SIGN_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_SIGN_RIGHT), ==, 0x9000);
  send_sw (f, SELECT_SIGN_CERT);
  answer = send_hex (f, "00 B0 00 00 00");
  g_assert_cmphex (sw_of (answer), ==, 0x9000);
  g_assert_cmpmem (g_bytes_get_data (answer, &len), 256, f->sign_cert, 256);
}

static void
test_signing_certificate_is_not_read_after_user_auth_pin (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x9000);
  send_sw (f, SELECT_SIGN_CERT);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 04"), ==, 0x6982);
}

static void
test_signing_key_signs_after_signing_pin (Fixture *f, gconstpointer data)
{
  prepare_to_sign_with (f, SELECT_SIGN_PIN, VERIFY_SIGN_RIGHT, SELECT_SIGN_KEY);
  assert_signs_with (f, test_sign_key);
}

static void
test_user_auth_pin_does_not_unlock_signing_key (Fixture *f, gconstpointer data)
{
  prepare_to_sign_with (f, SELECT_PIN, VERIFY_RIGHT, SELECT_SIGN_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_signing_pin_does_not_unlock_user_auth_key (Fixture *f, gconstpointer data)
{
  prepare_to_sign_with (f, SELECT_SIGN_PIN, VERIFY_SIGN_RIGHT, SELECT_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
}

static void
test_signing_pin_query_reports_five_tries (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C5);
}

static void
test_signing_pin_locks_after_five_misses (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  for (guint left = 4; left > 0; left--)
    g_assert_cmphex (send_sw (f, VERIFY_SIGN_WRONG), ==, 0x63C0 | left);
  g_assert_cmphex (send_sw (f, VERIFY_SIGN_WRONG), ==, 0x63C0);
  g_assert_cmpuint (kiosk_sim_jpki_get_sign_tries_left (f->card), ==, 0);
  g_assert_cmphex (send_sw (f, VERIFY_SIGN_RIGHT), ==, 0x6983);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C0);
  send_sw (f, SELECT_SIGN_CERT);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 04"), ==, 0x6982);
}

static void
test_signing_pin_right_restores_five_tries (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  send_sw (f, VERIFY_SIGN_WRONG);
  send_sw (f, VERIFY_SIGN_WRONG);
  g_assert_cmphex (send_sw (f, VERIFY_SIGN_RIGHT), ==, 0x9000);
  g_assert_cmpuint (kiosk_sim_jpki_get_sign_tries_left (f->card), ==, 5);
}

static void
test_signing_pin_of_other_form_is_wrong (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  g_assert_cmphex (send_sw (f, "00 20 00 80 08 61 62 63 64 31 32 33 34"), ==, 0x63C4); /* abcd1234 */
  g_assert_cmphex (send_sw (f, VERIFY_RIGHT), ==, 0x63C3); /* the user-auth PIN */
}

static void
test_pin_counters_are_independent (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  send_sw (f, VERIFY_SIGN_WRONG);
  send_sw (f, VERIFY_SIGN_WRONG);
  send_sw (f, SELECT_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C3);
  g_assert_cmphex (send_sw (f, VERIFY_WRONG), ==, 0x63C2);
  send_sw (f, SELECT_SIGN_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C3);
  g_assert_cmpuint (kiosk_sim_jpki_get_tries_left (f->card), ==, 2);
  g_assert_cmpuint (kiosk_sim_jpki_get_sign_tries_left (f->card), ==, 3);
}

static void
test_locked_user_auth_pin_leaves_signing_pin (Fixture *f, gconstpointer data)
{
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_PIN);
  for (int i = 0; i < KIOSK_SIM_JPKI_MAX_TRIES; i++)
    send_sw (f, VERIFY_WRONG);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C0);
  prepare_to_sign_with (f, SELECT_SIGN_PIN, VERIFY_SIGN_RIGHT, SELECT_SIGN_KEY);
  assert_signs_with (f, test_sign_key);
}

static void
test_signing_half_starts_with_tries_given (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) ca = g_bytes_new_static ("\x30\x00", 2);

  kiosk_sim_jpki_set_signing (f->card, NULL, ca, NULL, "ABCD1234", 2);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_PIN);
  g_assert_cmphex (send_sw (f, VERIFY_QUERY), ==, 0x63C2);
  kiosk_sim_jpki_set_signing (f->card, NULL, ca, NULL, "ABCD1234", 9); /* at most 5 */
  g_assert_cmpuint (kiosk_sim_jpki_get_sign_tries_left (f->card), ==, 5);
}

static void
test_reset_forgets_signing_verification (Fixture *f, gconstpointer data)
{
  prepare_to_sign_with (f, SELECT_SIGN_PIN, VERIFY_SIGN_RIGHT, SELECT_SIGN_KEY);
  kiosk_sim_jpki_reset (f->card);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_KEY);
  g_assert_cmphex (send_sw (f, SIGN_DIGEST_INFO), ==, 0x6982);
  send_sw (f, SELECT_SIGN_CERT);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 04"), ==, 0x6982);
}

static void
test_reselecting_ap_forgets_signing_verification (Fixture *f, gconstpointer data)
{
  prepare_to_sign_with (f, SELECT_SIGN_PIN, VERIFY_SIGN_RIGHT, SELECT_SIGN_KEY);
  send_sw (f, SELECT_AP);
  send_sw (f, SELECT_SIGN_CERT);
  g_assert_cmphex (send_sw (f, "00 B0 00 00 04"), ==, 0x6982);
}

/* Registers one fixture test. */
static void
add (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, test, fixture_teardown);
}

/* Registers one test of a card with a signing half. */
static void
add_signing (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup_signing, test, fixture_teardown);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_key = EVP_RSA_gen (2048);
  test_sign_key = EVP_RSA_gen (2048);
  g_assert_nonnull (test_key);
  g_assert_nonnull (test_sign_key);

  add ("/sim-jpki/select/jpki-ap-succeeds", test_select_jpki_ap_succeeds);
  add ("/sim-jpki/select/other-aid-is-not-found", test_select_other_aid_is_not_found);
  add ("/sim-jpki/select/ef-before-ap-is-not-found", test_select_ef_before_ap_is_not_found);
  add ("/sim-jpki/select/card-without-ap-does-not-select-it", test_card_without_ap_does_not_select_it);
  add ("/sim-jpki/select/absent-efs-are-not-found", test_absent_efs_are_not_found);
  add ("/sim-jpki/select/unknown-ef-is-not-found", test_select_unknown_ef_is_not_found);
  add ("/sim-jpki/read-binary/returns-certificate-chunks", test_read_binary_returns_certificate_chunks);
  add ("/sim-jpki/read-binary/le-zero-means-256", test_read_binary_le_zero_means_256);
  add ("/sim-jpki/read-binary/past-end-is-wrong-offset", test_read_binary_past_end_is_wrong_offset);
  add ("/sim-jpki/read-binary/of-key-is-refused", test_read_binary_of_key_is_refused);
  add ("/sim-jpki/verify/without-data-reports-tries", test_verify_without_data_reports_tries);
  add ("/sim-jpki/verify/wrong-pin-decrements-tries", test_verify_wrong_pin_decrements_tries);
  add ("/sim-jpki/verify/right-pin-restores-tries", test_verify_right_pin_restores_tries);
  add ("/sim-jpki/verify/three-wrong-pins-lock", test_verify_three_wrong_pins_lock);
  add ("/sim-jpki/verify/query-of-locked-pin-answers-63c0", test_verify_query_of_locked_pin_answers_63c0);
  add ("/sim-jpki/verify/pin-of-other-length-is-wrong", test_verify_pin_of_other_length_is_wrong);
  add ("/sim-jpki/verify/needs-pin-ef", test_verify_needs_pin_ef);
  add ("/sim-jpki/sign/after-verify-gives-valid-signature", test_sign_after_verify_gives_valid_signature);
  add ("/sim-jpki/sign/without-verify-is-refused", test_sign_without_verify_is_refused);
  add ("/sim-jpki/sign/with-other-ef-selected-is-refused", test_sign_with_other_ef_selected_is_refused);
  add ("/sim-jpki/security/reset-forgets-verification", test_reset_forgets_verification);
  add ("/sim-jpki/security/selecting-another-application-forgets-verification",
       test_selecting_another_application_forgets_verification);
  add ("/sim-jpki/errors/unknown-class-is-refused", test_unknown_class_is_refused);
  add ("/sim-jpki/errors/unknown-instruction-is-refused", test_unknown_instruction_is_refused);
  add ("/sim-jpki/errors/malformed-lengths-are-wrong-length", test_malformed_lengths_are_wrong_length);
  add ("/sim-jpki/errors/random-commands-always-get-a-status-word", test_random_commands_always_get_a_status_word);

  add ("/sim-jpki/signing/efs-are-absent-without-signing-half", test_signing_efs_are_absent_without_signing_half);
  add_signing ("/sim-jpki/signing/efs-are-present", test_signing_efs_are_present);
  add_signing ("/sim-jpki/signing/ca-certificate-is-free-to-read", test_signing_ca_certificate_is_free_to_read);
  add_signing ("/sim-jpki/signing/certificate-needs-signing-pin", test_signing_certificate_needs_signing_pin);
  add_signing ("/sim-jpki/signing/certificate-is-not-read-after-user-auth-pin",
               test_signing_certificate_is_not_read_after_user_auth_pin);
  add_signing ("/sim-jpki/signing/key-signs-after-signing-pin", test_signing_key_signs_after_signing_pin);
  add_signing ("/sim-jpki/signing/user-auth-pin-does-not-unlock-signing-key",
               test_user_auth_pin_does_not_unlock_signing_key);
  add_signing ("/sim-jpki/signing/signing-pin-does-not-unlock-user-auth-key",
               test_signing_pin_does_not_unlock_user_auth_key);
  add_signing ("/sim-jpki/signing/pin-query-reports-five-tries", test_signing_pin_query_reports_five_tries);
  add_signing ("/sim-jpki/signing/pin-locks-after-five-misses", test_signing_pin_locks_after_five_misses);
  add_signing ("/sim-jpki/signing/right-pin-restores-five-tries", test_signing_pin_right_restores_five_tries);
  add_signing ("/sim-jpki/signing/pin-of-other-form-is-wrong", test_signing_pin_of_other_form_is_wrong);
  add_signing ("/sim-jpki/signing/pin-counters-are-independent", test_pin_counters_are_independent);
  add_signing ("/sim-jpki/signing/locked-user-auth-pin-leaves-signing-pin",
               test_locked_user_auth_pin_leaves_signing_pin);
  add_signing ("/sim-jpki/signing/starts-with-tries-given", test_signing_half_starts_with_tries_given);
  add_signing ("/sim-jpki/signing/reset-forgets-verification", test_reset_forgets_signing_verification);
  add_signing ("/sim-jpki/signing/reselecting-ap-forgets-verification",
               test_reselecting_ap_forgets_signing_verification);

  status = g_test_run ();
  EVP_PKEY_free (test_key);
  EVP_PKEY_free (test_sign_key);
  return status;
}
