/* test-center-bad-input.c: the center's bad-input matrix (issue 8; docs/protocol.md, "Transport"
 * and "Error codes"). Each bad request gets its documented status and code in a body that is the
 * error object alone, with nothing of any session in it, and the center then still serves a good
 * request. Rows tested elsewhere and not repeated here: a nonce used twice (test-center.c,
 * nonce-is-single-use), a signature by another card (test-center.c, bad-signature-is-refused), a
 * certificate from another CA (test-center.c, certificate-from-another-ca-is-refused), a revoked
 * certificate (test-center-ocsp.c, revoked-card-is-refused). */
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sim/servers/sim-card-auth.h"
#include "sim/servers/sim-server.h"
#include "tests/center/center-world.h"

/* How long the test waits for any answer or close before it fails. */
#define WAIT_SECONDS 30

/* How often a slow client sends its next byte, in milliseconds. */
#define DRIBBLE_MS 200

/* 64 characters, for strings one byte over a limit. */
#define X16 "xxxxxxxxxxxxxxxx"
#define X64 X16 X16 X16 X16

/* The world shared by the tests of this program: PKI, municipal server, OCSP responder, center. */
static CenterWorld *world;

/* Session ids, card fingerprints and request ids this program obtained: no error body may hold one. */
static GPtrArray *secrets;

/* A session of terminal T-0001 (card 1) with one answered request, made on first use. */
static struct {
  char *session_id;
  char *request_id;
} live;

/* A client of the center presenting @name's certificate. */
static SimHttpClient *
terminal (const char *name)
{
  return center_world_client (world, world->center_url, name);
}

/* @object serialized. */
static GBytes *
object_bytes (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return sim_json_to_bytes (node);
}

/* Asserts @body is the protocol's error object alone, with @code, and holds no secret. */
static void
assert_error_body (GBytes *body, const char *code)
{
  static const char *const error_members[] = { "code", "message", "reason", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = sim_json_parse_object (body, &error);
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *inner;

  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (answer), ==, 1);
  inner = json_object_get_member (answer, "error");
  g_assert_nonnull (inner);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (inner));
  g_assert_true (sim_json_check_members (json_node_get_object (inner), error_members, NULL));
  g_assert_cmpstr (center_world_error_code (answer), ==, code);
  for (guint i = 0; i < secrets->len; i++)
    g_assert_null (memmem (data, len, secrets->pdata[i], strlen (secrets->pdata[i])));
}

/* Sends @method @path with @body (JSON bytes; NULL: none) and asserts the answer is @status with the
 * error @code; returns the answer's body. */
static GBytes *
assert_refused (SimHttpClient *client, const char *method, const char *path, GBytes *body,
                guint status, const char *code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response = sim_http_client_request (client, method, path, body,
                                                                  &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, status);
  assert_error_body (response->body, code);
  return g_bytes_ref (response->body);
}

/* The same with the body given as text. */
static GBytes *
assert_text_refused (SimHttpClient *client, const char *path, const char *text, guint status,
                     const char *code)
{
  g_autoptr (GBytes) body = g_bytes_new (text, strlen (text));

  return assert_refused (client, "POST", path, body, status, code);
}

/* Asserts the center still serves a good request from a new connection: a fresh nonce. */
static void
assert_center_serves (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = center_world_nonce (client);

  g_assert_nonnull (nonce);
}

/* A fresh nonce from the center, over a new connection. */
static char *
get_nonce (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");

  return center_world_nonce (client);
}

/* A POST /v1/sessions body from T-0001, now: @cert's certificate and @key's signature over the
 * challenge for @nonce. */
static JsonObject *
session_body (const char *nonce, const char *cert, const char *key)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = sim_time_format (now);

  return center_world_session_body (world, nonce, "T-0001", when, cert, key);
}

/* Posts @body to /v1/sessions and asserts it is refused with @status and @code. */
static void
assert_session_refused (JsonObject *body, guint status, const char *code)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (GBytes) bytes = object_bytes (body);

  g_bytes_unref (assert_refused (client, "POST", "/v1/sessions", bytes, status, code));
}

/* Opens a session for card @card from T-0001 and returns its id. */
static char *
open_session (const char *card)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_authenticate (world, client, card, &status);
  const char *session_id;

  g_assert_cmpuint (status, ==, 201);
  session_id = json_object_get_string_member (answer, "session_id");
  g_ptr_array_add (secrets, g_strdup (session_id));
  g_ptr_array_add (secrets, g_strdup (json_object_get_string_member (answer, "card_fingerprint")));
  return g_strdup (session_id);
}

/* A certificate request body with a fresh idempotency key. */
static JsonObject *
certificate_request (void)
{
  g_autofree char *key = g_uuid_string_random ();
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "idempotency_key", key);
  json_object_set_string_member (body, "municipality", "999999");
  json_object_set_string_member (body, "type", "juminhyo");
  json_object_set_int_member (body, "copies", 1);
  return body;
}

/* Asks for a juminhyo in @session_id and returns the request id. */
static char *
issue (const char *session_id)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) body = certificate_request ();
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/requests", session_id);
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_call (client, "POST", path, body, &status);
  const char *request_id;

  g_assert_cmpuint (status, ==, 201);
  request_id = json_object_get_string_member (answer, "request_id");
  g_ptr_array_add (secrets, g_strdup (request_id));
  return g_strdup (request_id);
}

/* Makes the live session and its answered request if they do not exist yet. */
static void
ensure_live_session (void)
{
  if (live.session_id != NULL)
    return;
  live.session_id = open_session ("card-1");
  live.request_id = issue (live.session_id);
}

/* The requests path of @session_id. */
static char *
requests_path (const char *session_id)
{
  return g_strdup_printf ("/v1/sessions/%s/requests", session_id);
}

/* The outcome path of @request_id in @session_id. */
static char *
outcome_path (const char *session_id, const char *request_id)
{
  return g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id, request_id);
}

/* The four POST paths, the session ones naming the live session and its request. */
static GStrv
post_paths (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *requests = NULL;
  g_autofree char *outcome = NULL;

  ensure_live_session ();
  requests = requests_path (live.session_id);
  outcome = outcome_path (live.session_id, live.request_id);
  g_strv_builder_add_many (builder, "/v1/nonce", "/v1/sessions", requests, outcome, NULL);
  return g_strv_builder_end (builder);
}

/* Posts each of @texts to each POST path and asserts each is refused with @status, bad-request. */
static void
assert_texts_refused_everywhere (const char *const *texts, gsize n_texts, guint status)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_auto (GStrv) paths = post_paths ();

  for (guint i = 0; paths[i] != NULL; i++)
    for (gsize j = 0; j < n_texts; j++)
      g_bytes_unref (assert_text_refused (client, paths[i], texts[j], status, "bad-request"));
  assert_center_serves ();
}

/* A copy of @body (json_node_copy would share it) with @member set to the JSON text @value (NULL:
 * removed). */
static JsonObject *
spoil (JsonObject *body, const char *member, const char *value)
{
  g_autoptr (GBytes) bytes = object_bytes (body);
  g_autoptr (GError) error = NULL;
  JsonObject *spoiled = sim_json_parse_object (bytes, &error);

  g_assert_no_error (error);
  if (value == NULL)
    {
      json_object_remove_member (spoiled, member);
      return spoiled;
    }
  json_object_set_member (spoiled, member, json_from_string (value, &error));
  g_assert_no_error (error);
  return spoiled;
}

/* Posts @body spoiled by each (member, value) of @spoils to @path and asserts each is 400
 * bad-request. */
static void
assert_spoils_refused (const char *path, JsonObject *body, const char *const (*spoils)[2],
                       gsize n_spoils)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");

  for (gsize i = 0; i < n_spoils; i++)
    {
      g_autoptr (JsonObject) spoiled = spoil (body, spoils[i][0], spoils[i][1]);
      g_autoptr (GBytes) bytes = object_bytes (spoiled);

      g_bytes_unref (assert_refused (client, "POST", path, bytes, 400, "bad-request"));
    }
}

/* Malformed JSON is bad-request on every POST endpoint: broken, not UTF-8, what json-glib alone
 * would let pass (single quotes, comments, hex and bare-point numbers, raw control characters,
 * unknown escapes, leading zeros, two roots), a member named twice, and nesting past 2000 deep. */
static void
test_malformed_json (void)
{
  g_autofree char *open = g_strnfill (2001, '[');
  g_autofree char *close = g_strnfill (2001, ']');
  g_autofree char *deep = g_strconcat ("{\"nonce\":", open, close, "}", NULL);
  const char *const texts[] = {
    "{",
    "{\"nonce\":",
    "{\"a\":1,}",
    "nul",
    "\xff\xfe{}",
    "{\"a\":\"\xc3\x28\"}",
    "{'nonce':'a'}",
    "/* c */{}",
    "{\"nonce\":0x10}",
    "{\"nonce\":.5}",
    "{\"nonce\":\"\t\"}",
    "{\"nonce\":\"\\x\"}",
    "{\"nonce\":01}",
    "{}{}",
    "{\"nonce\":\"a\",\"nonce\":\"b\"}",
    deep,
  };

  assert_texts_refused_everywhere (texts, G_N_ELEMENTS (texts), 400);
}

/* JSON that is not an object is bad-request on every POST endpoint. */
static void
test_json_not_an_object (void)
{
  const char *const texts[] = { "[]", "[{}]", "\"{}\"", "42", "null", "true" };

  assert_texts_refused_everywhere (texts, G_N_ELEMENTS (texts), 400);
}

/* A body one byte over 64 KiB is 413 bad-request on every POST endpoint; one of exactly 64 KiB is
 * read (and refused for what it says). */
static void
test_oversized_body (void)
{
  g_autofree char *at_limit = g_strnfill (SIM_SERVER_MAX_BODY, ' ');
  g_autofree char *over_limit = g_strnfill (SIM_SERVER_MAX_BODY + 1, ' ');
  g_autoptr (SimHttpClient) client = terminal ("terminal");

  memcpy (at_limit, "{\"x\":1}", 7);
  memcpy (over_limit, "{\"x\":1}", 7);
  g_bytes_unref (assert_text_refused (client, "/v1/nonce", at_limit, 400, "bad-request"));
  assert_texts_refused_everywhere ((const char *const[]){ over_limit }, 1, 413);
}

/* Connects to the center as @name (NULL: plain TCP, no TLS), with I/O timing out after
 * WAIT_SECONDS. */
static GIOStream *
raw_connect (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = g_uri_parse (world->center_url, G_URI_FLAGS_NONE, &error);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GSocketConnectable) identity = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GIOStream) tls = NULL;
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *pem_name = g_strconcat (name != NULL ? name : "", ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name != NULL ? name : "", ".key", NULL);
  g_autofree char *pem = center_world_path (world, pem_name);
  g_autofree char *key = center_world_path (world, key_name);

  g_assert_no_error (error);
  g_socket_client_set_timeout (client, WAIT_SECONDS);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri),
                                                (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  if (name == NULL)
    return G_IO_STREAM (g_steal_pointer (&connection));
  identity = g_network_address_new (g_uri_get_host (uri), (guint16) g_uri_get_port (uri));
  tls = g_tls_client_connection_new (G_IO_STREAM (connection), identity, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (ca, &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (pem, key, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_tls_connection_set_certificate (G_TLS_CONNECTION (tls), certificate);
  /* the server ends a connection it cuts off without a close_notify */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&tls);
}

/* Writes @request, exactly as given, on a new connection of terminal T-0001 and reads until the
 * server closes the connection; returns what it answered. */
static GBytes *
raw_exchange (const char *request, gsize len)
{
  g_autoptr (GIOStream) stream = raw_connect ("terminal");
  g_autoptr (GByteArray) received = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), request, len, NULL, NULL,
                             &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer,
                                   NULL, &error))
         > 0)
    g_byte_array_append (received, buffer, (guint) n);
  g_assert_no_error (error);
  return g_byte_array_free_to_bytes (g_steal_pointer (&received));
}

/* The status of the raw answer @received (libsoup parses its head), and its body in @body. */
static guint
raw_answer (GBytes *received, GBytes **body)
{
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  gsize len = 0;
  const char *data = g_bytes_get_data (received, &len);
  const char *end = memmem (data, len, "\r\n\r\n", 4);
  guint status = 0;
  gsize head;

  head = end != NULL ? (gsize) (end - data) + 4 : 0;
  g_assert_cmpuint (head, >, 0);
  g_assert_true (soup_headers_parse_response (data, (int) head, headers, NULL, &status, NULL));
  g_assert_cmpint (soup_message_headers_get_content_length (headers), ==, (goffset) (len - head));
  *body = g_bytes_new_from_bytes (received, head, len - head);
  return status;
}

/* Sends the raw @request and asserts the answer is @status with the error @code; returns the
 * answer's body. */
static GBytes *
assert_raw_refused (const char *request, guint status, const char *code)
{
  g_autoptr (GBytes) received = raw_exchange (request, strlen (request));
  g_autoptr (GBytes) body = NULL;

  g_assert_cmpuint (raw_answer (received, &body), ==, status);
  assert_error_body (body, code);
  return g_steal_pointer (&body);
}

/* A body announced over 64 KiB with "Expect: 100-continue" is refused 413 before it is sent. */
static void
test_oversized_body_announced_is_refused_before_it_is_sent (void)
{
  g_bytes_unref (assert_raw_refused ("POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: 1073741824\r\nExpect: 100-continue\r\n\r\n",
                                     413, "bad-request"));
  assert_center_serves ();
}

/* A POST without a Content-Length is 411 bad-request. */
static void
test_post_without_content_length (void)
{
  g_bytes_unref (assert_raw_refused ("POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 411,
                                     "bad-request"));
  assert_center_serves ();
}

/* A chunked body is 411 bad-request. */
static void
test_chunked_body (void)
{
  g_bytes_unref (assert_raw_refused ("POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                                     411, "bad-request"));
  assert_center_serves ();
}

/* A POST /v1/nonce of "{}" with the Content-Type header line @content_type (NULL: none). */
static char *
nonce_request (const char *content_type)
{
  return g_strdup_printf ("POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
                          "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
                          content_type != NULL ? "Content-Type: " : "",
                          content_type != NULL ? content_type : "",
                          content_type != NULL ? "\r\n" : "");
}

/* A body that is not said to be JSON in UTF-8 is 415 bad-request; JSON in UTF-8 is served. */
static void
test_wrong_content_type (void)
{
  const char *const refused[] = {
    "text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
    "application/json; profile=x", "json", NULL, /* NULL: a body without a Content-Type */
  };
  g_autofree char *good = nonce_request ("application/json; charset=UTF-8");
  g_autoptr (GBytes) answer = raw_exchange (good, strlen (good));
  g_autoptr (GBytes) body = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *request = nonce_request (refused[i]);

      g_bytes_unref (assert_raw_refused (request, 415, "bad-request"));
    }
  g_assert_cmpuint (raw_answer (answer, &body), ==, 200);
  assert_center_serves ();
}

/* A member the protocol does not define is bad-request in each request body; the same body
 * without it is served (so the stranger alone was refused, and refusing it burnt nothing). */
static void
test_unknown_members (void)
{
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autofree char *nonce = get_nonce ();
  g_autoptr (JsonObject) session = session_body (nonce, "card-1", "card-1");
  g_autoptr (JsonObject) request = certificate_request ();
  g_autoptr (JsonObject) outcome = json_object_new ();
  g_autoptr (JsonObject) empty = json_object_new ();
  g_autofree char *requests = NULL;
  g_autofree char *outcomes = NULL;
  struct {
    const char *path;
    JsonObject *body;
    guint status;
  } rows[] = {
    { "/v1/nonce", empty, 200 }, { "/v1/sessions", session, 201 },
    { NULL, request, 201 },      { NULL, outcome, 200 },
  };

  ensure_live_session ();
  requests = requests_path (live.session_id);
  outcomes = outcome_path (live.session_id, live.request_id);
  rows[2].path = requests;
  rows[3].path = outcomes;
  json_object_set_string_member (outcome, "outcome", "printed");
  json_object_set_string_member (outcome, "reason", "");
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr (JsonObject) spoiled = spoil (rows[i].body, "colour", "\"blue\"");
      g_autoptr (GBytes) bytes = object_bytes (spoiled);
      g_autoptr (JsonObject) answer = NULL;
      guint status = 0;

      g_bytes_unref (assert_refused (client, "POST", rows[i].path, bytes, 400, "bad-request"));
      answer = center_world_call (client, "POST", rows[i].path, rows[i].body, &status);
      g_assert_cmpuint (status, ==, rows[i].status);
      if (json_object_has_member (answer, "session_id"))
        g_ptr_array_add (secrets, g_strdup (json_object_get_string_member (answer, "session_id")));
      if (json_object_has_member (answer, "request_id"))
        g_ptr_array_add (secrets, g_strdup (json_object_get_string_member (answer, "request_id")));
    }
  assert_center_serves ();
}

/* The municipal server is as strict: a member it does not define is bad-request. */
static void
test_municipal_unknown_member (void)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url,
                                                          "center-client");
  g_autoptr (GBytes) der = center_world_read (world, "card-1.der");
  g_autofree char *fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *session_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = json_object_new ();
  g_autoptr (JsonObject) spoiled = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonObject) answer = NULL;
  guint status = 0;

  json_object_set_string_member (body, "request_id", request_id);
  json_object_set_string_member (body, "session_id", session_id);
  json_object_set_string_member (body, "terminal_id", "T-0001");
  json_object_set_string_member (body, "card_serial", "5A000001");
  json_object_set_string_member (body, "card_fingerprint", fingerprint);
  json_object_set_string_member (body, "municipality", "999999");
  json_object_set_string_member (body, "type", "juminhyo");
  json_object_set_int_member (body, "copies", 1);
  spoiled = spoil (body, "resident_name", "\"x\"");
  bytes = object_bytes (spoiled);
  g_bytes_unref (assert_refused (client, "POST", "/v1/certificates", bytes, 400, "bad-request"));
  answer = center_world_call (client, "POST", "/v1/certificates", body, &status);
  g_assert_cmpuint (status, ==, 201);
}

/* Wrong types and values out of range are bad-request in each request body. */
static void
test_wrong_types_and_ranges (void)
{
  static const char *const request_spoils[][2] = {
    { "copies", "0" },
    { "copies", "11" },
    { "copies", "-1" },
    { "copies", "\"1\"" },
    { "copies", "1.5" },
    { "copies", "true" },
    { "copies", "null" },
    { "copies", NULL },
    { "idempotency_key", "42" },
    { "idempotency_key", "\"\"" },
    { "idempotency_key", "\"key-1\"" },
    { "idempotency_key", "\"" X64 "\"" },
    { "municipality", "999999" },
    { "municipality", "\"99999999999999999\"" },
    { "type", "[\"juminhyo\"]" },
    { "type", "\"" X64 "x\"" },
  };
  static const char *const outcome_spoils[][2] = {
    { "outcome", "\"maybe\"" }, { "outcome", "1" },   { "outcome", NULL },
    { "reason", "1" },          { "reason", "null" }, { "reason", "\"" X64 "x\"" },
  };
  static const char *const session_spoils[][2] = {
    { "nonce", "1" },           { "nonce", NULL },       { "terminal_time", "5" },
    { "certificate", "{}" },    { "signature", "[]" },   { "signature", NULL },
    { "terminal_time", "\"yesterday\"" }, /* last: it burns the nonce before it is refused */
  };
  g_autoptr (JsonObject) request = certificate_request ();
  g_autoptr (JsonObject) outcome = json_object_new ();
  g_autofree char *nonce = get_nonce ();
  g_autoptr (JsonObject) session = session_body (nonce, "card-1", "card-1");
  g_autofree char *requests = NULL;
  g_autofree char *outcomes = NULL;

  ensure_live_session ();
  requests = requests_path (live.session_id);
  outcomes = outcome_path (live.session_id, live.request_id);
  json_object_set_string_member (outcome, "outcome", "failed");
  json_object_set_string_member (outcome, "reason", "print-failed");
  assert_spoils_refused (requests, request, request_spoils, G_N_ELEMENTS (request_spoils));
  assert_spoils_refused (outcomes, outcome, outcome_spoils, G_N_ELEMENTS (outcome_spoils));
  assert_spoils_refused ("/v1/sessions", session, session_spoils, G_N_ELEMENTS (session_spoils));
  assert_center_serves ();
}

/* Base64 that is not canonical (standard alphabet, padded, nothing else) is bad-request, for the
 * certificate and for the signature; the canonical body then opens the session. */
static void
test_non_canonical_base64 (void)
{
  static const char *const spoils[][2] = {
    { "certificate", "\"AA\"" },    { "certificate", "\"AB==\"" },  { "certificate", "\"AA==\\n\"" },
    { "certificate", "\"-_8=\"" },  { "certificate", "\" AAAA\"" }, { "certificate", "\"\"" },
    { "certificate", "\"====\"" },  { "signature", "\"AA\"" },      { "signature", "\"AB==\"" },
    { "signature", "\"AA==\\n\"" }, { "signature", "\"-_8=\"" },    { "signature", "\"\"" },
  };
  g_autofree char *nonce = get_nonce ();
  g_autoptr (JsonObject) body = session_body (nonce, "card-1", "card-1");

  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) session = NULL;
  guint status = 0;

  assert_spoils_refused ("/v1/sessions", body, spoils, G_N_ELEMENTS (spoils));
  session = center_world_call (client, "POST", "/v1/sessions", body, &status);
  g_assert_cmpuint (status, ==, 201);
  g_ptr_array_add (secrets, g_strdup (json_object_get_string_member (session, "session_id")));
}

/* A nonce burnt by a refused attempt (card 2's signature for card 1's certificate) is gone: the
 * right signature over it is nonce-unknown. */
static void
test_nonce_burnt_by_refused_attempt (void)
{
  g_autofree char *nonce = get_nonce ();
  g_autoptr (JsonObject) forged = session_body (nonce, "card-1", "card-2");
  g_autoptr (JsonObject) genuine = session_body (nonce, "card-1", "card-1");

  assert_session_refused (forged, 401, "auth-failed");
  assert_session_refused (genuine, 401, "nonce-unknown");
  assert_center_serves ();
}

/* A nonce the center never gave, however well formed and signed, is nonce-unknown. */
static void
test_made_up_nonce (void)
{
  guint8 random[32];
  g_autofree char *nonce = NULL;
  g_autoptr (JsonObject) body = NULL;

  for (gsize i = 0; i < sizeof random; i++)
    random[i] = (guint8) g_random_int_range (0, 256);
  nonce = g_base64_encode (random, sizeof random);
  body = session_body (nonce, "card-1", "card-1");
  assert_session_refused (body, 401, "nonce-unknown");
  assert_center_serves ();
}

/* An expired nonce is nonce-unknown. The clock is not waited for: the nonce's row in the center's
 * database is made to have expired a second before it was issued, as an operator could. */
static void
test_expired_nonce (void)
{
  g_autofree char *nonce = get_nonce ();
  g_autoptr (JsonObject) body = session_body (nonce, "card-1", "card-1");
  g_autofree char *updated = center_db_query (
    world->db, "UPDATE nonce SET expires_at = expires_at - 121 WHERE nonce = $1 RETURNING nonce",
    nonce);

  g_assert_cmpstr (updated, ==, nonce);
  assert_session_refused (body, 401, "nonce-unknown");
  assert_center_serves ();
}

/* The path of endpoint @endpoint (0: catalogue, 1: requests, 2: the live request's outcome) in
 * session @session_id. */
static char *
session_path (guint endpoint, const char *session_id)
{
  switch (endpoint)
    {
    case 0:
      return g_strdup_printf ("/v1/sessions/%s/catalogue", session_id);
    case 1:
      return requests_path (session_id);
    default:
      return outcome_path (session_id, live.request_id);
    }
}

/* Sends @method @path with @body from terminal T-0002 and returns the (session-unknown) answer. */
static GBytes *
other_terminal_refused (const char *method, const char *path, JsonObject *body)
{
  g_autoptr (SimHttpClient) other = terminal ("terminal-2");
  g_autoptr (GBytes) bytes = body != NULL ? object_bytes (body) : NULL;

  return assert_refused (other, method, path, bytes, 404, "session-unknown");
}

/* T-0001's session used by T-0002 is session-unknown on each of its endpoints, answered exactly
 * as a session id that never existed: the answer does not tell that the id is real. */
static void
test_session_of_another_terminal (void)
{
  g_autofree char *random_id = g_uuid_string_random ();
  g_autoptr (JsonObject) request = certificate_request ();
  g_autoptr (JsonObject) outcome = json_object_new ();
  const char *methods[] = { "GET", "POST", "POST" };
  JsonObject *bodies[] = { NULL, request, outcome };

  ensure_live_session ();
  json_object_set_string_member (outcome, "outcome", "printed");
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autofree char *real = session_path (i, live.session_id);
      g_autofree char *made_up = session_path (i, random_id);
      g_autoptr (GBytes) real_answer = other_terminal_refused (methods[i], real, bodies[i]);
      g_autoptr (GBytes) made_up_answer = other_terminal_refused (methods[i], made_up, bodies[i]);

      g_assert_true (g_bytes_equal (real_answer, made_up_answer));
    }
  assert_center_serves ();
}

/* Another session's request id in the outcome path is bad-request, answered exactly as an id that
 * never existed, and records nothing: its own session then reports a different outcome. */
static void
test_request_of_another_session (void)
{
  g_autofree char *owner = open_session ("card-3");
  g_autofree char *request_id = issue (owner);
  g_autofree char *intruder = open_session ("card-2");
  g_autofree char *random_id = g_uuid_string_random ();
  g_autofree char *foreign_path = outcome_path (intruder, request_id);
  g_autofree char *random_path = outcome_path (intruder, random_id);
  g_autofree char *bad_id_path = outcome_path (intruder, "not-a-request");
  g_autofree char *own_path = outcome_path (owner, request_id);
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) printed = json_object_new ();
  g_autoptr (JsonObject) failed = json_object_new ();
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) foreign = NULL;
  g_autoptr (GBytes) unknown = NULL;
  g_autoptr (JsonObject) answer = NULL;
  guint status = 0;

  json_object_set_string_member (printed, "outcome", "printed");
  json_object_set_string_member (failed, "outcome", "failed");
  body = object_bytes (printed);
  foreign = assert_refused (client, "POST", foreign_path, body, 400, "bad-request");
  unknown = assert_refused (client, "POST", random_path, body, 400, "bad-request");
  g_assert_true (g_bytes_equal (foreign, unknown));
  g_bytes_unref (assert_refused (client, "POST", bad_id_path, body, 400, "bad-request"));
  answer = center_world_call (client, "POST", own_path, failed, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_center_serves ();
}

/* Paths that climb out of their route (dot segments, encoded slashes, an encoded NUL) reach no
 * endpoint and no other terminal's session. */
static void
test_path_traversal (void)
{
  g_autofree char *random_id = g_uuid_string_random ();
  g_autofree char *escape = NULL;
  g_autofree char *climb = NULL;
  g_autofree char *random_climb = NULL;
  g_autoptr (SimHttpClient) other = terminal ("terminal-2");
  g_autoptr (GBytes) climbed = NULL;
  g_autoptr (GBytes) unknown = NULL;

  ensure_live_session ();
  escape = g_strdup_printf ("GET /v1/sessions/%s/../../../../etc/passwd HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
                            live.session_id);
  g_bytes_unref (assert_raw_refused (escape, 404, "bad-request"));
  g_bytes_unref (assert_raw_refused ("GET /v1/sessions/..%2f..%2fnonce/catalogue HTTP/1.1\r\n"
                                     "Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                     400, "bad-request"));
  g_bytes_unref (assert_raw_refused ("GET /v1/sessions/%00/catalogue HTTP/1.1\r\n"
                                     "Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                     400, "bad-request"));
  /* T-0002 climbing from a made-up session into T-0001's */
  climb = g_strdup_printf ("/v1/sessions/%s/../%s/catalogue", random_id, live.session_id);
  random_climb = g_strdup_printf ("/v1/sessions/%s/../%s/catalogue", live.session_id, random_id);
  climbed = assert_refused (other, "GET", climb, NULL, 404, "session-unknown");
  unknown = assert_refused (other, "GET", random_climb, NULL, 404, "session-unknown");
  g_assert_true (g_bytes_equal (climbed, unknown));
  assert_center_serves ();
}

/* Overlong path segments are the ids they stand for, unknown: session-unknown in the session's
 * place, bad-request in the request's. */
static void
test_overlong_path_segments (void)
{
  g_autofree char *long_id = g_strnfill (4096, 'a');
  g_autofree char *catalogue = g_strdup_printf ("/v1/sessions/%s/catalogue", long_id);
  g_autofree char *requests = requests_path (long_id);
  g_autofree char *outcome = NULL;
  g_autoptr (SimHttpClient) client = terminal ("terminal");
  g_autoptr (JsonObject) request = certificate_request ();
  g_autoptr (JsonObject) printed = json_object_new ();
  g_autoptr (GBytes) request_bytes = object_bytes (request);
  g_autoptr (GBytes) printed_bytes = NULL;

  ensure_live_session ();
  outcome = outcome_path (live.session_id, long_id);
  json_object_set_string_member (printed, "outcome", "printed");
  printed_bytes = object_bytes (printed);
  g_bytes_unref (assert_refused (client, "GET", catalogue, NULL, 404, "session-unknown"));
  g_bytes_unref (assert_refused (client, "POST", requests, request_bytes, 404, "session-unknown"));
  g_bytes_unref (assert_refused (client, "POST", outcome, printed_bytes, 400, "bad-request"));
  assert_center_serves ();
}

/* A request head over libsoup's 64 KiB limit is not HTTP the server can answer: the connection is
 * closed without a byte of an answer. */
static void
test_request_head_over_limit (void)
{
  g_autofree char *path = g_strnfill (100 * 1024, 'a');
  g_autofree char *request = g_strdup_printf ("GET /v1/sessions/%s/catalogue HTTP/1.1\r\n"
                                              "Host: 127.0.0.1\r\n\r\n",
                                              path);
  g_autoptr (GIOStream) stream = raw_connect ("terminal");
  g_autoptr (GError) error = NULL;
  guint8 buffer[256];
  gssize n;

  /* the server may stop reading, and close, before all of it is written */
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), request, strlen (request),
                             NULL, NULL, NULL);
  n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer, NULL,
                           &error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_assert_cmpint (n, <=, 0);
  assert_center_serves ();
}

/* A client that sends its request one byte at a time, and what it has seen. */
typedef struct {
  GIOStream *stream;
  const char *dribble;   /* what to send, a byte every DRIBBLE_MS; NULL: nothing */
  gsize sent;
  guint dribble_id;
  gboolean closed;       /* the server ended the connection (or answered: read > 0) */
  gssize read;
  GError *read_error;
  gboolean timed_out;
  guint8 buffer[256];
} SlowClient;

/* Sends the next byte; stops once the server has closed the connection. */
static gboolean
slow_client_dribble (gpointer user_data)
{
  SlowClient *slow = user_data;

  if (slow->closed || slow->dribble[slow->sent] == '\0'
      || !g_output_stream_write_all (g_io_stream_get_output_stream (slow->stream),
                                     slow->dribble + slow->sent, 1, NULL, NULL, NULL))
    {
      slow->dribble_id = 0;
      return G_SOURCE_REMOVE;
    }
  slow->sent++;
  return G_SOURCE_CONTINUE;
}

/* Notes the end of the client's one read: the server closed the connection, or answered. */
static void
slow_client_on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SlowClient *slow = user_data;

  slow->read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &slow->read_error);
  slow->closed = TRUE;
}

/* Notes that the wait is over. */
static gboolean
slow_client_on_timeout (gpointer user_data)
{
  SlowClient *slow = user_data;

  slow->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Connects as @name (NULL: TCP alone), sends @at_once, then @dribble a byte at a time; checks the
 * center serves another client meanwhile, and that it closes the slow connection, unanswered, once
 * SIM_SERVER_REQUEST_TIMEOUT has passed (not before: the dribbling does not keep it open, and
 * nothing else closed it). */
static void
assert_slow_client_cut_off (const char *name, const char *at_once, const char *dribble)
{
  SlowClient slow = { .dribble = dribble };
  gint64 start = g_get_monotonic_time ();
  guint timeout_id;

  slow.stream = raw_connect (name);
  if (at_once != NULL)
    g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (slow.stream), at_once,
                                              strlen (at_once), NULL, NULL, NULL));
  g_input_stream_read_async (g_io_stream_get_input_stream (slow.stream), slow.buffer,
                             sizeof slow.buffer, G_PRIORITY_DEFAULT, NULL, slow_client_on_read,
                             &slow);
  if (dribble != NULL)
    slow.dribble_id = g_timeout_add (DRIBBLE_MS, slow_client_dribble, &slow);
  timeout_id = g_timeout_add_seconds (SIM_SERVER_REQUEST_TIMEOUT + WAIT_SECONDS,
                                      slow_client_on_timeout, &slow);
  while (dribble != NULL && slow.sent < 3 && !slow.closed && !slow.timed_out)
    g_main_context_iteration (NULL, TRUE);
  assert_center_serves ();
  g_assert_false (slow.closed);
  while (!slow.closed && !slow.timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (slow.timed_out);
  g_source_remove (timeout_id);
  g_assert_cmpint (slow.read, <=, 0);
  g_assert_false (g_error_matches (slow.read_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_assert_cmpint (g_get_monotonic_time () - start, >=,
                   (SIM_SERVER_REQUEST_TIMEOUT - 1) * G_USEC_PER_SEC);
  g_clear_handle_id (&slow.dribble_id, g_source_remove);
  g_clear_error (&slow.read_error);
  g_clear_object (&slow.stream);
  assert_center_serves ();
}

/* Headers sent a byte at a time (slowloris) are cut off at the request deadline. */
static void
test_slow_headers (void)
{
  assert_slow_client_cut_off ("terminal", NULL,
                              "POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\nContent-Length: 2\r\n"
                              "X-Padding: " X64 X64 "\r\n\r\n{}");
}

/* A body sent a byte at a time is cut off at the request deadline. */
static void
test_slow_body (void)
{
  assert_slow_client_cut_off ("terminal",
                              "POST /v1/nonce HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n",
                              "{\"padding\":\"" X64 X64);
}

/* A connection that never starts its TLS handshake is cut off at the request deadline. */
static void
test_silent_connection (void)
{
  assert_slow_client_cut_off (NULL, NULL, NULL);
}

/* Starts the world, runs the matrix, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);
  world = center_world_new (TRUE);
  center_world_make_client (world, "terminal-2", "T-0002");
  g_test_add_func ("/center-bad-input/malformed-json", test_malformed_json);
  g_test_add_func ("/center-bad-input/json-not-an-object", test_json_not_an_object);
  g_test_add_func ("/center-bad-input/oversized-body", test_oversized_body);
  g_test_add_func ("/center-bad-input/oversized-body-announced-is-refused-before-it-is-sent",
                   test_oversized_body_announced_is_refused_before_it_is_sent);
  g_test_add_func ("/center-bad-input/post-without-content-length",
                   test_post_without_content_length);
  g_test_add_func ("/center-bad-input/chunked-body", test_chunked_body);
  g_test_add_func ("/center-bad-input/wrong-content-type", test_wrong_content_type);
  g_test_add_func ("/center-bad-input/unknown-members", test_unknown_members);
  g_test_add_func ("/center-bad-input/municipal-unknown-member", test_municipal_unknown_member);
  g_test_add_func ("/center-bad-input/wrong-types-and-ranges", test_wrong_types_and_ranges);
  g_test_add_func ("/center-bad-input/non-canonical-base64", test_non_canonical_base64);
  g_test_add_func ("/center-bad-input/nonce-burnt-by-refused-attempt",
                   test_nonce_burnt_by_refused_attempt);
  g_test_add_func ("/center-bad-input/made-up-nonce", test_made_up_nonce);
  g_test_add_func ("/center-bad-input/expired-nonce", test_expired_nonce);
  g_test_add_func ("/center-bad-input/session-of-another-terminal",
                   test_session_of_another_terminal);
  g_test_add_func ("/center-bad-input/request-of-another-session",
                   test_request_of_another_session);
  g_test_add_func ("/center-bad-input/path-traversal", test_path_traversal);
  g_test_add_func ("/center-bad-input/overlong-path-segments", test_overlong_path_segments);
  g_test_add_func ("/center-bad-input/request-head-over-limit", test_request_head_over_limit);
  g_test_add_func ("/center-bad-input/slow-headers", test_slow_headers);
  g_test_add_func ("/center-bad-input/slow-body", test_slow_body);
  g_test_add_func ("/center-bad-input/silent-connection", test_silent_connection);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  g_clear_pointer (&live.session_id, g_free);
  g_clear_pointer (&live.request_id, g_free);
  g_clear_pointer (&secrets, g_ptr_array_unref);
  return status;
}
