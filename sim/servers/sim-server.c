/* sim-server.c: one HTTPS server with mutual TLS, a small router, JSON replies and clean shutdown. */
#include "sim/servers/sim-server.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "sim/servers/sim-certificate.h"

/* One route: a method and a pattern split into segments, "*" matching any one segment. */
typedef struct {
  char *method;
  char *pattern;
  char **segments;
  SimRouteFunc func;
  gpointer user_data;
} SimRoute;

struct _SimServer {
  char *name;
  char *listen;
  char *ready_file;
  SoupServer *soup;
  GPtrArray *routes; /* of SimRoute */
  GMainLoop *loop;
  gboolean wrote_ready_file;
};

/* Frees one route. */
static void
sim_route_free (gpointer data)
{
  SimRoute *route = data;

  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

/* Adds the shared options to @context. */
void
sim_server_options_add (SimServerOptions *options, GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options->listen, "Address to listen on", "IP:PORT" },
    { "ready-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ready_file,
      "File written with the base URL once listening", "FILE" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &options->cert, "Server certificate (PEM)", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options->key, "Server key (PEM)", "FILE" },
    { "client-ca", 0, 0, G_OPTION_ARG_FILENAME, &options->client_ca,
      "CA of accepted client certificates (PEM)", "FILE" },
    G_OPTION_ENTRY_NULL,
  };

  g_option_context_add_main_entries (context, entries, NULL);
}

/* Frees the option strings. */
void
sim_server_options_clear (SimServerOptions *options)
{
  g_clear_pointer (&options->listen, g_free);
  g_clear_pointer (&options->ready_file, g_free);
  g_clear_pointer (&options->cert, g_free);
  g_clear_pointer (&options->key, g_free);
  g_clear_pointer (&options->client_ca, g_free);
}

/* Replies an error with an explicit HTTP status (for the transport-level refusals). */
static void
sim_server_reply_error_status (SoupServerMessage *msg, guint status, SimError code,
                               const char *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, sim_error_code_name (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (code == SIM_ERROR_REFUSED)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  sim_server_reply_json (msg, status, json_builder_get_root (builder));
}

/* Replies the protocol's error body for @error. */
void
sim_server_reply_error (SoupServerMessage *msg, const GError *error)
{
  SimError code = error->domain == SIM_ERROR ? (SimError) error->code : SIM_ERROR_INTERNAL;

  sim_server_reply_error_status (msg, sim_error_http_status (code), code, error->message);
}

/* Replies JSON. */
void
sim_server_reply_json (SoupServerMessage *msg, guint status, JsonNode *body)
{
  g_autoptr (JsonNode) node = body;
  g_autoptr (GBytes) bytes = sim_json_to_bytes (node);

  sim_server_reply_bytes (msg, status, bytes);
}

/* Replies raw JSON bytes. */
void
sim_server_reply_bytes (SoupServerMessage *msg, guint status, GBytes *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, len);
}

/* Serializes compactly. */
GBytes *
sim_json_to_bytes (JsonNode *node)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  gsize len = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

/* One thread's judge of strict JSON: an in-memory SQLite connection and its prepared statement. */
typedef struct {
  sqlite3 *db;
  sqlite3_stmt *stmt;
} SimJsonJudge;

/* Closes a thread's judge when the thread ends. */
static void
sim_json_judge_free (gpointer data)
{
  SimJsonJudge *judge = data;

  sqlite3_finalize (judge->stmt);
  sqlite3_close (judge->db);
  g_free (judge);
}

/* Each thread's judge, opened on its first body: a connection is not shared between threads. */
static GPrivate sim_json_judge = G_PRIVATE_INIT (sim_json_judge_free);

/* The calling thread's judge, opened and prepared once; NULL if SQLite cannot (then nothing is
 * strict). */
static SimJsonJudge *
sim_json_judge_get (void)
{
  static const char sql[] = "SELECT json_valid (?1) AND NOT EXISTS (SELECT 1 FROM json_tree (?1)"
                            " GROUP BY parent, key HAVING count (*) > 1)";
  SimJsonJudge *judge = g_private_get (&sim_json_judge);

  if (judge != NULL)
    return judge;
  judge = g_new0 (SimJsonJudge, 1);
  if (sqlite3_open_v2 (":memory:", &judge->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
      || sqlite3_prepare_v3 (judge->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &judge->stmt, NULL)
           != SQLITE_OK)
    {
      sim_json_judge_free (judge);
      return NULL;
    }
  g_private_set (&sim_json_judge, judge);
  return judge;
}

/* TRUE if @len bytes at @data are strict RFC 8259 JSON, nested at most 2000 deep, in which no
 * object names a member twice. json-glib 1.6 has no strict mode (it takes single quotes, comments,
 * hex numbers, ".5", raw control characters, several roots, and keeps the last of a repeated
 * member), so SQLite's JSON functions, already linked, judge the text before json-glib reads it. */
static gboolean
sim_json_is_strict (const char *data, gsize len)
{
  SimJsonJudge *judge = sim_json_judge_get ();
  gboolean strict = FALSE;

  if (judge == NULL)
    return FALSE;
  if (sqlite3_bind_text64 (judge->stmt, 1, data, len, SQLITE_STATIC, SQLITE_UTF8) == SQLITE_OK
      && sqlite3_step (judge->stmt) == SQLITE_ROW)
    strict = sqlite3_column_int (judge->stmt, 0) == 1;
  /* the statement must not keep pointing at @data */
  sqlite3_reset (judge->stmt);
  sqlite3_clear_bindings (judge->stmt);
  return strict;
}

/* Parses bytes as one JSON object, refusing invalid UTF-8, JSON that is not strict, and
 * non-objects. */
JsonObject *
sim_json_parse_object (GBytes *bytes, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len > G_MAXSSIZE || !g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "body is not UTF-8");
      return NULL;
    }
  if (!sim_json_is_strict (data != NULL ? data : "", len))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "body is not strict JSON (RFC 8259)");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) len, &local_error))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "body is not JSON: %s",
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "body is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The request body as an object. */
JsonObject *
sim_server_read_object (SoupServerMessage *msg, GError **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);

  if (g_bytes_get_size (bytes) > SIM_SERVER_MAX_BODY)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "body too large");
      return NULL;
    }
  return sim_json_parse_object (bytes, error);
}

/* Refuses a member the protocol does not define, naming it when it is short enough to show. */
gboolean
sim_json_check_members (JsonObject *object, const char *const *known, GError **error)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strv_contains (known, name))
        continue;
      if (strlen (name) <= 32)
        g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "unknown member \"%s\"", name);
      else
        g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "unknown member");
      return FALSE;
    }
  return TRUE;
}

/* A non-empty string member. */
const char *
sim_json_get_string (JsonObject *object, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING
      || (value = json_node_get_string (node)) == NULL || *value == '\0')
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "member %s must be a non-empty string",
                   member);
      return NULL;
    }
  return value;
}

/* A bounded integer member. */
gboolean
sim_json_get_int (JsonObject *object, const char *member, gint64 min, gint64 max, gint64 *value,
                  GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < min
      || json_node_get_int (node) > max)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                   "member %s must be an integer in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                   member, min, max);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

/* Decodes with GLib and accepts only input that encodes back identically (no junk skipped). */
GBytes *
sim_json_get_base64 (JsonObject *object, const char *member, GError **error)
{
  const char *text = sim_json_get_string (object, member, error);
  g_autofree guint8 *data = NULL;
  g_autofree char *again = NULL;
  gsize len = 0;

  if (text == NULL)
    return NULL;
  data = g_base64_decode (text, &len);
  again = g_base64_encode (data, len);
  if (len == 0 || !g_str_equal (again, text))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "member %s must be base64", member);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

/* RFC 3339 UTC. */
char *
sim_time_format (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* The client certificate of @msg's connection, verified against the client CA; NULL if none.
 * libsoup 3.2 gives the peer certificate to the first message of a connection only, so it is
 * kept on the connection's socket for the messages that follow on the same TLS connection. */
static GTlsCertificate *
sim_server_peer_certificate (SoupServerMessage *msg)
{
  GTlsCertificate *peer = soup_server_message_get_tls_peer_certificate (msg);
  GSocket *socket = soup_server_message_get_socket (msg);

  if (peer != NULL && soup_server_message_get_tls_peer_certificate_errors (msg) == 0)
    {
      if (socket != NULL)
        g_object_set_data_full (G_OBJECT (socket), "sim-peer-certificate", g_object_ref (peer), g_object_unref);
      return peer;
    }
  if (peer == NULL && socket != NULL)
    return g_object_get_data (G_OBJECT (socket), "sim-peer-certificate");
  return NULL;
}

/* The verified peer certificate's CN. */
char *
sim_server_peer_common_name (SoupServerMessage *msg, GError **error)
{
  GTlsCertificate *peer = sim_server_peer_certificate (msg);
  g_autoptr (GByteArray) der = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (X509) cert = NULL;
  char *cn = NULL;

  if (peer != NULL)
    g_object_get (peer, "certificate", &der, NULL);
  if (der != NULL)
    {
      bytes = g_bytes_new (der->data, der->len);
      cert = sim_certificate_from_der (bytes, NULL);
    }
  if (cert != NULL)
    cn = sim_certificate_common_name (cert);
  if (cn == NULL || *cn == '\0')
    {
      g_free (cn);
      g_set_error (error, SIM_ERROR, SIM_ERROR_AUTH_FAILED, "no client certificate CN");
      return NULL;
    }
  return cn;
}

/* Matches @path against a route, filling @params with the "*" segments. */
static gboolean
sim_route_match (const SimRoute *route, char **path_segments, GPtrArray *params)
{
  guint n = g_strv_length (route->segments);

  if (n != g_strv_length (path_segments))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (route->segments[i], "*"))
        {
          if (*path_segments[i] == '\0')
            return FALSE;
          g_ptr_array_add (params, path_segments[i]);
        }
      else if (!g_str_equal (route->segments[i], path_segments[i]))
        return FALSE;
    }
  return TRUE;
}

/* Dispatches a fully read request to its route. */
static void
sim_server_dispatch (SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
                     gpointer user_data)
{
  SimServer *self = user_data;
  g_auto (GStrv) segments = g_strsplit (path, "/", -1);
  const char *method = soup_server_message_get_method (msg);
  gboolean path_known = FALSE;

  /* the first message of a connection carries its client certificate: keep it for the rest */
  sim_server_peer_certificate (msg);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const SimRoute *route = g_ptr_array_index (self->routes, i);
      g_autoptr (GPtrArray) params = g_ptr_array_new ();

      if (!sim_route_match (route, segments, params))
        continue;
      path_known = TRUE;
      if (!g_str_equal (route->method, method))
        continue;
      g_ptr_array_add (params, NULL);
      g_object_set_data (G_OBJECT (msg), "sim-route", route->pattern);
      route->func (self, msg, (const char *const *) params->pdata, route->user_data);
      return;
    }
  sim_server_reply_error_status (msg, path_known ? SOUP_STATUS_METHOD_NOT_ALLOWED
                                                 : SOUP_STATUS_NOT_FOUND,
                                 SIM_ERROR_BAD_REQUEST,
                                 path_known ? "method not allowed" : "no such endpoint");
}

/* TRUE if the request's Content-Type is application/json, in UTF-8 if it names a charset; a
 * request without one passes only if it has no body. */
static gboolean
sim_server_is_json (SoupMessageHeaders *headers)
{
  g_autoptr (GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  GHashTableIter iter;
  gpointer name, value;

  if (soup_message_headers_get_one (headers, "Content-Type") == NULL)
    return soup_message_headers_get_content_length (headers) == 0;
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;
  if (params == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "charset") != 0 || value == NULL
        || g_ascii_strcasecmp (value, "utf-8") != 0)
      return FALSE;
  return TRUE;
}

/* Refuses, from the headers alone, a body of unknown length (every POST states its length, 0 for
 * none), a body too large, and a body that is not JSON. */
static void
sim_server_check_headers (SoupServer *soup, SoupServerMessage *msg, const char *path,
                          GHashTable *query, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding != SOUP_ENCODING_CONTENT_LENGTH
      && (encoding != SOUP_ENCODING_NONE
          || g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_POST)))
    sim_server_reply_error_status (msg, SOUP_STATUS_LENGTH_REQUIRED, SIM_ERROR_BAD_REQUEST,
                                   "a Content-Length is required");
  else if (soup_message_headers_get_content_length (headers) > SIM_SERVER_MAX_BODY)
    sim_server_reply_error_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   SIM_ERROR_BAD_REQUEST, "body too large");
  else if (!sim_server_is_json (headers))
    sim_server_reply_error_status (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, SIM_ERROR_BAD_REQUEST,
                                   "the body must be application/json in UTF-8");
}

/* Once the headers are read: a request refused already (by the early handler above, or by libsoup
 * itself, which leaves no body) gets the protocol's error body, its own body is read but not kept
 * (libsoup reads it before it answers), and the connection closes after the answer. */
static void
sim_server_on_got_headers (SoupServerMessage *msg, gpointer user_data)
{
  guint status = soup_server_message_get_status (msg);

  if (status == 0)
    return;
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  if (soup_server_message_get_response_body (msg)->length == 0)
    sim_server_reply_error_status (msg, status, SIM_ERROR_BAD_REQUEST,
                                   soup_status_get_phrase (status));
}

/* The deadline of one request: armed when the server starts waiting for it, disarmed once its
 * body is read. */
typedef struct {
  SimServer *server;
  SoupServerMessage *msg; /* not owned: the deadline is data of the message and dies with it */
  GSource *source;
} SimServerDeadline;

/* Cancels a deadline (if it has not fired) and frees it. */
static void
sim_server_deadline_free (gpointer data)
{
  SimServerDeadline *deadline = data;

  g_source_destroy (deadline->source);
  g_source_unref (deadline->source);
  g_free (deadline);
}

/* Closes a connection that did not deliver its request in time, however slowly it kept sending:
 * libsoup then meets the end of its input and drops the connection unanswered. */
static gboolean
sim_server_on_deadline (gpointer user_data)
{
  SimServerDeadline *deadline = user_data;
  GSocket *socket = soup_server_message_get_socket (deadline->msg);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "SIM_SERVER", deadline->server->name,
                    "MESSAGE", "event=request-timeout seconds=%d", SIM_SERVER_REQUEST_TIMEOUT);
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

/* Arms the deadline of @msg. */
static void
sim_server_arm_deadline (SimServer *self, SoupServerMessage *msg)
{
  SimServerDeadline *deadline = g_new0 (SimServerDeadline, 1);

  deadline->server = self;
  deadline->msg = msg;
  deadline->source = g_timeout_source_new (SIM_SERVER_REQUEST_TIMEOUT * 1000);
  g_source_set_callback (deadline->source, sim_server_on_deadline, deadline, NULL);
  g_source_attach (deadline->source, NULL);
  g_object_set_data_full (G_OBJECT (msg), "sim-deadline", deadline, sim_server_deadline_free);
}

/* The request is read: what follows (the handler, the municipal server, OCSP) is ours to time. */
static void
sim_server_on_got_body (SoupServerMessage *msg, gpointer user_data)
{
  g_object_set_data (G_OBJECT (msg), "sim-deadline", NULL);
}

/* Accepts a client certificate only if it verified against the client CA without any error
 * (libsoup asks even for a clean chain, and refuses unless a handler says yes). */
static gboolean
sim_server_accept_certificate (SoupServerMessage *msg, GTlsCertificate *certificate,
                               GTlsCertificateFlags errors, gpointer user_data)
{
  if (errors != 0)
    g_message ("event=client-certificate-refused flags=0x%x", errors);
  return errors == 0;
}

/* Notes when a request began, for the log line, and gives it its deadline. libsoup emits this as
 * soon as it waits for a request (before the TLS handshake of a new connection) and has connected
 * its own got-headers handler, which calls the early handler, before: ours runs after both. */
static void
sim_server_request_started (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  SimServer *self = user_data;
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (sim_server_accept_certificate), NULL);
  g_signal_connect (msg, "got-headers", G_CALLBACK (sim_server_on_got_headers), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (sim_server_on_got_body), NULL);
  g_object_set_data_full (G_OBJECT (msg), "sim-start", start, g_free);
  sim_server_arm_deadline (self, msg);
}

/* Logs one line per request with the route's pattern: never the real path or query, which carry
 * session ids (bearer secrets) and card serials. */
static void
sim_server_request_finished (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  SimServer *self = user_data;
  gint64 *start = g_object_get_data (G_OBJECT (msg), "sim-start");
  const char *route = g_object_get_data (G_OBJECT (msg), "sim-route");
  gint64 ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000 : -1;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "SIM_SERVER", self->name, "MESSAGE",
                    "event=request method=%s route=%s status=%u ms=%" G_GINT64_FORMAT,
                    soup_server_message_get_method (msg) ? soup_server_message_get_method (msg) : "-",
                    route != NULL ? route : "-", soup_server_message_get_status (msg),
                    ms);
}

/* GET /healthz: every server answers it the same way. */
static void
sim_server_healthz (SimServer *server, SoupServerMessage *msg, const char *const *params, gpointer user_data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_end_object (builder);
  sim_server_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Builds the server: certificate, client CA database, mutual TLS required. */
SimServer *
sim_server_new (const char *name, const SimServerOptions *options, GError **error)
{
  g_autoptr (SimServer) self = g_new0 (SimServer, 1);
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  g_autofree char *client_ca = NULL;

  if (options->listen == NULL || options->cert == NULL || options->key == NULL
      || options->client_ca == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "--listen, --cert, --key and --client-ca are required");
      return NULL;
    }
  /* TLS 1.3 only (docs/protocol.md); must be set before the GnuTLS backend starts. */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", "NORMAL:-VERS-ALL:+VERS-TLS1.3", FALSE);

  self->name = g_strdup (name);
  self->listen = g_strdup (options->listen);
  self->ready_file = g_strdup (options->ready_file);
  self->routes = g_ptr_array_new_with_free_func (sim_route_free);
  self->loop = g_main_loop_new (NULL, FALSE);

  certificate = g_tls_certificate_new_from_files (options->cert, options->key, error);
  if (certificate == NULL)
    return NULL;
  /* GTlsFileDatabase wants an absolute path. */
  client_ca = g_canonicalize_filename (options->client_ca, NULL);
  database = g_tls_file_database_new (client_ca, error);
  if (database == NULL)
    return NULL;
  self->soup = g_object_new (SOUP_TYPE_SERVER, "tls-certificate", certificate, "tls-database",
                             database, "tls-auth-mode", G_TLS_AUTHENTICATION_REQUIRED,
                             "server-header", "kiosk-sim", NULL);
  soup_server_add_early_handler (self->soup, "/", sim_server_check_headers, self, NULL);
  soup_server_add_handler (self->soup, "/", sim_server_dispatch, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (sim_server_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (sim_server_request_finished),
                    self);
  sim_server_add_route (self, "GET", "/healthz", sim_server_healthz, NULL);
  return g_steal_pointer (&self);
}

/* Adds a route. */
void
sim_server_add_route (SimServer *self, const char *method, const char *pattern, SimRouteFunc func,
                      gpointer user_data)
{
  SimRoute *route = g_new0 (SimRoute, 1);

  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = g_strsplit (pattern, "/", -1);
  route->func = func;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

/* Quits the main loop on SIGTERM/SIGINT. */
static gboolean
sim_server_on_signal (gpointer user_data)
{
  SimServer *self = user_data;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "SIM_SERVER", self->name, "MESSAGE",
                    "event=stopping");
  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

/* Parses "IP:PORT" into a socket address; a host name is refused (bind what you are given). */
static GSocketAddress *
sim_server_parse_listen (const char *listen, GError **error)
{
  g_autoptr (GSocketConnectable) parsed = g_network_address_parse (listen, 0, error);
  g_autoptr (GInetAddress) address = NULL;
  GNetworkAddress *network;

  if (parsed == NULL)
    return NULL;
  network = G_NETWORK_ADDRESS (parsed);
  address = g_inet_address_new_from_string (g_network_address_get_hostname (network));
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen needs an IP address and port, not %s", listen);
      return NULL;
    }
  return g_inet_socket_address_new (address, g_network_address_get_port (network));
}

/* Writes the base URL of the first listener to the ready file, atomically. */
static gboolean
sim_server_write_ready_file (SimServer *self, GError **error)
{
  GSList *uris = soup_server_get_uris (self->soup);
  g_autofree char *url = NULL;
  g_autofree char *line = NULL;

  if (uris == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "not listening");
      return FALSE;
    }
  url = g_strdup_printf ("https://%s:%d", g_uri_get_host (uris->data), g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "SIM_SERVER", self->name, "MESSAGE",
                    "event=listening url=%s", url);
  if (self->ready_file == NULL)
    return TRUE;
  line = g_strconcat (url, "\n", NULL);
  if (!g_file_set_contents (self->ready_file, line, -1, error))
    return FALSE;
  self->wrote_ready_file = TRUE;
  return TRUE;
}

/* Listens and runs until a termination signal. */
gboolean
sim_server_run (SimServer *self, GError **error)
{
  g_autoptr (GSocketAddress) address = sim_server_parse_listen (self->listen, error);
  guint term_id, int_id;

  if (address == NULL)
    return FALSE;
  if (!soup_server_listen (self->soup, address, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;
  term_id = g_unix_signal_add (SIGTERM, sim_server_on_signal, self);
  int_id = g_unix_signal_add (SIGINT, sim_server_on_signal, self);
  if (!sim_server_write_ready_file (self, error))
    {
      g_source_remove (term_id);
      g_source_remove (int_id);
      return FALSE;
    }
  g_main_loop_run (self->loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  soup_server_disconnect (self->soup);
  return TRUE;
}

/* Frees the server and removes its ready file. */
void
sim_server_free (SimServer *self)
{
  if (self == NULL)
    return;
  if (self->wrote_ready_file)
    g_unlink (self->ready_file);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_free (self->name);
  g_free (self->listen);
  g_free (self->ready_file);
  g_free (self);
}
