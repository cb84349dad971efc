/* sim-center-store-sqlite.c: the center's storage backend on one SQLite file (WAL): the default
 * for a single center. Nonces and sessions are written through a second connection whose commits
 * are not flushed, as on PostgreSQL (docs/protocol.md, "Durability"). */
#include "sim/servers/sim-center-store-private.h"

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-sqlite.h"

typedef struct {
  SimCenterStore parent;
  sqlite3 *db;        /* synchronous=FULL: each commit is on disk when it returns */
  sqlite3 *ephemeral; /* synchronous=NORMAL: issuing nonces, opening sessions */
} SimCenterStoreSqlite;

/* The schema; all times are Unix seconds. A request names its session without a foreign key: the
 * purge deletes expired sessions and keeps their requests' ids and outcomes, and the request keeps
 * its terminal id and the time it was answered, for reconciliation. */
static const char sqlite_schema[] =
  "CREATE TABLE IF NOT EXISTS nonce (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS nonce_expiry ON nonce (expires_at);"
  "CREATE TABLE IF NOT EXISTS session ("
  "  session_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
  "  card_fingerprint TEXT NOT NULL, card_serial TEXT NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS session_expiry ON session (expires_at);"
  "CREATE TABLE IF NOT EXISTS request ("
  "  request_id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL, municipality TEXT NOT NULL, type TEXT NOT NULL,"
  "  copies INTEGER NOT NULL, response BLOB, answered INTEGER NOT NULL DEFAULT 0,"
  "  terminal_id TEXT, answered_at INTEGER, options TEXT NOT NULL DEFAULT '{}',"
  "  UNIQUE (session_id, idempotency_key));"
  "CREATE TABLE IF NOT EXISTS outcome ("
  "  request_id TEXT PRIMARY KEY REFERENCES request (request_id),"
  "  outcome TEXT NOT NULL, reason TEXT NOT NULL);";

/* Moves a request table of the first schema (a foreign key to session, no answered column) to
 * the current one; SQLite cannot drop a constraint, so the table is copied. */
static const char sqlite_migrate_request[] =
  "CREATE TABLE request_current ("
  "  request_id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL, municipality TEXT NOT NULL, type TEXT NOT NULL,"
  "  copies INTEGER NOT NULL, response BLOB, answered INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (session_id, idempotency_key));"
  "INSERT INTO request_current"
  "  SELECT request_id, session_id, idempotency_key, municipality, type, copies, response,"
  "         response IS NOT NULL FROM request;"
  "DROP TABLE request;"
  "ALTER TABLE request_current RENAME TO request;";

/* Adds the reconciliation columns to a request table of the second schema; a request whose
 * session is still there takes its terminal and, if answered, its session's opening time (the
 * answer came later); one whose session was purged stays without terminal and is never listed. */
static const char sqlite_migrate_reconciliation[] =
  "ALTER TABLE request ADD COLUMN terminal_id TEXT;"
  "ALTER TABLE request ADD COLUMN answered_at INTEGER;"
  "UPDATE request SET terminal_id = s.terminal_id,"
  "  answered_at = CASE WHEN request.answered"
  "    THEN s.expires_at - " G_STRINGIFY (SIM_CENTER_SESSION_LIFETIME) " END"
  "  FROM session s WHERE s.session_id = request.session_id;";

/* Adds the options column (protocol v2) to a request table without it; older requests had none. */
static const char sqlite_migrate_options[] =
  "ALTER TABLE request ADD COLUMN options TEXT NOT NULL DEFAULT '{}';";

/* Indexes made after a possible migration, which drops the old table's. */
static const char sqlite_indexes[] =
  "CREATE INDEX IF NOT EXISTS request_answered ON request (session_id) WHERE response IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS request_unreported ON request (terminal_id, answered_at)"
  "  WHERE answered;";

/* Copies SQLite's last error of the store's connection into @error. */
static gboolean
sim_center_store_sqlite_fail (SimCenterStoreSqlite *self, GError **error)
{
  sim_sqlite_set_error (self->db, error);
  return FALSE;
}

/* Runs a statement without rows to completion. */
static gboolean
sim_center_store_sqlite_done (SimCenterStoreSqlite *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sim_center_store_sqlite_fail (self, error);
  return TRUE;
}

/* Runs one parameterless statement returning one integer. */
static gboolean
sim_center_store_sqlite_integer (SimCenterStoreSqlite *self, const char *sql, gint64 *value,
                                 GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return sim_center_store_sqlite_fail (self, error);
  *value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Migrates a file of the first schema, once, in one transaction (foreign keys off meanwhile, as
 * SQLite's table-rebuild procedure wants). */
static gboolean
sim_center_store_sqlite_migrate (SimCenterStoreSqlite *self, GError **error)
{
  gint64 current = 0;
  gboolean ok;

  if (!sim_center_store_sqlite_integer (
        self, "SELECT count(*) FROM pragma_table_info('request') WHERE name = 'answered'", &current,
        error))
    return FALSE;
  if (current > 0)
    return TRUE;
  if (!sim_sqlite_exec (self->db, "PRAGMA foreign_keys=OFF; BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = sim_sqlite_exec (self->db, sqlite_migrate_request, error)
       && sim_sqlite_exec (self->db, "COMMIT;", error);
  if (!ok)
    sim_sqlite_exec (self->db, "ROLLBACK;", NULL);
  return sim_sqlite_exec (self->db, "PRAGMA foreign_keys=ON;", ok ? error : NULL) && ok;
}

/* Adds the reconciliation columns to a file without them, once: the check runs inside the
 * write transaction, so a second center opening the file meanwhile finds them added. */
static gboolean
sim_center_store_sqlite_migrate_reconciliation (SimCenterStoreSqlite *self, GError **error)
{
  gint64 current = 0;
  gboolean ok;

  if (!sim_sqlite_exec (self->db, "BEGIN IMMEDIATE;", error))
    return FALSE;
  ok = sim_center_store_sqlite_integer (
         self, "SELECT count(*) FROM pragma_table_info('request') WHERE name = 'terminal_id'",
         &current, error)
       && (current > 0 || sim_sqlite_exec (self->db, sqlite_migrate_reconciliation, error))
       && sim_center_store_sqlite_integer (
         self, "SELECT count(*) FROM pragma_table_info('request') WHERE name = 'options'",
         &current, error)
       && (current > 0 || sim_sqlite_exec (self->db, sqlite_migrate_options, error))
       && sim_sqlite_exec (self->db, "COMMIT;", error);
  if (!ok)
    sim_sqlite_exec (self->db, "ROLLBACK;", NULL);
  return ok;
}

/* Closes the file. */
static void
sim_center_store_sqlite_close (SimCenterStore *store)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;

  g_clear_pointer (&self->ephemeral, sqlite3_close);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self);
}

/* Runs a prepared statement of the unflushed connection to completion. */
static gboolean
sim_center_store_sqlite_ephemeral_done (SimCenterStoreSqlite *self, sqlite3_stmt *stmt,
                                        GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sim_sqlite_set_error (self->ephemeral, error);
      return FALSE;
    }
  return TRUE;
}

/* Inserts a nonce (not flushed: a lost nonce only makes the terminal ask for another). */
static gboolean
sim_center_store_sqlite_insert_nonce (SimCenterStore *store, const char *nonce, gint64 expires_at,
                                      GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->ephemeral, "INSERT INTO nonce (nonce, expires_at) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, nonce, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, expires_at);
  return sim_center_store_sqlite_ephemeral_done (self, stmt, error);
}

/* Deletes a live nonce; the change count says whether this call burnt it. */
static gboolean
sim_center_store_sqlite_delete_nonce (SimCenterStore *store, const char *nonce, gint64 now,
                                      gboolean *deleted, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "DELETE FROM nonce WHERE nonce = ? AND expires_at >= ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, nonce, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!sim_center_store_sqlite_done (self, stmt, error))
    return FALSE;
  *deleted = sqlite3_changes (self->db) == 1;
  return TRUE;
}

/* Inserts a session (not flushed: a session lost in a crash makes the terminal authenticate again;
 * the flushed commit of a request in it flushes the WAL before it, the session with it). */
static gboolean
sim_center_store_sqlite_insert_session (SimCenterStore *store, const SimSession *session,
                                        GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->ephemeral,
                        "INSERT INTO session (session_id, terminal_id, card_fingerprint,"
                        " card_serial, expires_at) VALUES (?, ?, ?, ?, ?)",
                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session->terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, session->card_fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, session->card_serial, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, session->expires_at);
  return sim_center_store_sqlite_ephemeral_done (self, stmt, error);
}

/* Reads a live session of this terminal. */
static SimSession *
sim_center_store_sqlite_find_session (SimCenterStore *store, const char *session_id,
                                      const char *terminal_id, gint64 now, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT card_fingerprint, card_serial, expires_at FROM session"
    " WHERE session_id = ? AND terminal_id = ? AND expires_at >= ?",
    error);
  SimSession *session;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        sim_center_store_sqlite_fail (self, error);
      return NULL;
    }
  session = g_new0 (SimSession, 1);
  session->session_id = g_strdup (session_id);
  session->terminal_id = g_strdup (terminal_id);
  session->card_fingerprint = sim_sqlite_column_text (stmt, 0);
  session->card_serial = sim_sqlite_column_text (stmt, 1);
  session->expires_at = sqlite3_column_int64 (stmt, 2);
  return session;
}

/* Inserts a pending request unless its key is taken (the UNIQUE constraint decides), with its
 * session's terminal id. */
static gboolean
sim_center_store_sqlite_insert_request (SimCenterStore *store, const char *session_id,
                                        const char *idempotency_key,
                                        const SimCenterRequest *request, gboolean *inserted,
                                        GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "INSERT INTO request (request_id, session_id, idempotency_key, municipality, type, copies,"
    " options, terminal_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " (SELECT terminal_id FROM session WHERE session_id = ?2))"
    " ON CONFLICT (session_id, idempotency_key) DO NOTHING",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, request->request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, idempotency_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, request->municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, request->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, request->copies);
  sqlite3_bind_text (stmt, 7, request->options != NULL ? request->options : "{}", -1,
                     SQLITE_TRANSIENT);
  if (!sim_center_store_sqlite_done (self, stmt, error))
    return FALSE;
  *inserted = sqlite3_changes (self->db) == 1;
  return TRUE;
}

/* Reads a request by its idempotency key. */
static SimCenterRequest *
sim_center_store_sqlite_find_request (SimCenterStore *store, const char *session_id,
                                      const char *idempotency_key, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT request_id, municipality, type, copies, response, options FROM request"
    " WHERE session_id = ? AND idempotency_key = ?",
    error);
  SimCenterRequest *request;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, idempotency_key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        sim_center_store_sqlite_fail (self, error);
      return NULL;
    }
  request = g_new0 (SimCenterRequest, 1);
  request->request_id = sim_sqlite_column_text (stmt, 0);
  request->municipality = sim_sqlite_column_text (stmt, 1);
  request->type = sim_sqlite_column_text (stmt, 2);
  request->copies = sqlite3_column_int64 (stmt, 3);
  request->options = sim_sqlite_column_text (stmt, 5);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    request->response = sim_sqlite_column_bytes (stmt, 4);
  return request;
}

/* Stores the answer unless one is stored (or was, and was purged); one statement. */
static gboolean
sim_center_store_sqlite_complete_request (SimCenterStore *store, const char *request_id,
                                          GBytes *response, gint64 now, gboolean *found,
                                          GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "UPDATE request SET response = CASE WHEN answered THEN response ELSE ?1 END,"
    " answered_at = CASE WHEN answered THEN answered_at ELSE ?3 END, answered = 1"
    " WHERE request_id = ?2",
    error);
  gsize len = 0;
  const void *data = g_bytes_get_data (response, &len);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob64 (stmt, 1, data != NULL ? data : "", len, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!sim_center_store_sqlite_done (self, stmt, error))
    return FALSE;
  *found = sqlite3_changes (self->db) == 1;
  return TRUE;
}

/* The outcome insert, for an answered request of a session or of a terminal (?4). */
static const char *const sqlite_insert_outcome[] = {
  [SIM_CENTER_OWNER_SESSION] =
    "INSERT INTO outcome (request_id, outcome, reason)"
    " SELECT request_id, ?1, ?2 FROM request WHERE request_id = ?3 AND session_id = ?4 AND answered"
    " ON CONFLICT (request_id) DO NOTHING",
  [SIM_CENTER_OWNER_TERMINAL] =
    "INSERT INTO outcome (request_id, outcome, reason)"
    " SELECT request_id, ?1, ?2 FROM request WHERE request_id = ?3 AND terminal_id = ?4"
    " AND answered ON CONFLICT (request_id) DO NOTHING",
};

/* The outcome read, for an answered request of a session or of a terminal (?2). */
static const char *const sqlite_find_outcome[] = {
  [SIM_CENTER_OWNER_SESSION] =
    "SELECT o.outcome FROM request r LEFT JOIN outcome o ON o.request_id = r.request_id"
    " WHERE r.request_id = ?1 AND r.session_id = ?2 AND r.answered",
  [SIM_CENTER_OWNER_TERMINAL] =
    "SELECT o.outcome FROM request r LEFT JOIN outcome o ON o.request_id = r.request_id"
    " WHERE r.request_id = ?1 AND r.terminal_id = ?2 AND r.answered",
};

/* Inserts an outcome for an answered request of the session or terminal unless it has one. */
static gboolean
sim_center_store_sqlite_insert_outcome (SimCenterStore *store, SimCenterOwner owner,
                                        const char *owner_id, const char *request_id,
                                        const char *outcome, const char *reason, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, sqlite_insert_outcome[owner], error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, outcome, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, owner_id, -1, SQLITE_TRANSIENT);
  return sim_center_store_sqlite_done (self, stmt, error);
}

/* Reads whether the request is answered for the session or terminal, and its outcome. */
static gboolean
sim_center_store_sqlite_find_outcome (SimCenterStore *store, SimCenterOwner owner,
                                      const char *owner_id, const char *request_id,
                                      gboolean *answered, char **outcome, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (self->db, sqlite_find_outcome[owner], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, owner_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sim_center_store_sqlite_fail (self, error);
  *answered = rc == SQLITE_ROW;
  *outcome = *answered ? sim_sqlite_column_text (stmt, 0) : NULL;
  return TRUE;
}

/* Reads the terminal's answered requests without an outcome, oldest answer first. */
static gboolean
sim_center_store_sqlite_list_unreported (SimCenterStore *store, const char *terminal_id,
                                         guint limit, GPtrArray *unreported, GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT request_id, answered_at FROM request r WHERE terminal_id = ? AND answered"
    " AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.request_id = r.request_id)"
    " ORDER BY answered_at, request_id LIMIT ?",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SimCenterUnreported *row = g_new0 (SimCenterUnreported, 1);

      row->request_id = sim_sqlite_column_text (stmt, 0);
      row->answered_at = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (unreported, row);
    }
  if (rc != SQLITE_DONE)
    return sim_center_store_sqlite_fail (self, error);
  return TRUE;
}

/* Runs one purge statement with @now bound and adds its change count to *@count. */
static gboolean
sim_center_store_sqlite_purge_step (SimCenterStoreSqlite *self, const char *sql, gint64 now,
                                    gint64 *count, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!sim_center_store_sqlite_done (self, stmt, error))
    return FALSE;
  *count += sqlite3_changes (self->db);
  return TRUE;
}

/* Drops documents of gone or expired sessions, then deletes expired sessions and nonces. */
static gboolean
sim_center_store_sqlite_purge (SimCenterStore *store, gint64 now, SimCenterPurge *purged,
                               GError **error)
{
  SimCenterStoreSqlite *self = (SimCenterStoreSqlite *) store;

  return sim_center_store_sqlite_purge_step (
           self,
           "UPDATE request SET response = NULL WHERE response IS NOT NULL AND NOT EXISTS"
           " (SELECT 1 FROM session s WHERE s.session_id = request.session_id"
           "  AND s.expires_at >= ?1)",
           now, &purged->documents, error)
         && sim_center_store_sqlite_purge_step (self, "DELETE FROM session WHERE expires_at < ?1",
                                                now, &purged->sessions, error)
         && sim_center_store_sqlite_purge_step (self, "DELETE FROM nonce WHERE expires_at < ?1",
                                                now, &purged->nonces, error);
}

/* The SQLite operations. */
static const SimCenterStoreBackend sqlite_backend = {
  .close = sim_center_store_sqlite_close,
  .insert_nonce = sim_center_store_sqlite_insert_nonce,
  .delete_nonce = sim_center_store_sqlite_delete_nonce,
  .insert_session = sim_center_store_sqlite_insert_session,
  .find_session = sim_center_store_sqlite_find_session,
  .insert_request = sim_center_store_sqlite_insert_request,
  .find_request = sim_center_store_sqlite_find_request,
  .complete_request = sim_center_store_sqlite_complete_request,
  .insert_outcome = sim_center_store_sqlite_insert_outcome,
  .find_outcome = sim_center_store_sqlite_find_outcome,
  .list_unreported = sim_center_store_sqlite_list_unreported,
  .purge = sim_center_store_sqlite_purge,
};

/* Opens the file, creates or migrates the schema. */
SimCenterStore *
sim_center_store_sqlite_open (const char *path, GError **error)
{
  SimCenterStoreSqlite *self = g_new0 (SimCenterStoreSqlite, 1);

  self->parent.backend = &sqlite_backend;
  self->parent.backend_name = "sqlite";
  self->db = sim_sqlite_open (path, sqlite_schema, error);
  if (self->db == NULL || !sim_center_store_sqlite_migrate (self, error)
      || !sim_center_store_sqlite_migrate_reconciliation (self, error)
      || !sim_sqlite_exec (self->db, sqlite_indexes, error)
      || (self->ephemeral = sim_sqlite_open (path, NULL, error)) == NULL
      || !sim_sqlite_exec (self->ephemeral, "PRAGMA synchronous=NORMAL;", error))
    {
      sim_center_store_sqlite_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
