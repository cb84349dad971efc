/* kiosk-journal.c: the journal on SQLite (WAL, synchronous=FULL), one row per session and per step. */
#include "app/kiosk-journal.h"

#include <sqlite3.h>

#include "app/kiosk-error.h"

struct _KioskJournal {
  sqlite3 *db;
  GMutex lock; /* sessions run their steps on worker threads */
};

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS sessions ("
  "  id TEXT PRIMARY KEY,"
  "  terminal_id TEXT NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  ended_at TEXT,"
  "  outcome TEXT);"
  "CREATE TABLE IF NOT EXISTS steps ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  session_id TEXT NOT NULL REFERENCES sessions(id),"
  "  step TEXT NOT NULL,"
  "  idempotency_key TEXT,"
  "  detail TEXT,"
  "  at TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS steps_by_session ON steps(session_id, seq);";

/* Sets @error from the database's last message. */
static gboolean
journal_fail (KioskJournal *self, const char *what, GError **error)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_JOURNAL, "journal: %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

/* The current UTC time in RFC 3339 with milliseconds. */
static char *
now_utc (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Runs @sql with text parameters (NULL-terminated list), under the lock. */
static gboolean
journal_exec (KioskJournal *self, const char *sql, GError **error, ...)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  va_list args;
  int index = 1;
  const char *value;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      journal_fail (self, "prepare", error);
      goto out;
    }
  va_start (args, error);
  while (index <= sqlite3_bind_parameter_count (stmt))
    {
      value = va_arg (args, const char *);
      sqlite3_bind_text (stmt, index++, value, -1, SQLITE_TRANSIENT);
    }
  va_end (args);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      journal_fail (self, "write", error);
      goto out;
    }
  ok = TRUE;
out:
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  return ok;
}

/* Opens the journal at @path. */
KioskJournal *
kiosk_journal_open (const char *path, GError **error)
{
  g_autoptr (KioskJournal) self = g_new0 (KioskJournal, 1);
  sqlite3_stmt *check = NULL;
  gboolean intact;

  g_mutex_init (&self->lock);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      journal_fail (self, path, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (self->db, schema, NULL, NULL, NULL) != SQLITE_OK)
    {
      journal_fail (self, path, error);
      return NULL;
    }
  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &check, NULL) != SQLITE_OK)
    {
      journal_fail (self, "integrity check", error);
      return NULL;
    }
  intact = sqlite3_step (check) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (check, 0), "ok") == 0;
  sqlite3_finalize (check);
  if (!intact)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_JOURNAL, "journal: %s failed its integrity check", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Starts a session row. */
char *
kiosk_journal_begin_session (KioskJournal *self, const char *terminal_id, GError **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *at = now_utc ();

  if (!journal_exec (self, "INSERT INTO sessions (id, terminal_id, started_at) VALUES (?, ?, ?)", error,
                     id, terminal_id, at))
    return NULL;
  return g_steal_pointer (&id);
}

/* Records a step before it is taken. */
gboolean
kiosk_journal_record (KioskJournal *self, const char *session_id, const char *step, const char *key,
                      const char *detail, GError **error)
{
  g_autofree char *at = now_utc ();

  return journal_exec (self, "INSERT INTO steps (session_id, step, idempotency_key, detail, at) VALUES (?, ?, ?, ?, ?)",
                       error, session_id, step, key, detail, at);
}

/* Closes a session row with its outcome. */
gboolean
kiosk_journal_end_session (KioskJournal *self, const char *session_id, const char *outcome, GError **error)
{
  g_autofree char *at = now_utc ();

  return journal_exec (self, "UPDATE sessions SET ended_at = ?, outcome = ? WHERE id = ?", error,
                       at, outcome, session_id);
}

/* Lists the steps of a session. */
GPtrArray *
kiosk_journal_list_steps (KioskJournal *self, const char *session_id, GError **error)
{
  g_autoptr (GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT step FROM steps WHERE session_id = ? ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    {
      journal_fail (self, "read", error);
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (steps, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_JOURNAL, "journal: read failed");
      return NULL;
    }
  return g_steal_pointer (&steps);
}

/* Closes the journal. */
void
kiosk_journal_close (KioskJournal *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self);
}
