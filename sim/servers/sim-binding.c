/* sim-binding.c: building and signing the binding statement with OpenSSL (ECDSA P-256, SHA-256). */
#include "sim/servers/sim-binding.h"

#include <gio/gio.h>
#include <openssl/ec.h>

#include "sim/servers/sim-certificate.h"
#include "sim/servers/sim-error.h"
#include "sim/servers/sim-server.h"

struct _SimBindingSigner {
  EVP_PKEY *key;
  char *cert_pem;
};

/* Loads the signing key (must be EC) and the certificate text sent with each binding. */
SimBindingSigner *
sim_binding_signer_new (const char *cert_path, const char *key_path, GError **error)
{
  g_autoptr (SimBindingSigner) self = g_new0 (SimBindingSigner, 1);

  if (!g_file_get_contents (cert_path, &self->cert_pem, NULL, error))
    return NULL;
  self->key = sim_certificate_load_private_key (key_path, error);
  if (self->key == NULL)
    return NULL;
  if (EVP_PKEY_get_base_id (self->key) != EVP_PKEY_EC)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not an EC key", key_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Frees the key and certificate. */
void
sim_binding_signer_free (SimBindingSigner *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->key, EVP_PKEY_free);
  g_free (self->cert_pem);
  g_free (self);
}

/* Adds one string member. */
static void
sim_binding_add_string (JsonBuilder *builder, const char *member, const char *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* Serializes the statement with json-glib. */
GBytes *
sim_binding_statement_bytes (const SimStatement *statement)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, 1);
  sim_binding_add_string (builder, "request_id", statement->request_id);
  sim_binding_add_string (builder, "session_id", statement->session_id);
  sim_binding_add_string (builder, "terminal_id", statement->terminal_id);
  sim_binding_add_string (builder, "card_fingerprint", statement->card_fingerprint);
  sim_binding_add_string (builder, "document_sha256", statement->document_sha256);
  sim_binding_add_string (builder, "municipality", statement->municipality);
  sim_binding_add_string (builder, "type", statement->type);
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, statement->copies);
  sim_binding_add_string (builder, "issued_at", statement->issued_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return sim_json_to_bytes (root);
}

/* Signs with EVP_DigestSign; the result is a DER ECDSA-Sig-Value. */
GBytes *
sim_binding_sign (SimBindingSigner *self, GBytes *statement, GError **error)
{
  g_autoptr (EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (statement, &len);
  size_t sig_len = 0;
  g_autofree guint8 *sig = NULL;

  if (ctx == NULL || EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, self->key) != 1
      || EVP_DigestSign (ctx, NULL, &sig_len, data, len) != 1)
    goto fail;
  sig = g_malloc (sig_len);
  if (EVP_DigestSign (ctx, sig, &sig_len, data, len) != 1)
    goto fail;
  return g_bytes_new (sig, sig_len);

fail:
  g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cannot sign the binding statement");
  return NULL;
}

/* Adds @bytes base64-encoded as @member. */
void
sim_json_add_base64 (JsonBuilder *builder, const char *member, GBytes *bytes)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *encoded = g_base64_encode (data, len);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, encoded);
}

/* The "binding" object. */
JsonNode *
sim_binding_to_json (SimBindingSigner *self, GBytes *statement, GBytes *signature)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sim_json_add_base64 (builder, "statement", statement);
  sim_json_add_base64 (builder, "signature", signature);
  sim_binding_add_string (builder, "certificate", self->cert_pem);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
