/* sim-center-store.c: nonces, sessions, requests and outcomes of the center, in one SQLite file. */
#include "sim/servers/sim-center-store.h"

#include <openssl/rand.h>

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-sqlite.h"

struct _SimCenterStore {
  sqlite3 *db;
};

/* The schema; all times are Unix seconds. */
static const char center_schema[] =
  "CREATE TABLE IF NOT EXISTS nonce (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS session ("
  "  session_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
  "  card_fingerprint TEXT NOT NULL, card_serial TEXT NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS request ("
  "  request_id TEXT PRIMARY KEY,"
  "  session_id TEXT NOT NULL REFERENCES session (session_id),"
  "  idempotency_key TEXT NOT NULL, municipality TEXT NOT NULL, type TEXT NOT NULL,"
  "  copies INTEGER NOT NULL, response BLOB,"
  "  UNIQUE (session_id, idempotency_key));"
  "CREATE TABLE IF NOT EXISTS outcome ("
  "  request_id TEXT PRIMARY KEY REFERENCES request (request_id),"
  "  outcome TEXT NOT NULL, reason TEXT NOT NULL);";

/* Opens the database. */
SimCenterStore *
sim_center_store_open (const char *path, GError **error)
{
  g_autoptr (SimCenterStore) self = g_new0 (SimCenterStore, 1);

  self->db = sim_sqlite_open (path, center_schema, error);
  if (self->db == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* Closes the database. */
void
sim_center_store_free (SimCenterStore *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self);
}

/* Runs a prepared statement to completion. */
static gboolean
sim_center_store_step_done (SimCenterStore *self, sqlite3_stmt *stmt, GError **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sim_sqlite_set_error (self->db, error);
      return FALSE;
    }
  return TRUE;
}

/* Fills @buffer from OpenSSL's CSPRNG. */
static gboolean
sim_center_store_random (guint8 *buffer, int len, GError **error)
{
  if (RAND_bytes (buffer, len) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "no randomness");
      return FALSE;
    }
  return TRUE;
}

/* Creates, stores and returns a nonce; expired nonces and sessions are purged on the way. */
char *
sim_center_store_new_nonce (SimCenterStore *self, gint64 now, gint64 *expires_at, GError **error)
{
  g_autoptr (sqlite3_stmt) purge = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  guint8 random[32];
  g_autofree char *nonce = NULL;

  purge = sim_sqlite_prepare (self->db, "DELETE FROM nonce WHERE expires_at < ?", error);
  if (purge == NULL)
    return NULL;
  sqlite3_bind_int64 (purge, 1, now);
  if (!sim_center_store_step_done (self, purge, error) || !sim_center_store_random (random, 32, error))
    return NULL;
  nonce = g_base64_encode (random, sizeof random);
  *expires_at = now + SIM_CENTER_NONCE_LIFETIME;
  insert = sim_sqlite_prepare (self->db, "INSERT INTO nonce (nonce, expires_at) VALUES (?, ?)",
                               error);
  if (insert == NULL)
    return NULL;
  sqlite3_bind_text (insert, 1, nonce, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 2, *expires_at);
  if (!sim_center_store_step_done (self, insert, error))
    return NULL;
  return g_steal_pointer (&nonce);
}

/* Deletes the nonce if live: one statement, so a nonce can be burnt only once. */
gboolean
sim_center_store_burn_nonce (SimCenterStore *self, const char *nonce, gint64 now, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "DELETE FROM nonce WHERE nonce = ? AND expires_at >= ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, nonce, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!sim_center_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_NONCE_UNKNOWN, "nonce unknown, used or expired");
      return FALSE;
    }
  return TRUE;
}

/* A random (version 4) UUID from the CSPRNG: session ids are bearer secrets. */
char *
sim_center_store_new_id (GError **error)
{
  guint8 b[16];

  if (!sim_center_store_random (b, sizeof b, error))
    return NULL;
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

/* Creates a session row. */
SimSession *
sim_center_store_create_session (SimCenterStore *self, const char *terminal_id,
                                 const SimCardIdentity *identity, gint64 now, GError **error)
{
  g_autoptr (SimSession) session = g_new0 (SimSession, 1);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  session->session_id = sim_center_store_new_id (error);
  if (session->session_id == NULL)
    return NULL;
  session->terminal_id = g_strdup (terminal_id);
  session->card_fingerprint = g_strdup (identity->fingerprint);
  session->card_serial = g_strdup (identity->serial);
  session->expires_at = now + SIM_CENTER_SESSION_LIFETIME;
  stmt = sim_sqlite_prepare (self->db,
                             "INSERT INTO session (session_id, terminal_id, card_fingerprint,"
                             " card_serial, expires_at) VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, session->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session->terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, session->card_fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, session->card_serial, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, session->expires_at);
  if (!sim_center_store_step_done (self, stmt, error))
    return NULL;
  return g_steal_pointer (&session);
}

/* Finds a live session of this terminal. */
SimSession *
sim_center_store_find_session (SimCenterStore *self, const char *session_id,
                               const char *terminal_id, gint64 now, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT card_fingerprint, card_serial, expires_at FROM session"
    " WHERE session_id = ? AND terminal_id = ? AND expires_at >= ?",
    error);
  SimSession *session;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_SESSION_UNKNOWN,
                   "session unknown, expired or of another terminal");
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

/* Finds a request by its idempotency key. */
SimCenterRequest *
sim_center_store_find_request (SimCenterStore *self, const char *session_id,
                               const char *idempotency_key, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT request_id, municipality, type, copies, response FROM request"
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
        sim_sqlite_set_error (self->db, error);
      return NULL;
    }
  request = g_new0 (SimCenterRequest, 1);
  request->request_id = sim_sqlite_column_text (stmt, 0);
  request->municipality = sim_sqlite_column_text (stmt, 1);
  request->type = sim_sqlite_column_text (stmt, 2);
  request->copies = sqlite3_column_int64 (stmt, 3);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    request->response = sim_sqlite_column_bytes (stmt, 4);
  return request;
}

/* Inserts a pending request. */
gboolean
sim_center_store_insert_request (SimCenterStore *self, const char *session_id,
                                 const char *idempotency_key, const SimCenterRequest *request,
                                 GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "INSERT INTO request (request_id, session_id, idempotency_key, municipality, type, copies)"
    " VALUES (?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, request->request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, idempotency_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, request->municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, request->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, request->copies);
  return sim_center_store_step_done (self, stmt, error);
}

/* Stores the answer. */
gboolean
sim_center_store_complete_request (SimCenterStore *self, const char *request_id, GBytes *response,
                                   GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "UPDATE request SET response = ? WHERE request_id = ?", error);
  gsize len = 0;
  const void *data = g_bytes_get_data (response, &len);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob64 (stmt, 1, data != NULL ? data : "", len, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, request_id, -1, SQLITE_TRANSIENT);
  return sim_center_store_step_done (self, stmt, error);
}

/* Deletes a pending request. */
void
sim_center_store_forget_request (SimCenterStore *self, const char *request_id)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db, "DELETE FROM request WHERE request_id = ? AND response IS NULL", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_TRANSIENT);
  sim_center_store_step_done (self, stmt, NULL);
}

/* Records an outcome once; the same outcome again is accepted. */
gboolean
sim_center_store_record_outcome (SimCenterStore *self, const char *session_id,
                                 const char *request_id, const char *outcome, const char *reason,
                                 GError **error)
{
  g_autoptr (sqlite3_stmt) check = sim_sqlite_prepare (
    self->db,
    "SELECT o.outcome FROM request r LEFT JOIN outcome o ON o.request_id = r.request_id"
    " WHERE r.request_id = ? AND r.session_id = ? AND r.response IS NOT NULL",
    error);
  g_autoptr (sqlite3_stmt) insert = NULL;

  if (check == NULL)
    return FALSE;
  sqlite3_bind_text (check, 1, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (check, 2, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (check) != SQLITE_ROW)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "no answered request %s in this session",
                   request_id);
      return FALSE;
    }
  if (sqlite3_column_type (check, 0) != SQLITE_NULL)
    {
      if (g_str_equal ((const char *) sqlite3_column_text (check, 0), outcome))
        return TRUE;
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_REFUSED, "outcome-conflict");
      return FALSE;
    }
  insert = sim_sqlite_prepare (
    self->db, "INSERT INTO outcome (request_id, outcome, reason) VALUES (?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, outcome, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 3, reason, -1, SQLITE_TRANSIENT);
  return sim_center_store_step_done (self, insert, error);
}

/* Frees a session. */
void
sim_session_free (SimSession *session)
{
  if (session == NULL)
    return;
  g_free (session->session_id);
  g_free (session->terminal_id);
  g_free (session->card_fingerprint);
  g_free (session->card_serial);
  g_free (session);
}

/* Frees a request. */
void
sim_center_request_free (SimCenterRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->request_id);
  g_free (request->municipality);
  g_free (request->type);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_free (request);
}
