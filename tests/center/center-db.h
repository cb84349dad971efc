/* center-db.h: the center's database as the center tests see it: an SQLite file, or (with
 * KIOSK_TEST_CENTER_DB=pg) database "center" of a throwaway PostgreSQL server that
 * sim/world/kiosk-pg starts on a free loopback port. Tests query it directly, as an operator would. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char *location; /* what kiosk-sim-center's --db takes: a file path or a postgresql:// URI */
  char *pg_dir;   /* the PostgreSQL server's own temporary directory; NULL for SQLite */
  GSubprocess *pg_keeper; /* stops the server and removes pg_dir once its stdin closes: at
                           * center_db_free, or when the test program dies */
} CenterDb;

/* The backend KIOSK_TEST_CENTER_DB names ("pg", or unset for SQLite): for SQLite the file
 * @dir/center.sqlite (created by the first store that opens it), for PostgreSQL a started server.
 * Fails the test program if the server does not start. */
CenterDb *center_db_new (const char *dir);

/* TRUE if @db is PostgreSQL. */
gboolean center_db_is_pg (const CenterDb *db);

/* Runs @sql, with @param (may be NULL) as its one parameter written $1, and returns the first
 * column of the first row as text (NULL if no row or SQL NULL); failing SQL fails the test. */
char *center_db_query (const CenterDb *db, const char *sql, const char *param);

/* Stops the PostgreSQL server, if any, and removes its directory. */
void center_db_free (CenterDb *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CenterDb, center_db_free)

G_END_DECLS
