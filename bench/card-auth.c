/* card-auth.c: kiosk-bench-card-auth, one card authentication exactly as the terminal makes it.
 *
 *   kiosk-bench-card-auth [--reader NAME] [--pin DIGITS] [--timeout-ms MS]
 *
 * The calls and their order are the session's (app/kiosk-session-steps.c): wait for the card
 * (connect, check the ATR, select the JPKI AP), read the certificate, read the PIN counter, then
 * VERIFY and the signature over a center-style challenge. The signature is checked against the
 * certificate's key here, off the card, so a run that signed nothing cannot pass for one.
 * bench/card.sh runs it with the emulator's APDU log on. Exit status 0 when all of it worked,
 * 1 with the reason on stderr otherwise, 2 for bad usage.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "app/kiosk-center-client.h"
#include "app/kiosk-credential.h"
#include "drivers/card/kiosk-card.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)

/* The terminal id of the reference world (sim/world/kiosk-world). */
#define BENCH_TERMINAL_ID "T-0001"

/* A challenge as the center's is made: a base64 nonce of 32 random bytes, the terminal, the time. */
static GBytes *
bench_challenge_new (GError **error)
{
  guint8 random[32];
  g_autofree char *nonce = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (RAND_bytes (random, sizeof random) != 1) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random bytes for the nonce");
    return NULL;
  }
  nonce = g_base64_encode (random, sizeof random);
  return kiosk_center_challenge_new (nonce, BENCH_TERMINAL_ID, time);
}

/* Checks @signature over @data (SHA-256, PKCS#1 v1.5) with the key of the DER @cert. */
static gboolean
bench_check_signature (GBytes *signature, GBytes *data, GBytes *cert, GError **error)
{
  gsize cert_len;
  const unsigned char *p = g_bytes_get_data (cert, &cert_len);
  g_autoptr (X509) x509 = d2i_X509 (NULL, &p, (long) cert_len);
  g_autoptr (EVP_MD_CTX) md = EVP_MD_CTX_new ();

  if (x509 == NULL || md == NULL ||
      EVP_DigestVerifyInit (md, NULL, EVP_sha256 (), NULL, X509_get0_pubkey (x509)) != 1 ||
      EVP_DigestVerify (md, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature),
                        g_bytes_get_data (data, NULL), g_bytes_get_size (data)) != 1) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "the card's signature does not verify with its certificate's key");
    return FALSE;
  }
  return TRUE;
}

/* The authentication: the card step, then the authenticate step's card calls. */
static gboolean
bench_authenticate (const char *reader_name, const char *pin_text, guint timeout_ms, GError **error)
{
  g_autoptr (KioskCardReader) reader = NULL;
  g_autoptr (KioskCredential) credential = NULL;
  g_autoptr (GBytes) certificate = NULL, challenge = NULL, signature = NULL;
  g_autofree char *pin = g_strdup (pin_text);
  int tries_left, left_after = -1;

  if ((reader = kiosk_card_reader_new (reader_name, error)) == NULL ||
      (credential = kiosk_card_reader_wait_card (reader, timeout_ms, NULL, error)) == NULL ||
      (certificate = kiosk_credential_read_certificate (credential, error)) == NULL ||
      (tries_left = kiosk_credential_pin_tries_left (credential, error)) < 0)
    return FALSE;
  if (tries_left == 0) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the card's PIN is locked");
    return FALSE;
  }
  if (!kiosk_credential_verify_pin (credential, pin, &left_after, error) ||
      (challenge = bench_challenge_new (error)) == NULL ||
      (signature = kiosk_credential_sign (credential, challenge, error)) == NULL ||
      !bench_check_signature (signature, challenge, certificate, error))
    return FALSE;
  g_print ("certificate %zu bytes, %d PIN tries, challenge %zu bytes, signature %zu bytes (verified)\n",
           g_bytes_get_size (certificate), tries_left, g_bytes_get_size (challenge), g_bytes_get_size (signature));
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *reader = NULL, *pin = NULL;
  gint timeout_ms = 10000;
  gboolean ok;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- one card authentication, as the terminal makes it");
  GOptionEntry entries[] = {
    { "reader", 0, 0, G_OPTION_ARG_STRING, &reader, "PC/SC reader (default: the first)", "NAME" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin, "the user-authentication PIN (default 1234)", "DIGITS" },
    { "timeout-ms", 0, 0, G_OPTION_ARG_INT, &timeout_ms, "how long to wait for the card (default 10000)", "MS" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || timeout_ms <= 0) {
    g_printerr ("kiosk-bench-card-auth: %s\n", error != NULL ? error->message : "bad arguments (see --help)");
    return 2;
  }
  ok = bench_authenticate (reader, pin != NULL ? pin : "1234", (guint) timeout_ms, &error);
  if (pin != NULL)
    explicit_bzero (pin, strlen (pin));
  if (!ok) {
    g_printerr ("kiosk-bench-card-auth: %s\n", error->message);
    return 1;
  }
  return 0;
}
