/* test-center.c: kiosk-sim-center as a terminal sees it, with the real municipal server behind. */
#include <curl/curl.h>
#include <string.h>

#include "sim/servers/sim-card-auth.h"
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

/* The current time, shifted by @offset seconds, in RFC 3339. */
static char *
time_now (gint64 offset)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) shifted = g_date_time_add_seconds (now, (double) offset);

  return sim_time_format (shifted);
}

/* Opens a session for card @n from the terminal of @client (CN T-0001) and returns the answer. */
static JsonObject *
open_session (SimHttpClient *client, int n)
{
  g_autofree char *card = g_strdup_printf ("card-%d", n);
  guint status = 0;
  JsonObject *answer = center_world_authenticate (world, client, card, &status);

  g_assert_cmpuint (status, ==, 201);
  return answer;
}

/* Posts a session request and checks it is refused with @code. */
static void
assert_session_refused (SimHttpClient *client, JsonObject *body, guint expected_status,
                        const char *code)
{
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_call (client, "POST", "/v1/sessions", body, &status);

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (center_world_error_code (answer), ==, code);
}

/* A certificate request body. */
static JsonObject *
certificate_request (const char *idempotency_key)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "idempotency_key", idempotency_key);
  json_object_set_string_member (body, "municipality", "999999");
  json_object_set_string_member (body, "type", "juminhyo");
  json_object_set_int_member (body, "copies", 1);
  return body;
}

/* Posts a certificate request in @session_id. */
static JsonObject *
post_request (SimHttpClient *client, const char *session_id, JsonObject *body, guint *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/requests", session_id);

  return center_world_call (client, "POST", path, body, status);
}

/* A nonce opens one session at most: the second use is nonce-unknown. */
static void
test_nonce_is_single_use (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) body =
    center_world_session_body (world, nonce, "T-0001", when, "card-1", "card-1");
  guint status = 0;
  g_autoptr (JsonObject) first = center_world_call (client, "POST", "/v1/sessions", body, &status);

  g_assert_cmpuint (status, ==, 201);
  assert_session_refused (client, body, 401, "nonce-unknown");
}

/* A valid card signature opens a session bound to the card's fingerprint. */
static void
test_valid_signature_opens_session (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 1);
  g_autoptr (GBytes) der = center_world_read (world, "card-1.der");
  g_autofree char *fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);

  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (session, "session_id")));
  g_assert_cmpstr (json_object_get_string_member (session, "card_fingerprint"), ==, fingerprint);
  g_assert_true (json_object_has_member (session, "expires_at"));
}

/* A signature by another key (card 2's key for card 1's certificate) is auth-failed. */
static void
test_bad_signature_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) body =
    center_world_session_body (world, nonce, "T-0001", when, "card-1", "card-2");

  assert_session_refused (client, body, 401, "auth-failed");
}

/* A signature over another terminal id than the TLS certificate's CN is auth-failed. */
static void
test_signature_for_another_terminal_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) body =
    center_world_session_body (world, nonce, "T-9999", when, "card-1", "card-1");

  assert_session_refused (client, body, 401, "auth-failed");
}

/* A card certificate from a CA other than the JPKI CA is auth-failed, even well signed. */
static void
test_certificate_from_another_ca_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) body = NULL;

  center_world_make_rogue_card (world, "rogue-card");
  body = center_world_session_body (world, nonce, "T-0001", when, "rogue-card", "rogue-card");
  assert_session_refused (client, body, 401, "auth-failed");
}

/* A terminal_time more than 300 s away from the center's clock is refused. */
static void
test_stale_terminal_time_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (-301);
  g_autoptr (JsonObject) body =
    center_world_session_body (world, nonce, "T-0001", when, "card-1", "card-1");

  assert_session_refused (client, body, 401, "auth-failed");
}

/* Malformed session bodies are bad-request, never a crash. */
static void
test_malformed_session_body_is_bad_request (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  const char *bodies[] = {
    "{", "[1]", "{\"nonce\":1}", "{\"nonce\":\"n\",\"terminal_time\":\"t\",\"certificate\":\"!!\","
                                 "\"signature\":\"AA==\"}",
  };

  center_world_assert_bad_requests (client, "/v1/sessions", bodies, G_N_ELEMENTS (bodies));
}

/* The catalogue of a session lists the resident's municipalities: 住所地 and 本籍地, as the
 * municipal server answers (tests/municipal/test-rules.c has the details). */
static void
test_catalogue_lists_residence_municipality (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 2);
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/catalogue",
                                           json_object_get_string_member (session, "session_id"));
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_call (client, "GET", path, NULL, &status);
  JsonObject *municipality;

  g_assert_cmpuint (status, ==, 200);
  municipality =
    json_array_get_object_element (json_object_get_array_member (answer, "municipalities"), 0);
  g_assert_cmpstr (json_object_get_string_member (municipality, "code"), ==, "999999");
  g_assert_cmpstr (json_object_get_string_member (municipality, "role"), ==, "residence");
  g_assert_true (json_object_get_boolean_member (municipality, "open"));
  g_assert_true (json_object_has_member (municipality, "hours"));
  g_assert_true (json_object_has_member (municipality, "maintenance"));
  /* card 2's holder is use-registered with his 本籍地: its 戸籍 and 附票 come as a second entry */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "municipalities")),
                    ==, 2);
  municipality =
    json_array_get_object_element (json_object_get_array_member (answer, "municipalities"), 1);
  g_assert_cmpstr (json_object_get_string_member (municipality, "code"), ==, "999998");
  g_assert_cmpstr (json_object_get_string_member (municipality, "role"), ==, "domicile");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (municipality, "certificates"), 0),
                     "type"),
                   ==, "koseki");
}

/* Collects a reply body for the raw curl handle below. */
static size_t
collect (char *data, size_t size, size_t count, void *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, size * count);
  return size * count;
}

/* GETs @path on @curl, which keeps its connection between calls; returns the HTTP status. */
static long
get_on_handle (CURL *curl, const char *path)
{
  g_autofree char *url = g_strconcat (world->center_url, path, NULL);
  g_autofree char *ca = g_build_filename (world->dir, "tls-ca.pem", NULL);
  g_autofree char *cert = g_build_filename (world->dir, "terminal.pem", NULL);
  g_autofree char *key = g_build_filename (world->dir, "terminal.key", NULL);
  g_autoptr (GByteArray) body = g_byte_array_new ();
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CAINFO, ca);
  curl_easy_setopt (curl, CURLOPT_SSLCERT, cert);
  curl_easy_setopt (curl, CURLOPT_SSLKEY, key);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

/* A terminal that keeps its TLS connection is still known on the connection's later requests
 * (libsoup hands the client certificate to the first message of a connection only). */
static void
test_kept_connection_keeps_terminal_identity (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 2);
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/catalogue",
                                           json_object_get_string_member (session, "session_id"));
  CURL *curl = curl_easy_init ();
  long connections = -1;

  g_assert_cmpint (get_on_handle (curl, path), ==, 200);
  g_assert_cmpint (get_on_handle (curl, path), ==, 200);
  curl_easy_getinfo (curl, CURLINFO_NUM_CONNECTS, &connections);
  g_assert_cmpint (connections, ==, 0); /* the second call reused the first call's connection */
  curl_easy_cleanup (curl);
}

/* The same idempotency key in a session answers the same request and the same document. */
static void
test_same_idempotency_key_returns_same_document (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 1);
  const char *session_id = json_object_get_string_member (session, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  guint first_status = 0, second_status = 0;
  g_autoptr (JsonObject) first = post_request (client, session_id, body, &first_status);
  g_autoptr (JsonObject) second = post_request (client, session_id, body, &second_status);

  g_assert_cmpuint (first_status, ==, 201);
  g_assert_cmpuint (second_status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (first, "request_id"), ==,
                   json_object_get_string_member (second, "request_id"));
  g_assert_cmpstr (json_object_get_string_member (first, "document"), ==,
                   json_object_get_string_member (second, "document"));
}

/* Sets @options_json as the request's "options". */
static void
set_options (JsonObject *body, const char *options_json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *options = json_from_string (options_json, &error);

  g_assert_no_error (error);
  json_object_set_member (body, "options", options);
}

/* A request's options reach the municipal server and are part of the key's request: the same
 * options again get the same document, other options under that key are a bad request, and
 * options the municipality judges bad come back as bad-request. */
static void
test_options_are_passed_on_and_bound_to_the_key (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 1);
  const char *session_id = json_object_get_string_member (session, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *bad_key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  g_autoptr (JsonObject) changed = certificate_request (key);
  g_autoptr (JsonObject) bad = certificate_request (bad_key);
  guint status = 0;
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (JsonObject) judged = NULL;
  g_autoptr (GBytes) document = NULL;
  g_autofree char *text = NULL;

  set_options (body, "{\"members\": [1, 2], \"show_relationship\": true}");
  set_options (changed, "{\"members\": [2]}");
  set_options (bad, "{\"fiscal_year\": 2025}");
  first = post_request (client, session_id, body, &status);
  g_assert_cmpuint (status, ==, 201);
  document = center_world_get_base64 (first, "document");
  text = center_world_pdf_text (document);
  g_assert_nonnull (strstr (text, "太郎")); /* the head of card 1's household, asked for */
  again = post_request (client, session_id, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (first, "document"), ==,
                   json_object_get_string_member (again, "document"));
  refused = post_request (client, session_id, changed, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (center_world_error_code (refused), ==, "bad-request");
  judged = post_request (client, session_id, bad, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (center_world_error_code (judged), ==, "bad-request");
}

/* A session used from another terminal's certificate is session-unknown. */
static void
test_another_terminal_cannot_use_session (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (SimHttpClient) other = NULL;
  g_autoptr (JsonObject) session = open_session (client, 1);
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  guint status = 0;
  g_autoptr (JsonObject) answer = NULL;

  center_world_make_client (world, "terminal-2", "T-0002");
  other = terminal ("terminal-2");
  answer = post_request (other, json_object_get_string_member (session, "session_id"), body,
                         &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (center_world_error_code (answer), ==, "session-unknown");
}

/* The full flow: nonce, session, catalogue, request, outcome; the document is bound to this
 * session, this terminal and this card, and names card 1's resident. */
static void
test_full_issue_flow_is_bound_to_session (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 1);
  const char *session_id = json_object_get_string_member (session, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_request (client, session_id, body, &status);
  g_autoptr (GBytes) document = NULL;
  g_autoptr (JsonObject) statement = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outcome_path = NULL;
  g_autoptr (JsonObject) outcome = json_object_new ();
  g_autoptr (JsonObject) outcome_answer = NULL;

  g_assert_cmpuint (status, ==, 201);
  document = center_world_get_base64 (answer, "document");
  statement =
    center_world_verify_binding (world, json_object_get_object_member (answer, "binding"));
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document);
  g_assert_cmpstr (json_object_get_string_member (statement, "session_id"), ==, session_id);
  g_assert_cmpstr (json_object_get_string_member (statement, "terminal_id"), ==, "T-0001");
  g_assert_cmpstr (json_object_get_string_member (statement, "card_fingerprint"), ==,
                   json_object_get_string_member (session, "card_fingerprint"));
  g_assert_cmpstr (json_object_get_string_member (statement, "request_id"), ==,
                   json_object_get_string_member (answer, "request_id"));
  g_assert_cmpstr (json_object_get_string_member (statement, "document_sha256"), ==, sha256);
  text = center_world_pdf_text (document);
  g_assert_nonnull (strstr (text, "花子"));

  outcome_path = g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id,
                                  json_object_get_string_member (answer, "request_id"));
  json_object_set_string_member (outcome, "outcome", "printed");
  json_object_set_string_member (outcome, "reason", "");
  outcome_answer = center_world_call (client, "POST", outcome_path, outcome, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* An outcome may be repeated but not changed. */
static void
test_changed_outcome_is_refused (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = open_session (client, 3);
  const char *session_id = json_object_get_string_member (session, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_request (client, session_id, body, &status);
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id,
                                           json_object_get_string_member (answer, "request_id"));
  g_autoptr (JsonObject) printed = json_object_new ();
  g_autoptr (JsonObject) failed = json_object_new ();
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (JsonObject) changed = NULL;

  g_assert_cmpuint (status, ==, 201);
  json_object_set_string_member (printed, "outcome", "printed");
  json_object_set_string_member (failed, "outcome", "failed");
  json_object_set_string_member (failed, "reason", "print-failed");
  first = center_world_call (client, "POST", path, printed, &status);
  g_assert_cmpuint (status, ==, 200);
  again = center_world_call (client, "POST", path, printed, &status);
  g_assert_cmpuint (status, ==, 200);
  changed = center_world_call (client, "POST", path, failed, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (center_world_error_code (changed), ==, "refused");
}

/* The municipality's refusal (card 4, a minor) reaches the terminal with its code. */
static void
test_municipal_refusal_is_relayed (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonObject) session = NULL;
  g_autoptr (JsonObject) request = NULL;
  g_autoptr (JsonObject) answer = NULL;
  g_autofree char *key = g_uuid_string_random ();
  guint status = 0;

  body = center_world_session_body (world, nonce, "T-0001", when, "card-4", "card-4");
  session = center_world_call (client, "POST", "/v1/sessions", body, &status);
  g_assert_cmpuint (status, ==, 201);
  request = certificate_request (key);
  answer = post_request (client, json_object_get_string_member (session, "session_id"), request,
                         &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (center_world_error_code (answer), ==, "refused");
}

/* Posts @outcome for @request_id of @session_id and returns the HTTP status. */
static guint
post_outcome (SimHttpClient *client, const char *session_id, const char *request_id,
              const char *outcome)
{
  g_autofree char *path =
    g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id, request_id);
  g_autoptr (JsonObject) body = json_object_new ();
  g_autoptr (JsonObject) answer = NULL;
  guint status = 0;

  json_object_set_string_member (body, "outcome", outcome);
  json_object_set_string_member (body, "reason", "");
  answer = center_world_call (client, "POST", path, body, &status);
  return status;
}

/* Asserts that @sql with @param gives @expected on the center's database. */
static void
assert_db (const char *sql, const char *param, const char *expected)
{
  g_autofree char *value = center_db_query (world->db, sql, param);

  g_assert_cmpstr (value, ==, expected);
}

/* A center started after a session expired drops the session and its stored document, keeps the
 * request id and its outcome, and leaves the documents of live sessions alone. */
static void
test_expired_session_documents_are_purged (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) expired = open_session (client, 1);
  g_autoptr (JsonObject) live = open_session (client, 2);
  const char *expired_id = json_object_get_string_member (expired, "session_id");
  const char *live_id = json_object_get_string_member (live, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *live_key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  g_autoptr (JsonObject) live_body = certificate_request (live_key);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_request (client, expired_id, body, &status);
  g_autoptr (JsonObject) live_answer = NULL;
  g_autoptr (JsonObject) retry = NULL;
  const char *request_id = json_object_get_string_member (answer, "request_id");

  g_assert_cmpuint (status, ==, 201);
  live_answer = post_request (client, live_id, live_body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpuint (post_outcome (client, expired_id, request_id, "printed"), ==, 200);
  g_free (center_db_query (world->db, "UPDATE session SET expires_at = 0 WHERE session_id = $1",
                           expired_id));
  center_world_restart_center (world, world->ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_db ("SELECT count(*) FROM session WHERE session_id = $1", expired_id, "0");
  assert_db ("SELECT count(*) FROM request WHERE request_id = $1 AND response IS NULL", request_id,
             "1");
  assert_db ("SELECT outcome FROM outcome WHERE request_id = $1", request_id, "printed");
  assert_db ("SELECT count(*) FROM request WHERE request_id = $1 AND response IS NOT NULL",
             json_object_get_string_member (live_answer, "request_id"), "1");
  g_clear_pointer (&client, sim_http_client_free);
  client = terminal ("terminal");
  retry = post_request (client, expired_id, body, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (center_world_error_code (retry), ==, "session-unknown");
}

/* A center started after a nonce expired deletes it. */
static void
test_expired_nonces_are_purged (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);

  assert_db ("SELECT count(*) FROM nonce WHERE nonce = $1", nonce, "1");
  g_free (center_db_query (world->db, "UPDATE nonce SET expires_at = 0 WHERE nonce = $1", nonce));
  center_world_restart_center (world, world->ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);
  assert_db ("SELECT count(*) FROM nonce WHERE nonce = $1", nonce, "0");
}

/* Two centers on one database serve one fleet: a nonce of one opens a session at the other, once;
 * a key claimed at one answers the same request and document at the other; an outcome recorded
 * at one cannot be changed at the other. */
static void
test_two_centers_share_one_database (void)
{
  g_autoptr (SimHttpClient) first = terminal ("terminal");
  g_autoptr (SimHttpClient) second =
    center_world_client (world, center_world_start_second_center (world), "terminal");
  g_autofree char *nonce = center_world_nonce (first);
  g_autofree char *when = time_now (0);
  g_autoptr (JsonObject) auth =
    center_world_session_body (world, nonce, "T-0001", when, "card-1", "card-1");
  guint status = 0;
  g_autoptr (JsonObject) session = center_world_call (second, "POST", "/v1/sessions", auth, &status);
  const char *session_id = json_object_get_string_member (session, "session_id");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (key);
  g_autoptr (JsonObject) claimed = NULL;
  g_autoptr (JsonObject) again = NULL;
  const char *request_id;

  g_assert_cmpuint (status, ==, 201);
  assert_session_refused (first, auth, 401, "nonce-unknown");
  claimed = post_request (first, session_id, body, &status);
  g_assert_cmpuint (status, ==, 201);
  again = post_request (second, session_id, body, &status);
  g_assert_cmpuint (status, ==, 200);
  request_id = json_object_get_string_member (claimed, "request_id");
  g_assert_cmpstr (json_object_get_string_member (again, "request_id"), ==, request_id);
  g_assert_cmpstr (json_object_get_string_member (again, "document"), ==,
                   json_object_get_string_member (claimed, "document"));
  g_assert_cmpuint (post_outcome (second, session_id, request_id, "printed"), ==, 200);
  g_assert_cmpuint (post_outcome (first, session_id, request_id, "failed"), ==, 409);
  g_assert_cmpuint (post_outcome (first, session_id, request_id, "printed"), ==, 200);
}

/* Starts the world, runs the tests, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = center_world_new (TRUE);
  g_test_add_func ("/center/nonce-is-single-use", test_nonce_is_single_use);
  g_test_add_func ("/center/valid-signature-opens-session", test_valid_signature_opens_session);
  g_test_add_func ("/center/bad-signature-is-refused", test_bad_signature_is_refused);
  g_test_add_func ("/center/signature-for-another-terminal-is-refused",
                   test_signature_for_another_terminal_is_refused);
  g_test_add_func ("/center/certificate-from-another-ca-is-refused",
                   test_certificate_from_another_ca_is_refused);
  g_test_add_func ("/center/stale-terminal-time-is-refused", test_stale_terminal_time_is_refused);
  g_test_add_func ("/center/malformed-session-body-is-bad-request",
                   test_malformed_session_body_is_bad_request);
  g_test_add_func ("/center/kept-connection-keeps-terminal-identity", test_kept_connection_keeps_terminal_identity);
  g_test_add_func ("/center/options-are-passed-on-and-bound-to-the-key",
                   test_options_are_passed_on_and_bound_to_the_key);
  g_test_add_func ("/center/catalogue-lists-residence-municipality",
                   test_catalogue_lists_residence_municipality);
  g_test_add_func ("/center/same-idempotency-key-returns-same-document",
                   test_same_idempotency_key_returns_same_document);
  g_test_add_func ("/center/another-terminal-cannot-use-session",
                   test_another_terminal_cannot_use_session);
  g_test_add_func ("/center/full-issue-flow-is-bound-to-session",
                   test_full_issue_flow_is_bound_to_session);
  g_test_add_func ("/center/changed-outcome-is-refused", test_changed_outcome_is_refused);
  g_test_add_func ("/center/municipal-refusal-is-relayed", test_municipal_refusal_is_relayed);
  g_test_add_func ("/center/expired-session-documents-are-purged",
                   test_expired_session_documents_are_purged);
  g_test_add_func ("/center/expired-nonces-are-purged", test_expired_nonces_are_purged);
  g_test_add_func ("/center/two-centers-share-one-database", test_two_centers_share_one_database);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  return status;
}
