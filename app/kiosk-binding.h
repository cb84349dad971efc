/* kiosk-binding.h: the check that a document is provably this session's (DESIGN.md rule 2). */
#pragma once

#include "app/kiosk-center-client.h"

G_BEGIN_DECLS

/* What the terminal knows of its own request, to compare with the signed statement. */
typedef struct {
  const char *session_id;
  const char *terminal_id;
  const char *card_fingerprint; /* sha256 hex of the card certificate the terminal read itself */
  const char *request_id;
  const char *municipality;
  const char *type;
  guint copies;
} KioskBindingExpectation;

/* Verifies that @issued's signer chains to the municipal signing CA in @ca_path, that its
 * signature covers the statement, and that every field of the statement equals @expected and
 * the SHA-256 of the document. Any difference fails with KIOSK_ERROR_BINDING_MISMATCH. */
gboolean kiosk_binding_verify (const KioskIssued *issued,
                               const char *ca_path,
                               const KioskBindingExpectation *expected,
                               GError **error);

/* The lower-case SHA-256 hex of @data. */
char *kiosk_binding_sha256_hex (GBytes *data);

G_END_DECLS
