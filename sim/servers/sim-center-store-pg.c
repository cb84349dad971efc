/* sim-center-store-pg.c: the center's storage backend on PostgreSQL (libpq, blocking, on the
 * center's main thread), so that several centers can serve one fleet from one database. */
#include "sim/servers/sim-center-store-private.h"

#include <libpq-fe.h>

#include "sim/servers/sim-error.h"

/* The advisory lock under which a starting center creates the schema, so that two centers
 * starting together do not both try to create the same table. */
#define SCHEMA_LOCK_KEY "7316250301"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Two connections: requests, responses, outcomes and burnt nonces go through @durable, whose
 * commits wait for the WAL to reach disk; new nonces, new sessions and the purge go through
 * @ephemeral, with synchronous_commit off (docs/protocol.md, "Storage"). */
typedef struct {
  SimCenterStore parent;
  PGconn *durable;
  PGconn *ephemeral;
} SimCenterStorePg;

/* The schema; all times are Unix seconds. A request names its session without a foreign key: the
 * purge deletes expired sessions and keeps their requests' ids and outcomes, and the request keeps
 * its terminal id and the time it was answered, for reconciliation. A database made before those
 * two columns gains them here; its requests whose session is still there take its terminal and,
 * if answered, its opening time (the answer came later); the others stay without terminal and
 * are never listed. The update reads only live sessions' requests (through the idempotency-key
 * index), so repeating it at every start costs little. */
static const char pg_schema[] =
  "SET client_min_messages = warning;"
  "CREATE TABLE IF NOT EXISTS nonce (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS nonce_expiry ON nonce (expires_at);"
  "CREATE TABLE IF NOT EXISTS session ("
  "  session_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
  "  card_fingerprint TEXT NOT NULL, card_serial TEXT NOT NULL, expires_at BIGINT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS session_expiry ON session (expires_at);"
  "CREATE TABLE IF NOT EXISTS request ("
  "  request_id TEXT PRIMARY KEY, session_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL, municipality TEXT NOT NULL, type TEXT NOT NULL,"
  "  copies BIGINT NOT NULL, response BYTEA, answered BOOLEAN NOT NULL DEFAULT false,"
  "  terminal_id TEXT, answered_at BIGINT,"
  "  UNIQUE (session_id, idempotency_key));"
  "ALTER TABLE request ADD COLUMN IF NOT EXISTS terminal_id TEXT;"
  "ALTER TABLE request ADD COLUMN IF NOT EXISTS answered_at BIGINT;"
  "ALTER TABLE request ADD COLUMN IF NOT EXISTS options TEXT NOT NULL DEFAULT '{}';"
  "UPDATE request SET terminal_id = s.terminal_id,"
  "  answered_at = CASE WHEN request.answered"
  "    THEN s.expires_at - " G_STRINGIFY (SIM_CENTER_SESSION_LIFETIME) " END"
  "  FROM session s WHERE s.session_id = request.session_id AND request.terminal_id IS NULL;"
  "CREATE INDEX IF NOT EXISTS request_answered ON request (session_id)"
  "  WHERE response IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS request_unreported ON request (terminal_id, answered_at)"
  "  WHERE answered;"
  "CREATE TABLE IF NOT EXISTS outcome ("
  "  request_id TEXT PRIMARY KEY REFERENCES request (request_id),"
  "  outcome TEXT NOT NULL, reason TEXT NOT NULL);"
  "RESET client_min_messages;";

/* Sets @error from libpq's message, trimmed of its trailing newline. */
static void
sim_center_store_pg_set_error (const char *message, GError **error)
{
  g_autofree char *text = g_strstrip (g_strdup (message));

  g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "postgresql: %s", text);
}

/* Runs one statement with @n_params parameters: text unless @formats says binary (1), in which
 * case @lengths gives its length. Reconnects first if the connection was lost. Returns the result
 * of a statement that succeeded, or NULL with @error set. */
static PGresult *
sim_center_store_pg_run (PGconn *conn, const char *sql, int n_params, const char *const *values,
                         const int *lengths, const int *formats, GError **error)
{
  PGresult *result;
  ExecStatusType status;

  if (PQstatus (conn) == CONNECTION_BAD)
    PQreset (conn);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      sim_center_store_pg_set_error (PQerrorMessage (conn), error);
      return NULL;
    }
  result = PQexecParams (conn, sql, n_params, NULL, values, lengths, formats, 0);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      sim_center_store_pg_set_error (result != NULL ? PQresultErrorMessage (result)
                                                    : PQerrorMessage (conn),
                                     error);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* Runs one statement with text parameters. */
static PGresult *
sim_center_store_pg_run_text (PGconn *conn, const char *sql, int n_params,
                              const char *const *values, GError **error)
{
  return sim_center_store_pg_run (conn, sql, n_params, values, NULL, NULL, error);
}

/* How many rows the statement of @result inserted, updated or deleted. */
static gint64
sim_center_store_pg_changes (PGresult *result)
{
  return g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

/* A text column of row 0 as a newly allocated string (NULL for SQL NULL). */
static char *
sim_center_store_pg_text (PGresult *result, int column)
{
  return PQgetisnull (result, 0, column) ? NULL : g_strdup (PQgetvalue (result, 0, column));
}

/* A BIGINT column of row 0. */
static gint64
sim_center_store_pg_int64 (PGresult *result, int column)
{
  return g_ascii_strtoll (PQgetvalue (result, 0, column), NULL, 10);
}

/* A BYTEA column of row 0 (text format, hex-escaped by the server) as bytes. */
static GBytes *
sim_center_store_pg_bytes (PGresult *result, int column)
{
  size_t len = 0;
  unsigned char *data =
    PQunescapeBytea ((const unsigned char *) PQgetvalue (result, 0, column), &len);
  GBytes *bytes;

  if (data == NULL)
    return NULL;
  bytes = g_bytes_new (data, len);
  PQfreemem (data);
  return bytes;
}

/* Unix seconds as a statement parameter. */
static char *
sim_center_store_pg_time (gint64 seconds)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
}

/* Connects to @uri; @synchronous FALSE turns synchronous_commit off for the connection (its
 * "options" then replace any the URI gives). The URI's own application_name and connect_timeout
 * win over ours. */
static PGconn *
sim_center_store_pg_connect (const char *uri, gboolean synchronous, GError **error)
{
  const char *const keywords[] = { "application_name", "connect_timeout", "dbname", "options", NULL };
  const char *const values[] = { "kiosk-sim-center", "10", uri,
                                 synchronous ? NULL : "-c synchronous_commit=off", NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, 1);

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      sim_center_store_pg_set_error (conn != NULL ? PQerrorMessage (conn) : "out of memory",
                                     error);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

/* Creates the schema under the advisory lock, which is released even if the schema fails. */
static gboolean
sim_center_store_pg_create_schema (SimCenterStorePg *self, GError **error)
{
  const char *const key[] = { SCHEMA_LOCK_KEY };
  g_autoptr (PGresult) locked = sim_center_store_pg_run_text (
    self->durable, "SELECT pg_advisory_lock($1::bigint)", 1, key, error);
  g_autoptr (PGresult) created = NULL;
  g_autoptr (PGresult) unlocked = NULL;
  gboolean ok;

  if (locked == NULL)
    return FALSE;
  created = PQexec (self->durable, pg_schema);
  ok = PQresultStatus (created) == PGRES_COMMAND_OK;
  if (!ok)
    sim_center_store_pg_set_error (created != NULL ? PQresultErrorMessage (created)
                                                   : PQerrorMessage (self->durable),
                                   error);
  unlocked = sim_center_store_pg_run_text (self->durable, "SELECT pg_advisory_unlock($1::bigint)",
                                           1, key, ok ? error : NULL);
  return ok && unlocked != NULL;
}

/* Closes both connections. */
static void
sim_center_store_pg_close (SimCenterStore *store)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;

  g_clear_pointer (&self->durable, PQfinish);
  g_clear_pointer (&self->ephemeral, PQfinish);
  g_free (self);
}

/* Inserts a nonce (not synced: a lost nonce only makes the terminal ask for another). */
static gboolean
sim_center_store_pg_insert_nonce (SimCenterStore *store, const char *nonce, gint64 expires_at,
                                  GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *expires = sim_center_store_pg_time (expires_at);
  const char *const values[] = { nonce, expires };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->ephemeral, "INSERT INTO nonce (nonce, expires_at) VALUES ($1, $2)", 2, values, error);

  return result != NULL;
}

/* Deletes a live nonce; the row count says whether this call burnt it (synced: a burnt nonce must
 * stay burnt after a crash). */
static gboolean
sim_center_store_pg_delete_nonce (SimCenterStore *store, const char *nonce, gint64 now,
                                  gboolean *deleted, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *now_text = sim_center_store_pg_time (now);
  const char *const values[] = { nonce, now_text };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable, "DELETE FROM nonce WHERE nonce = $1 AND expires_at >= $2", 2, values, error);

  if (result == NULL)
    return FALSE;
  *deleted = sim_center_store_pg_changes (result) == 1;
  return TRUE;
}

/* Inserts a session (not synced: a session lost in a crash makes the terminal authenticate
 * again; any later synced commit of a request in it syncs the session too). */
static gboolean
sim_center_store_pg_insert_session (SimCenterStore *store, const SimSession *session,
                                    GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *expires = sim_center_store_pg_time (session->expires_at);
  const char *const values[] = { session->session_id, session->terminal_id,
                                 session->card_fingerprint, session->card_serial, expires };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->ephemeral,
    "INSERT INTO session (session_id, terminal_id, card_fingerprint, card_serial, expires_at)"
    " VALUES ($1, $2, $3, $4, $5)",
    5, values, error);

  return result != NULL;
}

/* Reads a live session of this terminal. */
static SimSession *
sim_center_store_pg_find_session (SimCenterStore *store, const char *session_id,
                                  const char *terminal_id, gint64 now, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *now_text = sim_center_store_pg_time (now);
  const char *const values[] = { session_id, terminal_id, now_text };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable,
    "SELECT card_fingerprint, card_serial, expires_at FROM session"
    " WHERE session_id = $1 AND terminal_id = $2 AND expires_at >= $3",
    3, values, error);
  SimSession *session;

  if (result == NULL || PQntuples (result) != 1)
    return NULL;
  session = g_new0 (SimSession, 1);
  session->session_id = g_strdup (session_id);
  session->terminal_id = g_strdup (terminal_id);
  session->card_fingerprint = sim_center_store_pg_text (result, 0);
  session->card_serial = sim_center_store_pg_text (result, 1);
  session->expires_at = sim_center_store_pg_int64 (result, 2);
  return session;
}

/* Inserts a pending request, with its session's terminal id, unless its key is taken: on a
 * conflict with a row another center is inserting, PostgreSQL waits for that center's commit and
 * then does nothing. */
static gboolean
sim_center_store_pg_insert_request (SimCenterStore *store, const char *session_id,
                                    const char *idempotency_key, const SimCenterRequest *request,
                                    gboolean *inserted, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *copies = g_strdup_printf ("%" G_GINT64_FORMAT, request->copies);
  const char *const values[] = { request->request_id, session_id, idempotency_key,
                                 request->municipality, request->type, copies,
                                 request->options != NULL ? request->options : "{}" };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable,
    "INSERT INTO request (request_id, session_id, idempotency_key, municipality, type, copies,"
    " options, terminal_id) VALUES ($1, $2, $3, $4, $5, $6, $7,"
    " (SELECT terminal_id FROM session WHERE session_id = $2))"
    " ON CONFLICT (session_id, idempotency_key) DO NOTHING",
    7, values, error);

  if (result == NULL)
    return FALSE;
  *inserted = sim_center_store_pg_changes (result) == 1;
  return TRUE;
}

/* Reads a request by its idempotency key (a fresh snapshot: it sees any committed claim). */
static SimCenterRequest *
sim_center_store_pg_find_request (SimCenterStore *store, const char *session_id,
                                  const char *idempotency_key, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  const char *const values[] = { session_id, idempotency_key };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable,
    "SELECT request_id, municipality, type, copies, response, options FROM request"
    " WHERE session_id = $1 AND idempotency_key = $2",
    2, values, error);
  SimCenterRequest *request;

  if (result == NULL || PQntuples (result) != 1)
    return NULL;
  request = g_new0 (SimCenterRequest, 1);
  request->request_id = sim_center_store_pg_text (result, 0);
  request->municipality = sim_center_store_pg_text (result, 1);
  request->type = sim_center_store_pg_text (result, 2);
  request->copies = sim_center_store_pg_int64 (result, 3);
  request->options = sim_center_store_pg_text (result, 5);
  if (!PQgetisnull (result, 0, 4) && (request->response = sim_center_store_pg_bytes (result, 4)) == NULL)
    {
      sim_center_request_free (request);
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "postgresql: unreadable response");
      return NULL;
    }
  return request;
}

/* Stores the answer unless one is stored (or was, and was purged); one statement, so of two
 * centers answering the same request the first keeps its document. */
static gboolean
sim_center_store_pg_complete_request (SimCenterStore *store, const char *request_id,
                                      GBytes *response, gint64 now, gboolean *found,
                                      GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  gsize len = 0;
  const char *data = g_bytes_get_data (response, &len);
  g_autofree char *now_text = sim_center_store_pg_time (now);
  const char *const values[] = { data != NULL ? data : "", request_id, now_text };
  const int lengths[] = { (int) len, 0, 0 };
  const int formats[] = { 1, 0, 0 };
  g_autoptr (PGresult) result = NULL;

  if (len > G_MAXINT)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "response too large");
      return FALSE;
    }
  result = sim_center_store_pg_run (
    self->durable,
    "UPDATE request SET response = CASE WHEN answered THEN response ELSE $1::bytea END,"
    " answered_at = CASE WHEN answered THEN answered_at ELSE $3::bigint END,"
    " answered = true WHERE request_id = $2",
    3, values, lengths, formats, error);
  if (result == NULL)
    return FALSE;
  *found = sim_center_store_pg_changes (result) == 1;
  return TRUE;
}

/* The outcome insert, for an answered request of a session or of a terminal ($4). */
static const char *const pg_insert_outcome[] = {
  [SIM_CENTER_OWNER_SESSION] =
    "INSERT INTO outcome (request_id, outcome, reason)"
    " SELECT request_id, $1, $2 FROM request WHERE request_id = $3 AND session_id = $4"
    " AND answered ON CONFLICT (request_id) DO NOTHING",
  [SIM_CENTER_OWNER_TERMINAL] =
    "INSERT INTO outcome (request_id, outcome, reason)"
    " SELECT request_id, $1, $2 FROM request WHERE request_id = $3 AND terminal_id = $4"
    " AND answered ON CONFLICT (request_id) DO NOTHING",
};

/* The outcome read, for an answered request of a session or of a terminal ($2). */
static const char *const pg_find_outcome[] = {
  [SIM_CENTER_OWNER_SESSION] =
    "SELECT o.outcome FROM request r LEFT JOIN outcome o ON o.request_id = r.request_id"
    " WHERE r.request_id = $1 AND r.session_id = $2 AND r.answered",
  [SIM_CENTER_OWNER_TERMINAL] =
    "SELECT o.outcome FROM request r LEFT JOIN outcome o ON o.request_id = r.request_id"
    " WHERE r.request_id = $1 AND r.terminal_id = $2 AND r.answered",
};

/* Inserts an outcome for an answered request of the session or terminal unless it has one; a
 * concurrent insert of another outcome makes this one wait for its commit and then do nothing. */
static gboolean
sim_center_store_pg_insert_outcome (SimCenterStore *store, SimCenterOwner owner,
                                    const char *owner_id, const char *request_id,
                                    const char *outcome, const char *reason, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  const char *const values[] = { outcome, reason, request_id, owner_id };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable, pg_insert_outcome[owner], 4, values, error);

  return result != NULL;
}

/* Reads whether the request is answered for the session or terminal, and its outcome. */
static gboolean
sim_center_store_pg_find_outcome (SimCenterStore *store, SimCenterOwner owner,
                                  const char *owner_id, const char *request_id,
                                  gboolean *answered, char **outcome, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  const char *const values[] = { request_id, owner_id };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable, pg_find_outcome[owner], 2, values, error);

  if (result == NULL)
    return FALSE;
  *answered = PQntuples (result) == 1;
  *outcome = *answered ? sim_center_store_pg_text (result, 0) : NULL;
  return TRUE;
}

/* Reads the terminal's answered requests without an outcome, oldest answer first. */
static gboolean
sim_center_store_pg_list_unreported (SimCenterStore *store, const char *terminal_id,
                                     guint limit, GPtrArray *unreported, GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *const values[] = { terminal_id, limit_text };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (
    self->durable,
    "SELECT request_id, answered_at FROM request r WHERE terminal_id = $1 AND answered"
    " AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.request_id = r.request_id)"
    " ORDER BY answered_at, request_id LIMIT $2::bigint",
    2, values, error);

  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      SimCenterUnreported *row = g_new0 (SimCenterUnreported, 1);

      row->request_id = g_strdup (PQgetvalue (result, i, 0));
      row->answered_at = g_ascii_strtoll (PQgetvalue (result, i, 1), NULL, 10);
      g_ptr_array_add (unreported, row);
    }
  return TRUE;
}

/* Runs one purge statement with @now as $1 and adds its row count to *@count. */
static gboolean
sim_center_store_pg_purge_step (SimCenterStorePg *self, const char *sql, const char *now,
                                gint64 *count, GError **error)
{
  const char *const values[] = { now };
  g_autoptr (PGresult) result = sim_center_store_pg_run_text (self->ephemeral, sql, 1, values,
                                                              error);

  if (result == NULL)
    return FALSE;
  *count += sim_center_store_pg_changes (result);
  return TRUE;
}

/* Drops documents of gone or expired sessions, then deletes expired sessions and nonces; each
 * statement on its own, so that two centers purging at once only find less to do. */
static gboolean
sim_center_store_pg_purge (SimCenterStore *store, gint64 now, SimCenterPurge *purged,
                           GError **error)
{
  SimCenterStorePg *self = (SimCenterStorePg *) store;
  g_autofree char *now_text = sim_center_store_pg_time (now);

  return sim_center_store_pg_purge_step (
           self,
           "UPDATE request SET response = NULL WHERE response IS NOT NULL AND NOT EXISTS"
           " (SELECT 1 FROM session s WHERE s.session_id = request.session_id"
           "  AND s.expires_at >= $1)",
           now_text, &purged->documents, error)
         && sim_center_store_pg_purge_step (self, "DELETE FROM session WHERE expires_at < $1",
                                            now_text, &purged->sessions, error)
         && sim_center_store_pg_purge_step (self, "DELETE FROM nonce WHERE expires_at < $1",
                                            now_text, &purged->nonces, error);
}

/* The PostgreSQL operations. */
static const SimCenterStoreBackend pg_backend = {
  .close = sim_center_store_pg_close,
  .insert_nonce = sim_center_store_pg_insert_nonce,
  .delete_nonce = sim_center_store_pg_delete_nonce,
  .insert_session = sim_center_store_pg_insert_session,
  .find_session = sim_center_store_pg_find_session,
  .insert_request = sim_center_store_pg_insert_request,
  .find_request = sim_center_store_pg_find_request,
  .complete_request = sim_center_store_pg_complete_request,
  .insert_outcome = sim_center_store_pg_insert_outcome,
  .find_outcome = sim_center_store_pg_find_outcome,
  .list_unreported = sim_center_store_pg_list_unreported,
  .purge = sim_center_store_pg_purge,
};

/* Connects twice and creates the schema. */
SimCenterStore *
sim_center_store_pg_open (const char *uri, GError **error)
{
  SimCenterStorePg *self = g_new0 (SimCenterStorePg, 1);

  self->parent.backend = &pg_backend;
  self->parent.backend_name = "postgresql";
  if ((self->durable = sim_center_store_pg_connect (uri, TRUE, error)) == NULL
      || (self->ephemeral = sim_center_store_pg_connect (uri, FALSE, error)) == NULL
      || !sim_center_store_pg_create_schema (self, error))
    {
      sim_center_store_pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}
