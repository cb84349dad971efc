/* sim-binding.h: the municipality's signed statement binding a document to one request. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The fields of the statement (docs/protocol.md), in the order they are serialized. */
typedef struct {
  const char *request_id;
  const char *session_id;
  const char *terminal_id;
  const char *card_fingerprint;
  const char *document_sha256;
  const char *municipality;
  const char *type;
  gint64 copies;
  const char *issued_at;
} SimStatement;

typedef struct _SimBindingSigner SimBindingSigner;

/* Loads the document-signing key and certificate. */
SimBindingSigner *sim_binding_signer_new (const char *cert_path, const char *key_path,
                                          GError **error);

/* Frees the signer. */
void sim_binding_signer_free (SimBindingSigner *self);

/* The statement's JSON bytes, exactly as signed. */
GBytes *sim_binding_statement_bytes (const SimStatement *statement);

/* An ECDSA P-256 / SHA-256 signature (DER) over @statement. */
GBytes *sim_binding_sign (SimBindingSigner *self, GBytes *statement, GError **error);

/* The protocol's "binding" object for @statement and @signature. */
JsonNode *sim_binding_to_json (SimBindingSigner *self, GBytes *statement, GBytes *signature);

/* A base64 JSON string value of @bytes. */
void sim_json_add_base64 (JsonBuilder *builder, const char *member, GBytes *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimBindingSigner, sim_binding_signer_free)

G_END_DECLS
