/* sim-sqlite.h: opening the simulators' SQLite files and small statement helpers. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Opens (creating) @path in WAL mode and runs @schema (idempotent SQL). */
sqlite3 *sim_sqlite_open (const char *path, const char *schema, GError **error);

/* Prepares @sql, or NULL with @error set. */
sqlite3_stmt *sim_sqlite_prepare (sqlite3 *db, const char *sql, GError **error);

/* Runs @sql (no results), or FALSE with @error set. */
gboolean sim_sqlite_exec (sqlite3 *db, const char *sql, GError **error);

/* Sets @error from the connection's last error (SIM_ERROR_INTERNAL). */
void sim_sqlite_set_error (sqlite3 *db, GError **error);

/* A text column as a newly allocated string (NULL for SQL NULL). */
char *sim_sqlite_column_text (sqlite3_stmt *stmt, int column);

/* A blob column as GBytes (empty for SQL NULL). */
GBytes *sim_sqlite_column_bytes (sqlite3_stmt *stmt, int column);

G_END_DECLS
