/* sim-center-store-private.h: the table of operations each storage backend of the center
 * implements (SQLite, PostgreSQL) under the shared logic of sim-center-store.c. */
#pragma once

#include "sim/servers/sim-center-store.h"

G_BEGIN_DECLS

/* Whose answered request an outcome is recorded for: the caller's live session's, or its
 * terminal's (reconciliation, after the session may have expired). */
typedef enum {
  SIM_CENTER_OWNER_SESSION,
  SIM_CENTER_OWNER_TERMINAL,
} SimCenterOwner;

/* One backend: single statements, each atomic on its own; the rules (retries, which error the
 * terminal sees) live in sim-center-store.c. Every operation that can fail sets @error. */
typedef struct {
  /* Closes the connections and frees the store. */
  void (*close) (SimCenterStore *self);
  /* Stores a new nonce. */
  gboolean (*insert_nonce) (SimCenterStore *self, const char *nonce, gint64 expires_at,
                            GError **error);
  /* Deletes @nonce if live at @now; *@deleted says whether it did. */
  gboolean (*delete_nonce) (SimCenterStore *self, const char *nonce, gint64 now,
                            gboolean *deleted, GError **error);
  /* Stores a new session. */
  gboolean (*insert_session) (SimCenterStore *self, const SimSession *session, GError **error);
  /* The live session @session_id of @terminal_id, or NULL (without error if there is none). */
  SimSession *(*find_session) (SimCenterStore *self, const char *session_id,
                               const char *terminal_id, gint64 now, GError **error);
  /* Inserts @request (with its id, and the terminal id of the session @session_id) unless
   * @idempotency_key is taken in @session_id; *@inserted says whether it did. */
  gboolean (*insert_request) (SimCenterStore *self, const char *session_id,
                              const char *idempotency_key, const SimCenterRequest *request,
                              gboolean *inserted, GError **error);
  /* The request under @idempotency_key in @session_id, or NULL (without error if none). */
  SimCenterRequest *(*find_request) (SimCenterStore *self, const char *session_id,
                                     const char *idempotency_key, GError **error);
  /* Marks @request_id answered at @now with @response unless already answered; *@found says
   * whether the request exists. */
  gboolean (*complete_request) (SimCenterStore *self, const char *request_id, GBytes *response,
                                gint64 now, gboolean *found, GError **error);
  /* Inserts the outcome of @request_id if it is an answered request of @owner_id (a session or a
   * terminal id, as @owner says) and has none. */
  gboolean (*insert_outcome) (SimCenterStore *self, SimCenterOwner owner, const char *owner_id,
                              const char *request_id, const char *outcome, const char *reason,
                              GError **error);
  /* Whether @request_id is an answered request of @owner_id (*@answered) and its recorded
   * outcome (*@outcome, NULL if none). */
  gboolean (*find_outcome) (SimCenterStore *self, SimCenterOwner owner, const char *owner_id,
                            const char *request_id, gboolean *answered, char **outcome,
                            GError **error);
  /* Appends to @unreported (of SimCenterUnreported) the answered requests of @terminal_id without
   * an outcome, oldest answer first, at most @limit. */
  gboolean (*list_unreported) (SimCenterStore *self, const char *terminal_id, guint limit,
                               GPtrArray *unreported, GError **error);
  /* Deletes what expired at @now and drops the bodies of requests of expired sessions. */
  gboolean (*purge) (SimCenterStore *self, gint64 now, SimCenterPurge *purged, GError **error);
} SimCenterStoreBackend;

/* The part every backend's store begins with. */
struct _SimCenterStore {
  const SimCenterStoreBackend *backend;
  const char *backend_name; /* "sqlite" or "postgresql", for logs */
  guint purge_source;       /* the periodic purge, 0 if none */
};

/* Opens the SQLite backend on the file @path (sim-center-store-sqlite.c). */
SimCenterStore *sim_center_store_sqlite_open (const char *path, GError **error);

/* Opens the PostgreSQL backend on the connection URI @uri (sim-center-store-pg.c). */
SimCenterStore *sim_center_store_pg_open (const char *uri, GError **error);

G_END_DECLS
