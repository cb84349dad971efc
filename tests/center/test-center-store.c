/* test-center-store.c: the center's store on SQLite or (KIOSK_TEST_CENTER_DB=pg) PostgreSQL, driven
 * directly with the clock in the test's hand: two handles racing on one database, as two centers
 * do, and the purge of what expired. */
#include <sqlite3.h>
#include <string.h>

#include "sim/servers/sim-center-store.h"
#include "sim/servers/sim-error.h"
#include "tests/center/center-db.h"

/* How many times each race is run: a race that goes wrong only sometimes shows in one of them. */
#define RACE_ROUNDS 25

/* The test program's directory and database. */
static char *dir;
static CenterDb *db;

/* A new handle on the test's database (a second center, for the store). */
static SimCenterStore *
open_store (void)
{
  g_autoptr (GError) error = NULL;
  SimCenterStore *store = sim_center_store_open (db->location, &error);

  g_assert_no_error (error);
  return store;
}

/* The current time in Unix seconds. */
static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A session of terminal T-0001 opened in @store at @now. */
static SimSession *
new_session (SimCenterStore *store, gint64 now)
{
  SimCardIdentity identity = { .fingerprint = "5f1e0c2a", .serial = "5A000001" };
  g_autoptr (GError) error = NULL;
  SimSession *session = sim_center_store_create_session (store, "T-0001", &identity, now, &error);

  g_assert_no_error (error);
  return session;
}

/* A juminhyo request body, one copy. */
static SimCenterRequest
juminhyo (void)
{
  return (SimCenterRequest){ .municipality = "999999", .type = "juminhyo", .copies = 1 };
}

/* Claims a fresh key in @session_id, completes it with @document and returns the request. */
static SimCenterRequest *
answered_request (SimCenterStore *store, const char *session_id, const char *document)
{
  g_autofree char *key = g_uuid_string_random ();
  SimCenterRequest wanted = juminhyo ();
  g_autoptr (GBytes) body = g_bytes_new (document, strlen (document));
  g_autoptr (GError) error = NULL;
  SimCenterRequest *request =
    sim_center_store_claim_request (store, session_id, key, &wanted, NULL, &error);

  g_assert_no_error (error);
  sim_center_store_complete_request (store, request->request_id, body, &error);
  g_assert_no_error (error);
  return request;
}

/* Holds both racers until both are there, so that their calls start together. */
typedef struct {
  GMutex mutex;
  GCond cond;
  guint arrived;
} RaceGate;

/* One side of a race: its own store handle, what it does, what it got. */
typedef struct {
  RaceGate *gate;
  SimCenterStore *store;
  const char *session_id;
  const char *key;        /* a claim's idempotency key */
  const char *nonce;      /* a burn's nonce */
  const char *request_id; /* an outcome's request */
  const char *outcome;
  SimCenterRequest *claimed;
  gboolean created;
  gboolean ok;
  GError *error;
} Racer;

/* Waits at the gate until the other racer arrives. */
static void
race_gate_pass (RaceGate *gate)
{
  g_mutex_lock (&gate->mutex);
  if (++gate->arrived == 2)
    g_cond_broadcast (&gate->cond);
  while (gate->arrived < 2)
    g_cond_wait (&gate->cond, &gate->mutex);
  g_mutex_unlock (&gate->mutex);
}

/* A racer claiming its key. */
static gpointer
race_claim (gpointer data)
{
  Racer *racer = data;
  SimCenterRequest wanted = juminhyo ();

  race_gate_pass (racer->gate);
  racer->claimed = sim_center_store_claim_request (racer->store, racer->session_id, racer->key,
                                                   &wanted, &racer->created, &racer->error);
  return NULL;
}

/* A racer burning its nonce. */
static gpointer
race_burn (gpointer data)
{
  Racer *racer = data;

  race_gate_pass (racer->gate);
  racer->ok = sim_center_store_burn_nonce (racer->store, racer->nonce, now_seconds (),
                                           &racer->error);
  return NULL;
}

/* A racer recording its outcome. */
static gpointer
race_outcome (gpointer data)
{
  Racer *racer = data;

  race_gate_pass (racer->gate);
  racer->ok = sim_center_store_record_outcome (racer->store, racer->session_id, racer->request_id,
                                               racer->outcome, "", &racer->error);
  return NULL;
}

/* Runs @func for both racers at once, each in a thread of its own, and waits for both. */
static void
race (GThreadFunc func, Racer racers[2])
{
  RaceGate gate = { 0 };
  GThread *threads[2];

  g_mutex_init (&gate.mutex);
  g_cond_init (&gate.cond);
  for (int i = 0; i < 2; i++)
    {
      racers[i].gate = &gate;
      threads[i] = g_thread_new ("racer", func, &racers[i]);
    }
  for (int i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&gate.mutex);
  g_cond_clear (&gate.cond);
}

/* Frees what a racer got. */
static void
racer_clear (Racer *racer)
{
  g_clear_pointer (&racer->claimed, sim_center_request_free);
  g_clear_error (&racer->error);
}

/* The same idempotency key claimed from two handles at once: one request row, one creator, and
 * both see its id. */
static void
test_claim_race_yields_one_request (void)
{
  g_autoptr (SimCenterStore) first = open_store ();
  g_autoptr (SimCenterStore) second = open_store ();
  g_autoptr (SimSession) session = new_session (first, now_seconds ());

  for (int round = 0; round < RACE_ROUNDS; round++)
    {
      g_autofree char *key = g_uuid_string_random ();
      g_autofree char *rows = NULL;
      Racer racers[2] = {
        { .store = first, .session_id = session->session_id, .key = key },
        { .store = second, .session_id = session->session_id, .key = key },
      };

      race (race_claim, racers);
      g_assert_no_error (racers[0].error);
      g_assert_no_error (racers[1].error);
      g_assert_cmpstr (racers[0].claimed->request_id, ==, racers[1].claimed->request_id);
      g_assert_cmpint (racers[0].created + racers[1].created, ==, 1);
      rows = center_db_query (db, "SELECT count(*) FROM request WHERE idempotency_key = $1", key);
      g_assert_cmpstr (rows, ==, "1");
      racer_clear (&racers[0]);
      racer_clear (&racers[1]);
    }
}

/* A nonce burnt from two handles at once is burnt once: the other is nonce-unknown. */
static void
test_burn_race_succeeds_once (void)
{
  g_autoptr (SimCenterStore) first = open_store ();
  g_autoptr (SimCenterStore) second = open_store ();

  for (int round = 0; round < RACE_ROUNDS; round++)
    {
      g_autoptr (GError) error = NULL;
      gint64 expires_at = 0;
      g_autofree char *nonce = sim_center_store_new_nonce (first, now_seconds (), &expires_at,
                                                           &error);
      Racer racers[2] = {
        { .store = first, .nonce = nonce },
        { .store = second, .nonce = nonce },
      };
      int loser;

      g_assert_no_error (error);
      race (race_burn, racers);
      g_assert_cmpint (racers[0].ok + racers[1].ok, ==, 1);
      loser = racers[0].ok ? 1 : 0;
      g_assert_error (racers[loser].error, SIM_ERROR, SIM_ERROR_NONCE_UNKNOWN);
      g_assert_no_error (racers[1 - loser].error);
      racer_clear (&racers[0]);
      racer_clear (&racers[1]);
    }
}

/* Two different outcomes recorded from two handles at once: one wins, the other is refused, and
 * the stored outcome is the winner's. */
static void
test_outcome_race_has_one_winner (void)
{
  g_autoptr (SimCenterStore) first = open_store ();
  g_autoptr (SimCenterStore) second = open_store ();
  g_autoptr (SimSession) session = new_session (first, now_seconds ());

  for (int round = 0; round < RACE_ROUNDS; round++)
    {
      g_autoptr (SimCenterRequest) request =
        answered_request (first, session->session_id, "%PDF-1.7 racing");
      g_autofree char *stored = NULL;
      Racer racers[2] = {
        { .store = first, .session_id = session->session_id, .request_id = request->request_id,
          .outcome = "printed" },
        { .store = second, .session_id = session->session_id, .request_id = request->request_id,
          .outcome = "failed" },
      };
      int winner;

      race (race_outcome, racers);
      g_assert_cmpint (racers[0].ok + racers[1].ok, ==, 1);
      winner = racers[0].ok ? 0 : 1;
      g_assert_no_error (racers[winner].error);
      g_assert_error (racers[1 - winner].error, SIM_ERROR, SIM_ERROR_REFUSED);
      stored = center_db_query (db, "SELECT outcome FROM outcome WHERE request_id = $1",
                                request->request_id);
      g_assert_cmpstr (stored, ==, racers[winner].outcome);
      racer_clear (&racers[0]);
      racer_clear (&racers[1]);
    }
}

/* The same outcome recorded from two handles at once is accepted by both. */
static void
test_same_outcome_race_is_accepted_twice (void)
{
  g_autoptr (SimCenterStore) first = open_store ();
  g_autoptr (SimCenterStore) second = open_store ();
  g_autoptr (SimSession) session = new_session (first, now_seconds ());

  for (int round = 0; round < RACE_ROUNDS; round++)
    {
      g_autoptr (SimCenterRequest) request =
        answered_request (first, session->session_id, "%PDF-1.7 agreeing");
      Racer racers[2] = {
        { .store = first, .session_id = session->session_id, .request_id = request->request_id,
          .outcome = "printed" },
        { .store = second, .session_id = session->session_id, .request_id = request->request_id,
          .outcome = "printed" },
      };

      race (race_outcome, racers);
      g_assert_no_error (racers[0].error);
      g_assert_no_error (racers[1].error);
      g_assert_true (racers[0].ok && racers[1].ok);
    }
}

/* The first document stored for a request stays: a second center's later answer does not
 * replace it. */
static void
test_first_document_stays (void)
{
  g_autoptr (SimCenterStore) store = open_store ();
  g_autoptr (SimSession) session = new_session (store, now_seconds ());
  g_autoptr (SimCenterRequest) request = answered_request (store, session->session_id, "first");
  g_autoptr (GBytes) later = g_bytes_new_static ("later", 5);
  g_autoptr (GError) error = NULL;
  g_autofree char *key = center_db_query (
    db, "SELECT idempotency_key FROM request WHERE request_id = $1", request->request_id);
  SimCenterRequest wanted = juminhyo ();
  g_autoptr (SimCenterRequest) again = NULL;
  g_autofree char *document = NULL;

  g_assert_true (sim_center_store_complete_request (store, request->request_id, later, &error));
  g_assert_no_error (error);
  again = sim_center_store_claim_request (store, session->session_id, key, &wanted, NULL, &error);
  g_assert_no_error (error);
  document = g_strndup (g_bytes_get_data (again->response, NULL), g_bytes_get_size (again->response));
  g_assert_cmpstr (document, ==, "first");
}

/* A pending request keeps its key: the terminal's retry after a failed municipal call gets the
 * same request id (so the municipal server answers with the document it may already have
 * issued, never a second one), and an answer for an unknown request id is an error. */
static void
test_pending_request_keeps_its_key (void)
{
  g_autoptr (SimCenterStore) store = open_store ();
  g_autoptr (SimSession) session = new_session (store, now_seconds ());
  g_autofree char *key = g_uuid_string_random ();
  SimCenterRequest wanted = juminhyo ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SimCenterRequest) pending = NULL;
  g_autoptr (SimCenterRequest) retried = NULL;
  g_autoptr (GBytes) late = g_bytes_new_static ("late", 4);
  g_autofree char *unknown_id = g_uuid_string_random ();
  gboolean created = FALSE;

  pending = sim_center_store_claim_request (store, session->session_id, key, &wanted, &created,
                                            &error);
  g_assert_no_error (error);
  g_assert_true (created);
  retried = sim_center_store_claim_request (store, session->session_id, key, &wanted, &created,
                                            &error);
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpstr (retried->request_id, ==, pending->request_id);
  g_assert_null (retried->response);
  g_assert_false (sim_center_store_complete_request (store, unknown_id, late, &error));
  g_assert_error (error, SIM_ERROR, SIM_ERROR_INTERNAL);
}

/* After its session expired, a request's document is dropped; its id and outcome stay, and the
 * outcome can still be repeated (but not changed). */
static void
test_purge_drops_documents_of_expired_sessions (void)
{
  g_autoptr (SimCenterStore) store = open_store ();
  gint64 now = now_seconds ();
  g_autoptr (SimSession) session = new_session (store, now);
  g_autoptr (SimCenterRequest) request = answered_request (store, session->session_id, "%PDF");
  g_autoptr (GError) error = NULL;
  g_autofree char *dropped = NULL;
  g_autofree char *outcome = NULL;
  SimCenterPurge purged = { 0 };

  sim_center_store_record_outcome (store, session->session_id, request->request_id, "printed", "",
                                   &error);
  g_assert_no_error (error);
  sim_center_store_purge (store, now + SIM_CENTER_SESSION_LIFETIME, &purged, &error);
  g_assert_no_error (error);
  dropped = center_db_query (db, "SELECT count(*) FROM request WHERE request_id = $1"
                                 " AND response IS NULL", request->request_id);
  g_assert_cmpstr (dropped, ==, "0"); /* live until its last second */

  sim_center_store_purge (store, now + SIM_CENTER_SESSION_LIFETIME + 1, &purged, &error);
  g_assert_no_error (error);
  g_assert_cmpint (purged.documents, >=, 1);
  g_assert_cmpint (purged.sessions, >=, 1);
  g_clear_pointer (&dropped, g_free);
  dropped = center_db_query (db, "SELECT count(*) FROM request WHERE request_id = $1"
                                 " AND response IS NULL", request->request_id);
  g_assert_cmpstr (dropped, ==, "1");
  outcome = center_db_query (db, "SELECT outcome FROM outcome WHERE request_id = $1",
                             request->request_id);
  g_assert_cmpstr (outcome, ==, "printed");
  g_assert_null (sim_center_store_find_session (store, session->session_id, "T-0001", now, &error));
  g_assert_error (error, SIM_ERROR, SIM_ERROR_SESSION_UNKNOWN);
  g_clear_error (&error);
  g_assert_true (sim_center_store_record_outcome (store, session->session_id, request->request_id,
                                                  "printed", "", &error));
  g_assert_false (sim_center_store_record_outcome (store, session->session_id,
                                                   request->request_id, "failed", "", &error));
  g_assert_error (error, SIM_ERROR, SIM_ERROR_REFUSED);
}

/* An expired nonce is deleted, so it is unknown even to a center whose clock lags; a live one
 * stays burnable. */
static void
test_purge_deletes_expired_nonces (void)
{
  g_autoptr (SimCenterStore) store = open_store ();
  gint64 now = now_seconds ();
  g_autoptr (GError) error = NULL;
  gint64 expires_at = 0;
  g_autofree char *old = sim_center_store_new_nonce (store, now - SIM_CENTER_NONCE_LIFETIME - 1,
                                                     &expires_at, &error);
  g_autofree char *fresh = sim_center_store_new_nonce (store, now, &expires_at, &error);

  g_assert_no_error (error);
  sim_center_store_purge (store, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sim_center_store_burn_nonce (store, old, now - SIM_CENTER_NONCE_LIFETIME - 1,
                                               &error));
  g_assert_error (error, SIM_ERROR, SIM_ERROR_NONCE_UNKNOWN);
  g_clear_error (&error);
  g_assert_true (sim_center_store_burn_nonce (store, fresh, now, &error));
  g_assert_no_error (error);
}

/* Opens a store on @location. */
static gpointer
open_on (gpointer location)
{
  g_autoptr (GError) error = NULL;
  SimCenterStore *store = sim_center_store_open (location, &error);

  g_assert_no_error (error);
  return store;
}

/* PostgreSQL database "schema_race" emptied of the center's tables, for schema round @round. */
static char *
empty_location (int round)
{
  const char *slash = strrchr (db->location, '/');
  CenterDb schema_race = { .pg_dir = db->pg_dir };

  if (round == 0)
    g_free (center_db_query (db, "CREATE DATABASE schema_race", NULL));
  schema_race.location =
    g_strdup_printf ("%.*s/schema_race", (int) (slash - db->location), db->location);
  g_free (center_db_query (&schema_race, "DROP TABLE IF EXISTS outcome, request, session, nonce",
                           NULL));
  return schema_race.location;
}

/* Two centers starting together on an empty PostgreSQL database both create (or find) the schema
 * (the advisory lock at work; without it one fails on a duplicate pg_type row). */
static void
test_two_handles_create_the_schema_together (void)
{
  for (int round = 0; round < 5; round++)
    {
      g_autofree char *location = empty_location (round);
      GThread *first = g_thread_new ("opener", open_on, location);
      GThread *second = g_thread_new ("opener", open_on, location);

      sim_center_store_free (g_thread_join (first));
      sim_center_store_free (g_thread_join (second));
    }
}

/* A center file of the first schema (requests tied to sessions by a foreign key) is migrated: its
 * answered requests stay answered and its sessions can be purged. */
static void
test_sqlite_file_of_first_schema_is_migrated (void)
{
  g_autofree char *path = g_build_filename (dir, "first-schema.sqlite", NULL);
  sqlite3 *conn = NULL;
  g_autoptr (SimCenterStore) store = NULL;
  g_autoptr (GError) error = NULL;
  SimCenterPurge purged = { 0 };

  g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
  g_assert_cmpint (
    sqlite3_exec (
      conn,
      "PRAGMA foreign_keys=ON;"
      "CREATE TABLE nonce (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);"
      "CREATE TABLE session (session_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL,"
      "  card_fingerprint TEXT NOT NULL, card_serial TEXT NOT NULL, expires_at INTEGER NOT NULL);"
      "CREATE TABLE request (request_id TEXT PRIMARY KEY,"
      "  session_id TEXT NOT NULL REFERENCES session (session_id),"
      "  idempotency_key TEXT NOT NULL, municipality TEXT NOT NULL, type TEXT NOT NULL,"
      "  copies INTEGER NOT NULL, response BLOB, UNIQUE (session_id, idempotency_key));"
      "CREATE TABLE outcome (request_id TEXT PRIMARY KEY REFERENCES request (request_id),"
      "  outcome TEXT NOT NULL, reason TEXT NOT NULL);"
      "INSERT INTO session VALUES ('s1', 'T-0001', 'ab', '5A000001', 100);"
      "INSERT INTO request VALUES ('r1', 's1', 'k1', '999999', 'juminhyo', 1, x'25504446');"
      "INSERT INTO outcome VALUES ('r1', 'printed', '');",
      NULL, NULL, NULL),
    ==, SQLITE_OK);
  sqlite3_close (conn);

  store = sim_center_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sim_center_store_record_outcome (store, "s1", "r1", "printed", "", &error));
  g_assert_true (sim_center_store_purge (store, 101, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpint (purged.sessions, ==, 1);
  g_assert_cmpint (purged.documents, ==, 1);
  g_assert_true (sim_center_store_record_outcome (store, "s1", "r1", "printed", "", &error));
  g_assert_no_error (error);
  /* the migrated request took its session's terminal: reconciliation finds it */
  g_assert_true (
    sim_center_store_record_terminal_outcome (store, "T-0001", "r1", "printed", "", &error));
  g_assert_no_error (error);
  /* and it gained the options column (protocol v2), empty options for the old request */
  g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT options FROM request WHERE request_id = 'r1'",
                                         -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "{}");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (conn);
}

/* Starts the database, runs the tests, stops it. */
int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  const char *rm[] = { "rm", "-rf", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("kiosk-center-store-XXXXXX", &error);
  g_assert_no_error (error);
  db = center_db_new (dir);
  sim_center_store_free (open_store ()); /* the schema, before anything queries it */
  g_test_add_func ("/center-store/claim-race-yields-one-request",
                   test_claim_race_yields_one_request);
  g_test_add_func ("/center-store/burn-race-succeeds-once", test_burn_race_succeeds_once);
  g_test_add_func ("/center-store/outcome-race-has-one-winner", test_outcome_race_has_one_winner);
  g_test_add_func ("/center-store/same-outcome-race-is-accepted-twice",
                   test_same_outcome_race_is_accepted_twice);
  g_test_add_func ("/center-store/first-document-stays", test_first_document_stays);
  g_test_add_func ("/center-store/pending-request-keeps-its-key", test_pending_request_keeps_its_key);
  g_test_add_func ("/center-store/purge-drops-documents-of-expired-sessions",
                   test_purge_drops_documents_of_expired_sessions);
  g_test_add_func ("/center-store/purge-deletes-expired-nonces", test_purge_deletes_expired_nonces);
  if (center_db_is_pg (db))
    g_test_add_func ("/center-store/two-handles-create-the-schema-together",
                     test_two_handles_create_the_schema_together);
  else
    g_test_add_func ("/center-store/sqlite-file-of-first-schema-is-migrated",
                     test_sqlite_file_of_first_schema_is_migrated);
  status = g_test_run ();
  g_clear_pointer (&db, center_db_free);
  rm[2] = dir;
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                &error);
  g_assert_no_error (error);
  g_free (dir);
  return status;
}
