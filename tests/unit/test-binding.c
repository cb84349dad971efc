/* test-binding.c: only a document the municipality bound to this very session passes. */
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "app/kiosk-binding.h"
#include "app/kiosk-error.h"

static char *pki_dir;

static const char *session_id = "6f1c2a9e-3b7d-4e58-9a11-0c2d3e4f5a6b";
static const char *request_id = "0b8e7d6c-5a4f-4321-8fed-cba987654321";
static const char *fingerprint = "250c7f1bcb855510fbaa8891d31b8f83d6ea9cbe117536af221b4b1adf025879";

/* Reads a file of the test PKI. */
static char *
pki_file (const char *name)
{
  g_autofree char *path = g_build_filename (pki_dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Signs @statement with the PEM key file @key_name (ECDSA, SHA-256). */
static GBytes *
sign_with (const char *key_name, GBytes *statement)
{
  g_autofree char *pem = pki_file (key_name);
  BIO *bio = BIO_new_mem_buf (pem, -1);
  EVP_PKEY *key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  size_t length = 0;
  guchar *signature;

  g_assert_nonnull (key);
  g_assert_cmpint (EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key), ==, 1);
  g_assert_cmpint (EVP_DigestSign (ctx, NULL, &length, g_bytes_get_data (statement, NULL), g_bytes_get_size (statement)), ==, 1);
  signature = g_malloc (length);
  g_assert_cmpint (EVP_DigestSign (ctx, signature, &length, g_bytes_get_data (statement, NULL), g_bytes_get_size (statement)), ==, 1);
  EVP_MD_CTX_free (ctx);
  EVP_PKEY_free (key);
  BIO_free (bio);
  return g_bytes_new_take (signature, length);
}

/* A document and a statement about it with @session as session id, signed by @signer. */
static KioskIssued *
issued_new (const char *session, guint copies, const char *signer)
{
  KioskIssued *issued = g_new0 (KioskIssued, 1);
  g_autofree char *hash = NULL;
  char *statement;
  g_autofree char *key_name = g_strconcat (signer, ".key", NULL);
  g_autofree char *cert_name = g_strconcat (signer, ".pem", NULL);

  issued->request_id = g_strdup (request_id);
  issued->document = g_bytes_new_static ("%PDF-1.5 a residence record", 27);
  hash = kiosk_binding_sha256_hex (issued->document);
  statement = g_strdup_printf ("{\"v\":1,\"request_id\":\"%s\",\"session_id\":\"%s\",\"terminal_id\":\"T-0001\","
                               "\"card_fingerprint\":\"%s\",\"document_sha256\":\"%s\",\"municipality\":\"999999\","
                               "\"type\":\"juminhyo\",\"copies\":%u,\"issued_at\":\"2026-11-23T10:00:00Z\"}",
                               request_id, session, fingerprint, hash, copies);
  issued->statement = g_bytes_new_take (statement, strlen (statement));
  issued->signature = sign_with (key_name, issued->statement);
  issued->signer_pem = pki_file (cert_name);
  return issued;
}

/* What the terminal expects of its own request. */
static KioskBindingExpectation
expectation (void)
{
  return (KioskBindingExpectation){
    .session_id = session_id,
    .terminal_id = "T-0001",
    .card_fingerprint = fingerprint,
    .request_id = request_id,
    .municipality = "999999",
    .type = "juminhyo",
    .copies = 1,
  };
}

/* Verifies @issued against @expected with the test PKI's municipal CA. */
static gboolean
verify (const KioskIssued *issued, const KioskBindingExpectation *expected, GError **error)
{
  g_autofree char *ca = g_build_filename (pki_dir, "muni-ca.pem", NULL);
  return kiosk_binding_verify (issued, ca, expected, error);
}

static void
test_own_document_passes (void)
{
  g_autoptr (KioskIssued) issued = issued_new (session_id, 1, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  g_assert_true (verify (issued, &expected, &error));
  g_assert_no_error (error);
}

static void
test_other_sessions_document_is_refused (void)
{
  g_autoptr (KioskIssued) issued = issued_new ("11111111-2222-4333-8444-555555555555", 1, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

static void
test_other_cards_document_is_refused (void)
{
  g_autoptr (KioskIssued) issued = issued_new (session_id, 1, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  expected.card_fingerprint = "73bc67d64da9b9515baa94491a4b98be3d29c6e998f40f8fc4251499b20d9598";
  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

static void
test_swapped_document_is_refused (void)
{
  g_autoptr (KioskIssued) issued = issued_new (session_id, 1, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  g_bytes_unref (issued->document);
  issued->document = g_bytes_new_static ("%PDF-1.5 somebody else's record", 31);
  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

static void
test_signer_outside_municipal_ca_is_refused (void)
{
  /* The center's own TLS key is real and valid, but not a municipality's signing key. */
  g_autoptr (KioskIssued) issued = issued_new (session_id, 1, "center");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

static void
test_tampered_statement_is_refused (void)
{
  g_autoptr (KioskIssued) issued = issued_new (session_id, 1, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  const char *original = g_bytes_get_data (issued->statement, &length);
  char *copy = g_memdup2 (original, length);

  copy[length - 3] = 'X'; /* inside "issued_at": still JSON, no longer what was signed */
  g_bytes_unref (issued->statement);
  issued->statement = g_bytes_new_take (copy, length);
  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

static void
test_other_copy_count_is_refused (void)
{
  g_autoptr (KioskIssued) issued = issued_new (session_id, 2, "muni-signer");
  KioskBindingExpectation expected = expectation ();
  g_autoptr (GError) error = NULL;

  g_assert_false (verify (issued, &expected, &error));
  g_assert_error (error, KIOSK_ERROR, (gint) KIOSK_ERROR_BINDING_MISMATCH);
}

int
main (int argc, char **argv)
{
  g_autofree char *script = NULL;
  g_autofree char *pki = NULL;
  const char *argv_pki[3];
  int status = 0;
  int result;

  g_test_init (&argc, &argv, NULL);
  pki_dir = g_dir_make_tmp ("kiosk-binding-XXXXXX", NULL);
  script = g_build_filename (g_getenv ("KIOSK_SOURCE_ROOT"), "sim", "pki", "make-pki", NULL);
  pki = g_build_filename (pki_dir, "pki", NULL);
  argv_pki[0] = script;
  argv_pki[1] = pki;
  argv_pki[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv_pki, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_free (pki_dir);
  pki_dir = g_steal_pointer (&pki);

  g_test_add_func ("/binding/own-document-passes", test_own_document_passes);
  g_test_add_func ("/binding/other-sessions-document-is-refused", test_other_sessions_document_is_refused);
  g_test_add_func ("/binding/other-cards-document-is-refused", test_other_cards_document_is_refused);
  g_test_add_func ("/binding/swapped-document-is-refused", test_swapped_document_is_refused);
  g_test_add_func ("/binding/signer-outside-municipal-ca-is-refused", test_signer_outside_municipal_ca_is_refused);
  g_test_add_func ("/binding/tampered-statement-is-refused", test_tampered_statement_is_refused);
  g_test_add_func ("/binding/other-copy-count-is-refused", test_other_copy_count_is_refused);
  result = g_test_run ();
  g_free (pki_dir);
  return result;
}
