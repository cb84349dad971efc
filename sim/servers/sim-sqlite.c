/* sim-sqlite.c: SQLite connections for the simulators: WAL, busy timeout, schema, errors. */
#include "sim/servers/sim-sqlite.h"

#include "sim/servers/sim-error.h"

/* Copies SQLite's message into a SIM_ERROR_INTERNAL. */
void
sim_sqlite_set_error (sqlite3 *db, GError **error)
{
  g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "sqlite: %s", sqlite3_errmsg (db));
}

/* Runs statements without results. */
gboolean
sim_sqlite_exec (sqlite3 *db, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "sqlite: %s",
                   message != NULL ? message : "error");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Opens the database file and applies the schema. */
sqlite3 *
sim_sqlite_open (const char *path, const char *schema, GError **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cannot open %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  if (!sim_sqlite_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                            " PRAGMA foreign_keys=ON;", error)
      || (schema != NULL && !sim_sqlite_exec (db, schema, error)))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Prepares one statement. */
sqlite3_stmt *
sim_sqlite_prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sim_sqlite_set_error (db, error);
      return NULL;
    }
  return stmt;
}

/* Duplicates a text column. */
char *
sim_sqlite_column_text (sqlite3_stmt *stmt, int column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Copies a blob column. */
GBytes *
sim_sqlite_column_bytes (sqlite3_stmt *stmt, int column)
{
  const void *data = sqlite3_column_blob (stmt, column);
  int len = sqlite3_column_bytes (stmt, column);

  return g_bytes_new (data, len > 0 ? (gsize) len : 0);
}
