/* test-center-reconcile.c: a terminal that comes back after its session expired learns which of its
 * answered requests have no outcome and reports them (docs/protocol.md, "Reconciliation"). */
#include <string.h>

#include "sim/servers/sim-ocsp.h"
#include "sim/servers/sim-server.h"
#include "tests/center/center-world.h"

/* The world shared by the tests of this program: PKI, municipal server, center. */
static CenterWorld *world;

/* A client of the center presenting terminal @name's certificate. */
static SimHttpClient *
terminal (const char *name)
{
  return center_world_client (world, world->center_url, name);
}

/* Opens a session for card @card from T-0001 and fetches one document in it; returns the request
 * id, and the session id in *@session_id. */
static char *
fetch_document (SimHttpClient *client, const char *card, char **session_id)
{
  guint status = 0;
  g_autoptr (JsonObject) session = center_world_authenticate (world, client, card, &status);
  g_autoptr (JsonObject) body = json_object_new ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) answer = NULL;

  g_assert_cmpuint (status, ==, 201);
  *session_id = g_strdup (json_object_get_string_member (session, "session_id"));
  json_object_set_string_member (body, "idempotency_key", key);
  json_object_set_string_member (body, "municipality", "999999");
  json_object_set_string_member (body, "type", "juminhyo");
  json_object_set_int_member (body, "copies", 1);
  path = g_strdup_printf ("/v1/sessions/%s/requests", *session_id);
  answer = center_world_call (client, "POST", path, body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_true (json_object_has_member (answer, "document"));
  return g_strdup (json_object_get_string_member (answer, "request_id"));
}

/* Ages session @session_id in the database so that it is expired now. */
static void
expire_session (const char *session_id)
{
  g_free (center_db_query (world->db, "UPDATE session SET expires_at = 0 WHERE session_id = $1",
                           session_id));
}

/* GET /v1/terminal/unreported as @client's terminal; asserts 200 and returns the "requests". */
static JsonArray *
list_unreported (SimHttpClient *client)
{
  guint status = 0;
  g_autoptr (JsonObject) answer =
    center_world_call (client, "GET", "/v1/terminal/unreported", NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_object_get_size (answer), ==, 1);
  return json_array_ref (json_object_get_array_member (answer, "requests"));
}

/* The position of @request_id in @client's unreported list, or -1 if it is not listed. */
static int
unreported_position (SimHttpClient *client, const char *request_id)
{
  g_autoptr (JsonArray) requests = list_unreported (client);

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *element = json_array_get_object_element (requests, i);

      if (g_str_equal (json_object_get_string_member (element, "request_id"), request_id))
        return (int) i;
    }
  return -1;
}

/* POSTs the raw @body to /v1/terminal/requests/@request_id/outcome as @client's terminal. */
static SimHttpResponse *
post_terminal_outcome (SimHttpClient *client, const char *request_id, const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/terminal/requests/%s/outcome", request_id);
  g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr (GError) error = NULL;
  SimHttpResponse *response = sim_http_client_request (client, "POST", path, bytes, &error);

  g_assert_no_error (error);
  return response;
}

/* Reports @body for @request_id through the terminal endpoint and returns the HTTP status. */
static guint
report (SimHttpClient *client, const char *request_id, const char *body)
{
  g_autoptr (SimHttpResponse) response = post_terminal_outcome (client, request_id, body);

  return response->status;
}

/* Asserts the outcome stored for @request_id (NULL: none). */
static void
assert_stored_outcome (const char *request_id, const char *expected)
{
  g_autofree char *outcome =
    center_db_query (world->db, "SELECT outcome FROM outcome WHERE request_id = $1", request_id);

  g_assert_cmpstr (outcome, ==, expected);
}

/* A document fetched in a session that then expired is listed, with when it was issued and
 * nothing else; its outcome, refused on the expired session, is taken through the terminal
 * endpoint, and the request is listed no more. */
static void
test_expired_session_outcome_is_reconciled (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *session_id = NULL;
  g_autofree char *request_id = fetch_document (client, "card-1", &session_id);
  g_autofree char *session_path =
    g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id, request_id);
  g_autoptr (JsonObject) printed = json_object_new ();
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (JsonArray) requests = NULL;
  g_autoptr (GDateTime) issued_at = NULL;
  JsonObject *element;
  guint status = 0;
  int position;

  expire_session (session_id);
  json_object_set_string_member (printed, "outcome", "printed");
  refused = center_world_call (client, "POST", session_path, printed, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (center_world_error_code (refused), ==, "session-unknown");

  position = unreported_position (client, request_id);
  g_assert_cmpint (position, >=, 0);
  requests = list_unreported (client);
  element = json_array_get_object_element (requests, (guint) position);
  g_assert_cmpuint (json_object_get_size (element), ==, 2); /* request_id and issued_at alone */
  issued_at = g_date_time_new_from_iso8601 (json_object_get_string_member (element, "issued_at"),
                                            NULL);
  g_assert_nonnull (issued_at);
  g_assert_cmpint (g_date_time_to_unix (issued_at), >=, before);
  g_assert_cmpint (g_date_time_to_unix (issued_at), <=, g_get_real_time () / G_USEC_PER_SEC);

  g_assert_cmpuint (report (client, request_id, "{\"outcome\":\"printed\",\"reason\":\"\"}"), ==,
                    200);
  assert_stored_outcome (request_id, "printed");
  g_assert_cmpint (unreported_position (client, request_id), ==, -1);
}

/* Another terminal does not see the request listed, and its report is refused with the very body
 * a random id gets (no oracle) and records nothing. */
static void
test_another_terminal_neither_sees_nor_reports (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (SimHttpClient) other = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *request_id = fetch_document (client, "card-2", &session_id);
  g_autofree char *random_id = g_uuid_string_random ();
  const char *body = "{\"outcome\":\"failed\",\"reason\":\"print-failed\"}";
  g_autoptr (SimHttpResponse) theirs = NULL;
  g_autoptr (SimHttpResponse) random = NULL;
  g_autoptr (JsonObject) error = NULL;
  g_autoptr (GError) parse_error = NULL;

  expire_session (session_id);
  center_world_make_client (world, "terminal-2", "T-0002");
  other = terminal ("terminal-2");
  g_assert_cmpint (unreported_position (other, request_id), ==, -1);
  theirs = post_terminal_outcome (other, request_id, body);
  random = post_terminal_outcome (other, random_id, body);
  g_assert_cmpuint (theirs->status, ==, 400);
  g_assert_cmpuint (random->status, ==, 400);
  g_assert_true (g_bytes_equal (theirs->body, random->body));
  error = sim_json_parse_object (theirs->body, &parse_error);
  g_assert_no_error (parse_error);
  g_assert_cmpstr (center_world_error_code (error), ==, "bad-request");
  assert_stored_outcome (request_id, NULL);
  g_assert_cmpint (unreported_position (client, request_id), >=, 0);
}

/* Through the terminal endpoint, with the session still live: the same outcome again is accepted,
 * a different one refused, and the first stays. */
static void
test_changed_terminal_outcome_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *session_id = NULL;
  g_autofree char *request_id = fetch_document (client, "card-3", &session_id);
  g_autoptr (SimHttpResponse) changed = NULL;
  g_autoptr (JsonObject) error = NULL;
  g_autoptr (GError) parse_error = NULL;

  g_assert_cmpuint (report (client, request_id, "{\"outcome\":\"failed\",\"reason\":\"jam\"}"), ==,
                    200);
  g_assert_cmpuint (report (client, request_id, "{\"outcome\":\"failed\",\"reason\":\"jam\"}"), ==,
                    200);
  changed = post_terminal_outcome (client, request_id, "{\"outcome\":\"printed\"}");
  g_assert_cmpuint (changed->status, ==, 409);
  error = sim_json_parse_object (changed->body, &parse_error);
  g_assert_no_error (parse_error);
  g_assert_cmpstr (center_world_error_code (error), ==, "refused");
  assert_stored_outcome (request_id, "failed");
}

/* Bodies with an unknown member, a missing or mistyped one, or an outcome out of range are
 * bad-request, and record nothing. */
static void
test_malformed_terminal_outcome_is_bad_request (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *session_id = NULL;
  g_autofree char *request_id = fetch_document (client, "card-1", &session_id);
  g_autofree char *path = g_strdup_printf ("/v1/terminal/requests/%s/outcome", request_id);
  const char *bodies[] = {
    "{\"outcome\":\"printed\",\"session_id\":\"x\"}",
    "{\"outcome\":\"printed\",\"reason\":\"\",\"terminal_id\":\"T-0002\"}",
    "{\"reason\":\"\"}",
    "{\"outcome\":\"lost\"}",
    "{\"outcome\":\"printed\",\"reason\":1}",
    "{\"outcome\":\"printed\"",
  };

  center_world_assert_bad_requests (client, path, bodies, G_N_ELEMENTS (bodies));
  assert_stored_outcome (request_id, NULL);
  g_assert_cmpint (unreported_position (client, request_id), >=, 0);
}

/* The list is oldest answer first. */
static void
test_unreported_are_listed_oldest_first (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *first_session = NULL;
  g_autofree char *second_session = NULL;
  g_autofree char *first = fetch_document (client, "card-1", &first_session);
  g_autofree char *second = fetch_document (client, "card-2", &second_session);

  /* the second answered a minute before the first (answers within one second tie otherwise) */
  g_free (center_db_query (world->db,
                           "UPDATE request SET answered_at = answered_at - 60 WHERE request_id = $1",
                           second));
  g_assert_cmpint (unreported_position (client, second), >=, 0);
  g_assert_cmpint (unreported_position (client, second), <, unreported_position (client, first));
}

/* After the purge has dropped the document and the expired session, the request is still listed
 * and its outcome still taken. */
static void
test_purged_request_is_still_reconciled (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *session_id = NULL;
  g_autofree char *request_id = fetch_document (client, "card-3", &session_id);
  g_autofree char *sessions = NULL;
  g_autofree char *documents = NULL;

  expire_session (session_id);
  center_world_restart_center (world, world->ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);
  g_clear_pointer (&client, sim_http_client_free);
  client = terminal ("terminal");
  sessions = center_db_query (world->db, "SELECT count(*) FROM session WHERE session_id = $1",
                              session_id);
  documents = center_db_query (
    world->db, "SELECT count(*) FROM request WHERE request_id = $1 AND response IS NOT NULL",
    request_id);
  g_assert_cmpstr (sessions, ==, "0");
  g_assert_cmpstr (documents, ==, "0");

  g_assert_cmpint (unreported_position (client, request_id), >=, 0);
  g_assert_cmpuint (report (client, request_id, "{\"outcome\":\"printed\"}"), ==, 200);
  assert_stored_outcome (request_id, "printed");
  g_assert_cmpint (unreported_position (client, request_id), ==, -1);
}

/* Starts the world, runs the tests, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = center_world_new (TRUE);
  g_test_add_func ("/center-reconcile/expired-session-outcome-is-reconciled",
                   test_expired_session_outcome_is_reconciled);
  g_test_add_func ("/center-reconcile/another-terminal-neither-sees-nor-reports",
                   test_another_terminal_neither_sees_nor_reports);
  g_test_add_func ("/center-reconcile/changed-terminal-outcome-is-refused",
                   test_changed_terminal_outcome_is_refused);
  g_test_add_func ("/center-reconcile/malformed-terminal-outcome-is-bad-request",
                   test_malformed_terminal_outcome_is_bad_request);
  g_test_add_func ("/center-reconcile/unreported-are-listed-oldest-first",
                   test_unreported_are_listed_oldest_first);
  g_test_add_func ("/center-reconcile/purged-request-is-still-reconciled",
                   test_purged_request_is_still_reconciled);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  return status;
}
