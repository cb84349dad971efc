/* sim-center-store.h: the center's state: nonces, sessions, requests and outcomes, in SQLite or,
 * for centers that share one fleet, in PostgreSQL (docs/protocol.md, "Storage"). */
#pragma once

#include <glib.h>

#include "sim/servers/sim-card-auth.h"

G_BEGIN_DECLS

/* How long a nonce and a session live, in seconds (docs/protocol.md). */
#define SIM_CENTER_NONCE_LIFETIME 120
#define SIM_CENTER_SESSION_LIFETIME 600

/* How often a running center purges what has expired, in seconds. */
#define SIM_CENTER_PURGE_INTERVAL 60

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
  char *options;    /* the request's "options" as JSON text; "{}" when it had none */
  GBytes *response; /* the stored 2xx body; NULL while the municipal server is being asked */
} SimCenterRequest;

/* An answered request of a terminal that has no outcome yet (docs/protocol.md, "Reconciliation"). */
typedef struct {
  char *request_id;
  gint64 answered_at; /* Unix seconds: when the center stored the answer */
} SimCenterUnreported;

/* The most unreported requests one listing returns. */
#define SIM_CENTER_UNREPORTED_LIMIT 100

/* What one purge removed. */
typedef struct {
  gint64 nonces;    /* expired nonces deleted */
  gint64 sessions;  /* expired sessions deleted */
  gint64 documents; /* stored response bodies dropped because their session expired */
} SimCenterPurge;

/* Opens (creating the schema) the center's database: PostgreSQL for a "postgresql://" or
 * "postgres://" URI, else the SQLite file at @location. */
SimCenterStore *sim_center_store_open (const char *location, GError **error);

/* Stops purging and closes the database. */
void sim_center_store_free (SimCenterStore *self);

/* A fresh single-use nonce (base64 of 32 random bytes) valid until *@expires_at. */
char *sim_center_store_new_nonce (SimCenterStore *self, gint64 now, gint64 *expires_at,
                                  GError **error);

/* Consumes @nonce if it is live, in one atomic statement; otherwise SIM_ERROR_NONCE_UNKNOWN. */
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

/* Claims @idempotency_key in @session_id: records @request (its municipality, type and copies)
 * as a new pending request under a fresh id unless the key is taken, atomically even against
 * another center on the same database, and returns the request stored under the key; *@created
 * (may be NULL) says whether it is the one just recorded. */
SimCenterRequest *sim_center_store_claim_request (SimCenterStore *self, const char *session_id,
                                                  const char *idempotency_key,
                                                  const SimCenterRequest *request,
                                                  gboolean *created, GError **error);

/* Stores the response of request @request_id; the first response stored stays. An error if there
 * is no such request. */
gboolean sim_center_store_complete_request (SimCenterStore *self, const char *request_id,
                                            GBytes *response, GError **error);

/* Records the outcome of @request_id, which must be an answered request of @session_id;
 * a different outcome than one already recorded is SIM_ERROR_REFUSED, also when two are recorded
 * at once. */
gboolean sim_center_store_record_outcome (SimCenterStore *self, const char *session_id,
                                          const char *request_id, const char *outcome,
                                          const char *reason, GError **error);

/* Records the outcome of @request_id, which must be an answered request of @terminal_id, whether
 * or not its session is still live; otherwise as sim_center_store_record_outcome. */
gboolean sim_center_store_record_terminal_outcome (SimCenterStore *self, const char *terminal_id,
                                                   const char *request_id, const char *outcome,
                                                   const char *reason, GError **error);

/* The answered requests of @terminal_id without an outcome, oldest answer first, at most @limit:
 * a GPtrArray of SimCenterUnreported. */
GPtrArray *sim_center_store_list_unreported (SimCenterStore *self, const char *terminal_id,
                                             guint limit, GError **error);

/* Deletes nonces and sessions expired at @now and drops the stored response bodies of requests
 * whose session is gone or expired, keeping request ids and outcomes; counts in @purged (may be
 * NULL). */
gboolean sim_center_store_purge (SimCenterStore *self, gint64 now, SimCenterPurge *purged,
                                 GError **error);

/* Purges now, then every SIM_CENTER_PURGE_INTERVAL seconds on the thread-default main context
 * until @self is freed; failures are logged, and the next round tries again. */
void sim_center_store_purge_periodically (SimCenterStore *self);

/* A new random UUID (version 4) for a session or request id. */
char *sim_center_store_new_id (GError **error);

/* Frees a session. */
void sim_session_free (SimSession *session);

/* Frees a request. */
void sim_center_request_free (SimCenterRequest *request);

/* Frees an unreported request. */
void sim_center_unreported_free (SimCenterUnreported *unreported);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterStore, sim_center_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimSession, sim_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterRequest, sim_center_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterUnreported, sim_center_unreported_free)

G_END_DECLS
