/* kiosk-binding.c: verifying the municipality's signed statement with OpenSSL and json-glib. */
#include "app/kiosk-binding.h"

#include <json-glib/json-glib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "app/kiosk-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* Fails the check with a reason for the log; the resident is told only that nothing printed. */
static gboolean
mismatch (GError **error, const char *what)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BINDING_MISMATCH, "binding: %s", what);
  return FALSE;
}

/* The SHA-256 hex of @data. */
char *
kiosk_binding_sha256_hex (GBytes *data)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
}

/* Parses the signer's PEM and checks it chains to the CA in @ca_path. */
static X509 *
trusted_signer (const char *pem, const char *ca_path, GError **error)
{
  g_autoptr (BIO) bio = BIO_new_mem_buf (pem, -1);
  g_autoptr (X509) signer = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  g_autoptr (X509_STORE) store = X509_STORE_new ();
  g_autoptr (X509_STORE_CTX) ctx = X509_STORE_CTX_new ();

  if (signer == NULL)
    return mismatch (error, "the signer certificate does not parse"), NULL;
  if (X509_STORE_load_file (store, ca_path) != 1)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "binding: cannot load the municipal CA %s", ca_path);
      return NULL;
    }
  if (X509_STORE_CTX_init (ctx, store, signer, NULL) != 1 || X509_verify_cert (ctx) != 1)
    return mismatch (error, X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx))), NULL;
  return g_steal_pointer (&signer);
}

/* Checks the signature over the statement bytes. */
static gboolean
signature_valid (X509 *signer, const KioskIssued *issued)
{
  g_autoptr (EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  EVP_PKEY *key = X509_get0_pubkey (signer);

  return key != NULL && ctx != NULL &&
         EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, key) == 1 &&
         EVP_DigestVerify (ctx, g_bytes_get_data (issued->signature, NULL), g_bytes_get_size (issued->signature),
                           g_bytes_get_data (issued->statement, NULL), g_bytes_get_size (issued->statement)) == 1;
}

/* Compares one string field of the statement. */
static gboolean
field_equals (JsonObject *statement, const char *name, const char *expected)
{
  JsonNode *node = json_object_get_member (statement, name);

  return expected != NULL && node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING && g_str_equal (json_node_get_string (node), expected);
}

/* Verifies the binding of @issued. */
gboolean
kiosk_binding_verify (const KioskIssued *issued, const char *ca_path, const KioskBindingExpectation *expected,
                      GError **error)
{
  g_autoptr (X509) signer = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *document_hash = NULL;
  JsonObject *statement;
  JsonNode *copies;
  static const char *const string_fields[] = {
    "request_id", "session_id", "terminal_id", "card_fingerprint", "municipality", "type",
  };
  const char *values[G_N_ELEMENTS (string_fields)];

  g_return_val_if_fail (issued != NULL && expected != NULL, FALSE);

  if ((signer = trusted_signer (issued->signer_pem, ca_path, error)) == NULL)
    return FALSE;
  if (!signature_valid (signer, issued))
    return mismatch (error, "the signature does not cover the statement");
  if (!json_parser_load_from_data (parser, g_bytes_get_data (issued->statement, NULL),
                                   g_bytes_get_size (issued->statement), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return mismatch (error, "the statement is not a JSON object");
  statement = json_node_get_object (json_parser_get_root (parser));

  if (json_object_get_int_member_with_default (statement, "v", 0) != 1)
    return mismatch (error, "unknown statement version");

  values[0] = expected->request_id;
  values[1] = expected->session_id;
  values[2] = expected->terminal_id;
  values[3] = expected->card_fingerprint;
  values[4] = expected->municipality;
  values[5] = expected->type;
  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    if (!field_equals (statement, string_fields[i], values[i]))
      {
        g_autofree char *what = g_strdup_printf ("%s differs from this session's", string_fields[i]);
        return mismatch (error, what);
      }

  copies = json_object_get_member (statement, "copies");
  if (copies == NULL || !JSON_NODE_HOLDS_VALUE (copies) || json_node_get_value_type (copies) != G_TYPE_INT64 ||
      json_node_get_int (copies) != (gint64) expected->copies)
    return mismatch (error, "copies differ from this request's");

  document_hash = kiosk_binding_sha256_hex (issued->document);
  if (!field_equals (statement, "document_sha256", document_hash))
    return mismatch (error, "the document is not the one the municipality signed");
  return TRUE;
}
