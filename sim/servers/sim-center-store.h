/* sim-center-store.h: the center's state in SQLite: nonces, sessions, requests and outcomes. */
#pragma once

#include <glib.h>

#include "sim/servers/sim-card-auth.h"

G_BEGIN_DECLS

/* How long a nonce and a session live, in seconds (docs/protocol.md). */
#define SIM_CENTER_NONCE_LIFETIME 120
#define SIM_CENTER_SESSION_LIFETIME 600

typedef struct _SimCenterStore SimCenterStore;

/* An authenticated session. */
typedef struct {
  char *session_id;
  char *terminal_id;
  char *card_fingerprint;
  char *card_serial;
  gint64 expires_at; /* Unix seconds */
} SimSession;

/* A certificate request of a session, keyed by the terminal's idempotency key. */
typedef struct {
  char *request_id;
  char *municipality;
  char *type;
  gint64 copies;
  GBytes *response; /* the stored 2xx body; NULL while the municipal server is being asked */
} SimCenterRequest;

/* Opens (creating) the center's database at @path. */
SimCenterStore *sim_center_store_open (const char *path, GError **error);

/* Closes the database. */
void sim_center_store_free (SimCenterStore *self);

/* A fresh single-use nonce (base64 of 32 random bytes) valid until *@expires_at. */
char *sim_center_store_new_nonce (SimCenterStore *self, gint64 now, gint64 *expires_at,
                                  GError **error);

/* Consumes @nonce if it is live; otherwise SIM_ERROR_NONCE_UNKNOWN. */
gboolean sim_center_store_burn_nonce (SimCenterStore *self, const char *nonce, gint64 now,
                                      GError **error);

/* Opens a session for @terminal_id and the card @identity. */
SimSession *sim_center_store_create_session (SimCenterStore *self, const char *terminal_id,
                                             const SimCardIdentity *identity, gint64 now,
                                             GError **error);

/* The live session @session_id of @terminal_id; SIM_ERROR_SESSION_UNKNOWN if it is unknown,
 * expired or belongs to another terminal. */
SimSession *sim_center_store_find_session (SimCenterStore *self, const char *session_id,
                                           const char *terminal_id, gint64 now, GError **error);

/* The request with @idempotency_key in @session_id, or NULL without error if none. */
SimCenterRequest *sim_center_store_find_request (SimCenterStore *self, const char *session_id,
                                                 const char *idempotency_key, GError **error);

/* Records a new pending request. */
gboolean sim_center_store_insert_request (SimCenterStore *self, const char *session_id,
                                          const char *idempotency_key,
                                          const SimCenterRequest *request, GError **error);

/* Stores the response of request @request_id. */
gboolean sim_center_store_complete_request (SimCenterStore *self, const char *request_id,
                                            GBytes *response, GError **error);

/* Forgets a pending request that failed, so that the terminal may retry with the same key. */
void sim_center_store_forget_request (SimCenterStore *self, const char *request_id);

/* Records the outcome of @request_id, which must be an answered request of @session_id;
 * a different outcome than one already recorded is SIM_ERROR_REFUSED. */
gboolean sim_center_store_record_outcome (SimCenterStore *self, const char *session_id,
                                          const char *request_id, const char *outcome,
                                          const char *reason, GError **error);

/* A new random UUID (version 4) for a session or request id. */
char *sim_center_store_new_id (GError **error);

/* Frees a session. */
void sim_session_free (SimSession *session);

/* Frees a request. */
void sim_center_request_free (SimCenterRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterStore, sim_center_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimSession, sim_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterRequest, sim_center_request_free)

G_END_DECLS
