/* kiosk-center-client.h: the terminal's one network peer, the issuance center (docs/protocol.md). */
#pragma once

#include <glib.h>

#include "app/kiosk-config.h"
#include "app/kiosk-session.h"

G_BEGIN_DECLS

typedef struct _KioskCenterClient KioskCenterClient;

/* A document the center returned, with the municipality's binding. */
typedef struct {
  char *request_id;
  GBytes *document;   /* the PDF */
  GBytes *statement;  /* the exact signed statement bytes (JSON) */
  GBytes *signature;  /* DER ECDSA signature over @statement */
  char *signer_pem;   /* the municipality's document-signing certificate */
} KioskIssued;

/* A client with the terminal's certificate, pinning the center's CA; TLS 1.3 only. */
KioskCenterClient *kiosk_center_client_new (const KioskConfig *config, GError **error);

/* How long each following request may take before it fails with CENTER_UNREACHABLE
 * (default 30 s; 0 restores it). */
void kiosk_center_client_set_timeout (KioskCenterClient *self, guint timeout_ms);

/* POST /v1/nonce: a fresh single-use nonce. */
char *kiosk_center_client_request_nonce (KioskCenterClient *self, GError **error);

/* POST /v1/sessions: opens a session for the card; returns its id and the card fingerprint the
 * center computed. */
char *kiosk_center_client_open_session (KioskCenterClient *self,
                                        const char *nonce,
                                        const char *terminal_time,
                                        GBytes *certificate,
                                        GBytes *signature,
                                        char **card_fingerprint,
                                        GError **error);

/* GET /v1/sessions/ID/catalogue: the offers (KioskOffer*, freed with kiosk_offer_free). */
GPtrArray *kiosk_center_client_get_catalogue (KioskCenterClient *self, const char *session_id, GError **error);

/* POST /v1/sessions/ID/requests: the document for one certificate, keyed by @idempotency_key. */
KioskIssued *kiosk_center_client_request_document (KioskCenterClient *self,
                                                   const char *session_id,
                                                   const char *idempotency_key,
                                                   const KioskOffer *offer,
                                                   guint copies,
                                                   GError **error);

/* POST .../outcome: "printed" or "failed" with a reason code. */
gboolean kiosk_center_client_report_outcome (KioskCenterClient *self,
                                             const char *session_id,
                                             const char *request_id,
                                             const char *outcome,
                                             const char *reason,
                                             GError **error);

/* Now as the challenge's <time>: RFC 3339 UTC in whole seconds ("2026-11-23T10:15:00Z"). */
char *kiosk_center_terminal_time_now (void);

/* The challenge the card signs: "kiosk-auth-v1\n<nonce>\n<terminal_id>\n<time>". */
GBytes *kiosk_center_challenge_new (const char *nonce, const char *terminal_id, const char *terminal_time);

/* Frees a document and wipes its bytes' references. */
void kiosk_issued_free (KioskIssued *issued);

/* Frees an offer. */
void kiosk_offer_free (KioskOffer *offer);

/* Frees the client. */
void kiosk_center_client_free (KioskCenterClient *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCenterClient, kiosk_center_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskIssued, kiosk_issued_free)

G_END_DECLS
