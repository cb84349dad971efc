/* center-db.c: the center tests' database: an SQLite file or a kiosk-pg PostgreSQL server. */
#include "tests/center/center-db.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

/* The path of sim/world/kiosk-pg. */
static char *
center_db_kiosk_pg_path (void)
{
  const char *root = g_getenv ("KIOSK_SOURCE_ROOT");

  if (root == NULL)
    g_error ("KIOSK_SOURCE_ROOT is not set (run the tests through meson test)");
  return g_build_filename (root, "sim", "world", "kiosk-pg", NULL);
}

/* Runs `kiosk-pg start @dir @port` and returns the URI it printed; fails the test if it fails. */
static char *
center_db_kiosk_pg_start (const char *dir, const char *port)
{
  g_autofree char *script = center_db_kiosk_pg_path ();
  const char *const argv[] = { script, "start", dir, port, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, &errors,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("kiosk-pg start failed: %s\n%s", error->message, errors);
  return g_strstrip (g_steal_pointer (&output));
}

/* Starts the keeper of the server in @dir: a shell that waits for the end of its stdin (the
 * test closes it, or dies) and then runs `kiosk-pg stop` and removes @dir, so that no failed
 * test leaves a server running. */
static GSubprocess *
center_db_keeper_start (const char *dir)
{
  g_autofree char *script = center_db_kiosk_pg_path ();
  g_autoptr (GError) error = NULL;
  GSubprocess *keeper = g_subprocess_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "sh", "-c",
    "cat >/dev/null; \"$0\" stop \"$1\" && rm -rf \"$1\"", script, dir, NULL);

  g_assert_no_error (error);
  return keeper;
}

/* A loopback port nobody listens on right now (the kernel's choice for a socket bound to 0). */
static guint
center_db_free_port (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket =
    g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Picks the backend and, for PostgreSQL, starts the server in a directory of its own (kiosk-pg
 * hands it to the postgres user when we are root). */
CenterDb *
center_db_new (const char *dir)
{
  CenterDb *db = g_new0 (CenterDb, 1);
  const char *backend = g_getenv ("KIOSK_TEST_CENTER_DB");
  g_autoptr (GError) error = NULL;
  g_autofree char *port = NULL;

  if (backend == NULL || g_str_equal (backend, "sqlite"))
    {
      db->location = g_build_filename (dir, "center.sqlite", NULL);
      return db;
    }
  if (!g_str_equal (backend, "pg"))
    g_error ("KIOSK_TEST_CENTER_DB=%s: not pg or sqlite", backend);
  db->pg_dir = g_dir_make_tmp ("kiosk-center-pg-XXXXXX", &error);
  g_assert_no_error (error);
  db->pg_keeper = center_db_keeper_start (db->pg_dir);
  port = g_strdup_printf ("%u", center_db_free_port ());
  db->location = center_db_kiosk_pg_start (db->pg_dir, port);
  g_assert_true (g_str_has_prefix (db->location, "postgresql://"));
  return db;
}

/* TRUE for PostgreSQL. */
gboolean
center_db_is_pg (const CenterDb *db)
{
  return db->pg_dir != NULL;
}

/* One query on the SQLite file. */
static char *
center_db_query_sqlite (const CenterDb *db, const char *sql, const char *param)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (db->location, &conn, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  if (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (conn));
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (conn));
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* One query on the PostgreSQL database. */
static char *
center_db_query_pg (const CenterDb *db, const char *sql, const char *param)
{
  PGconn *conn = PQconnectdb (db->location);
  const char *const values[] = { param };
  PGresult *result;
  ExecStatusType status;
  char *value = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", db->location, PQerrorMessage (conn));
  result = PQexecParams (conn, sql, param != NULL ? 1 : 0, NULL, values, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (status == PGRES_TUPLES_OK && PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

/* One query on either backend. */
char *
center_db_query (const CenterDb *db, const char *sql, const char *param)
{
  return center_db_is_pg (db) ? center_db_query_pg (db, sql, param)
                              : center_db_query_sqlite (db, sql, param);
}

/* Lets the keeper stop the server and remove its directory, and waits for it. */
void
center_db_free (CenterDb *db)
{
  if (db == NULL)
    return;
  if (db->pg_keeper != NULL)
    {
      g_autoptr (GError) error = NULL;

      g_output_stream_close (g_subprocess_get_stdin_pipe (db->pg_keeper), NULL, &error);
      g_assert_no_error (error);
      g_subprocess_wait_check (db->pg_keeper, NULL, &error);
      g_assert_no_error (error);
      g_clear_object (&db->pg_keeper);
    }
  g_free (db->location);
  g_free (db->pg_dir);
  g_free (db);
}
