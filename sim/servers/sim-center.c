/* sim-center.c: kiosk-sim-center, the certificate issuance center of the reference world. */
#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "sim/servers/sim-card-auth.h"
#include "sim/servers/sim-center-store.h"
#include "sim/servers/sim-config.h"
#include "sim/servers/sim-http-client.h"
#include "sim/servers/sim-ocsp.h"
#include "sim/servers/sim-server.h"

/* How far the terminal's clock may be from ours, in seconds (docs/protocol.md). */
#define MAX_CLOCK_SKEW 300

typedef struct {
  SimCenterStore *store;
  SimCardAuth *card_auth;
  SimHttpClient *municipal;
  SimOcsp *ocsp; /* NULL only with --no-revocation-check */
} SimCenter;

/* A request paused while the municipal server is asked in a worker thread. */
typedef struct {
  SimCenter *center;
  SoupServerMessage *msg;
  SimSession *session;
  SimCenterRequest *request; /* NULL for a catalogue call */
} SimCenterCall;

/* Frees a call and lets its message go. */
static void
sim_center_call_free (SimCenterCall *call)
{
  soup_server_message_unpause (call->msg);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->session, sim_session_free);
  g_clear_pointer (&call->request, sim_center_request_free);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterCall, sim_center_call_free)

/* Pauses @msg and wraps it for an asynchronous municipal call. */
static SimCenterCall *
sim_center_call_new (SimCenter *center, SoupServerMessage *msg, SimSession *session,
                     SimCenterRequest *request)
{
  SimCenterCall *call = g_new0 (SimCenterCall, 1);

  call->center = center;
  call->msg = g_object_ref (msg);
  call->session = session;
  call->request = request;
  soup_server_message_pause (msg);
  return call;
}

/* The current time in Unix seconds. */
static gint64
sim_center_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Formats Unix seconds as RFC 3339. */
static char *
sim_center_format_time (gint64 unix_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return sim_time_format (time);
}

/* The first 8 hex digits of a fingerprint: enough to follow a card through logs, not to name it. */
static char *
sim_center_short_fingerprint (const char *fingerprint)
{
  return g_strndup (fingerprint, 8);
}

/* The live session named in the path, for the terminal of the TLS client certificate. */
static SimSession *
sim_center_session (SimCenter *self, SoupServerMessage *msg, const char *session_id,
                    GError **error)
{
  g_autofree char *terminal_id = sim_server_peer_common_name (msg, error);

  if (terminal_id == NULL)
    return NULL;
  return sim_center_store_find_session (self->store, session_id, terminal_id, sim_center_now (),
                                        error);
}

/* POST /v1/nonce. */
static void
sim_center_nonce (SimServer *server, SoupServerMessage *msg, const char *const *params,
                  gpointer user_data)
{
  static const char *const known[] = { NULL }; /* the body is {} or empty */
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *nonce = NULL;
  g_autofree char *expires = NULL;
  gint64 expires_at = 0;

  if (soup_server_message_get_request_body (msg)->length > 0
      && ((body = sim_server_read_object (msg, &error)) == NULL
          || !sim_json_check_members (body, known, &error)))
    {
      sim_server_reply_error (msg, error);
      return;
    }
  nonce = sim_center_store_new_nonce (self->store, sim_center_now (), &expires_at, &error);
  if (nonce == NULL)
    {
      sim_server_reply_error (msg, error);
      return;
    }
  expires = sim_center_format_time (expires_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "nonce");
  json_builder_add_string_value (builder, nonce);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_end_object (builder);
  sim_server_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Checks that the terminal's clock is within MAX_CLOCK_SKEW of ours. */
static gboolean
sim_center_check_terminal_time (const char *terminal_time, GError **error)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (terminal_time, NULL);

  if (time == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "terminal_time is not RFC 3339");
      return FALSE;
    }
  if (ABS (g_date_time_to_unix (time) - sim_center_now ()) > MAX_CLOCK_SKEW)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_AUTH_FAILED, "terminal_time is out of range");
      return FALSE;
    }
  return TRUE;
}

/* Runs the checks of POST /v1/sessions up to the card's signature, in the protocol's order; the
 * revocation check follows. Returns the card and the terminal of the TLS client certificate. */
static SimCardIdentity *
sim_center_authenticate (SimCenter *self, SoupServerMessage *msg, char **terminal_id_out,
                         GBytes **certificate_out, GError **error)
{
  g_autofree char *terminal_id = sim_server_peer_common_name (msg, error);
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GBytes) certificate = NULL;
  g_autoptr (GBytes) signature = NULL;
  g_autoptr (GBytes) challenge = NULL;
  g_autoptr (SimCardIdentity) identity = NULL;
  static const char *const known[] = { "nonce", "terminal_time", "certificate", "signature", NULL };
  const char *nonce, *terminal_time;

  if (terminal_id == NULL || (body = sim_server_read_object (msg, error)) == NULL
      || !sim_json_check_members (body, known, error)
      || (nonce = sim_json_get_string (body, "nonce", error)) == NULL
      || (terminal_time = sim_json_get_string (body, "terminal_time", error)) == NULL
      || (certificate = sim_json_get_base64 (body, "certificate", error)) == NULL
      || (signature = sim_json_get_base64 (body, "signature", error)) == NULL)
    return NULL;
  if (!sim_center_store_burn_nonce (self->store, nonce, sim_center_now (), error)
      || !sim_center_check_terminal_time (terminal_time, error))
    return NULL;
  challenge = sim_card_auth_challenge (nonce, terminal_id, terminal_time);
  identity = sim_card_auth_verify (self->card_auth, certificate, challenge, signature, error);
  if (identity == NULL)
    return NULL;
  *terminal_id_out = g_steal_pointer (&terminal_id);
  *certificate_out = g_steal_pointer (&certificate);
  return g_steal_pointer (&identity);
}

/* Logs a refused authentication by its wire code alone and replies with it. */
static void
sim_center_refuse_auth (SoupServerMessage *msg, const GError *error)
{
  g_message ("event=auth-refused code=%s",
             sim_error_code_name (error->domain == SIM_ERROR ? error->code : SIM_ERROR_INTERNAL));
  sim_server_reply_error (msg, error);
}

/* Opens the session of an authenticated card for @terminal_id and replies 201. */
static void
sim_center_open_session (SimCenter *self, SoupServerMessage *msg, const char *terminal_id,
                         SimCardIdentity *identity)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimSession) session = sim_center_store_create_session (self->store, terminal_id,
                                                                    identity, sim_center_now (),
                                                                    &error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires = NULL;
  g_autofree char *card = NULL;

  if (session == NULL)
    {
      sim_center_refuse_auth (msg, error);
      return;
    }
  card = sim_center_short_fingerprint (session->card_fingerprint);
  g_message ("event=session-opened terminal=%s card=%s…", session->terminal_id, card);
  expires = sim_center_format_time (session->expires_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "session_id");
  json_builder_add_string_value (builder, session->session_id);
  json_builder_set_member_name (builder, "card_fingerprint");
  json_builder_add_string_value (builder, session->card_fingerprint);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_end_object (builder);
  sim_server_reply_json (msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

/* An authentication paused while the OCSP responder is asked in a worker thread. */
typedef struct {
  SimCenter *center;
  SoupServerMessage *msg;
  char *terminal_id;
  SimCardIdentity *identity;
} SimCenterAuth;

/* Frees a paused authentication and lets its message go. */
static void
sim_center_auth_free (SimCenterAuth *auth)
{
  soup_server_message_unpause (auth->msg);
  g_clear_object (&auth->msg);
  g_clear_pointer (&auth->identity, sim_card_identity_free);
  g_free (auth->terminal_id);
  g_free (auth);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCenterAuth, sim_center_auth_free)

/* Opens the session if the card certificate is good; refuses with the revocation error if not. */
static void
sim_center_revocation_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SimCenterAuth) auth = user_data;
  g_autoptr (GError) error = NULL;

  if (!sim_ocsp_check_finish (auth->center->ocsp, result, &error))
    {
      if (g_error_matches (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE))
        g_message ("event=revocation-unavailable detail=\"%s\"", error->message);
      sim_center_refuse_auth (auth->msg, error);
      return;
    }
  sim_center_open_session (auth->center, auth->msg, auth->terminal_id, auth->identity);
}

/* POST /v1/sessions: the checks, then revocation (OCSP, in a worker thread), then the session. */
static void
sim_center_sessions (SimServer *server, SoupServerMessage *msg, const char *const *params,
                     gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *terminal_id = NULL;
  g_autoptr (GBytes) certificate = NULL;
  g_autoptr (SimCardIdentity) identity = sim_center_authenticate (self, msg, &terminal_id,
                                                                  &certificate, &error);
  SimCenterAuth *auth;

  if (identity == NULL)
    {
      sim_center_refuse_auth (msg, error);
      return;
    }
  if (self->ocsp == NULL) /* --no-revocation-check */
    {
      sim_center_open_session (self, msg, terminal_id, identity);
      return;
    }
  auth = g_new0 (SimCenterAuth, 1);
  auth->center = self;
  auth->msg = g_object_ref (msg);
  auth->terminal_id = g_steal_pointer (&terminal_id);
  auth->identity = g_steal_pointer (&identity);
  soup_server_message_pause (msg);
  sim_ocsp_check_async (self->ocsp, certificate, sim_center_revocation_done, auth);
}

/* Relays a municipal error: the municipality's own refusals pass, and its judgement that the
 * terminal's options are bad; anything else is internal. */
static void
sim_center_reply_municipal_error (SoupServerMessage *msg, const SimHttpResponse *response)
{
  g_autoptr (JsonObject) body = sim_json_parse_object (response->body, NULL);
  g_autoptr (GError) error = NULL;
  JsonObject *inner = NULL;
  const char *name = NULL;
  const char *detail = NULL;
  SimError code = SIM_ERROR_INTERNAL;

  if (body != NULL && json_object_has_member (body, "error")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "error")))
    inner = json_object_get_object_member (body, "error");
  if (inner != NULL)
    name = sim_json_get_string (inner, "code", NULL);
  if (name != NULL)
    code = sim_error_from_name (name);
  if (code != SIM_ERROR_RESIDENT_UNKNOWN && code != SIM_ERROR_REFUSED
      && code != SIM_ERROR_TYPE_UNKNOWN && code != SIM_ERROR_BAD_REQUEST)
    code = SIM_ERROR_INTERNAL;
  if (inner != NULL)
    detail = sim_json_get_string (inner, code == SIM_ERROR_REFUSED ? "reason" : "message", NULL);
  g_set_error_literal (&error, SIM_ERROR, code,
                       detail != NULL ? detail : "the municipal server failed");
  sim_server_reply_error (msg, error);
}

/* Relays a transport failure as municipal-unreachable, or a municipal error; TRUE if neither. */
static gboolean
sim_center_check_municipal_reply (SoupServerMessage *msg, const SimHttpResponse *response,
                                  const GError *transport_error)
{
  g_autoptr (GError) error = NULL;

  if (response == NULL)
    {
      g_message ("event=municipal-unreachable");
      g_set_error (&error, SIM_ERROR, SIM_ERROR_MUNICIPAL_UNREACHABLE,
                   "the municipal server did not answer: %s", transport_error->message);
      sim_server_reply_error (msg, error);
      return FALSE;
    }
  if (response->status >= 400)
    {
      sim_center_reply_municipal_error (msg, response);
      return FALSE;
    }
  return TRUE;
}

/* Relays the municipal catalogue ({"municipalities": [...]}) to the terminal. */
static void
sim_center_catalogue_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SimCenterCall) call = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request_finish (call->center->municipal, result, &error);
  g_autoptr (JsonObject) catalogue = NULL;
  JsonNode *municipalities;

  if (!sim_center_check_municipal_reply (call->msg, response, error))
    return;
  catalogue = sim_json_parse_object (response->body, &error);
  municipalities = catalogue != NULL ? json_object_get_member (catalogue, "municipalities") : NULL;
  if (municipalities == NULL || !JSON_NODE_HOLDS_ARRAY (municipalities))
    {
      g_clear_error (&error);
      g_set_error (&error, SIM_ERROR, SIM_ERROR_INTERNAL, "municipal catalogue is malformed");
      sim_server_reply_error (call->msg, error);
      return;
    }
  sim_server_reply_json (call->msg, SOUP_STATUS_OK, json_node_init_object (json_node_alloc (), catalogue));
}

/* GET /v1/sessions/{id}/catalogue: asks the municipal server in a worker thread. */
static void
sim_center_catalogue (SimServer *server, SoupServerMessage *msg, const char *const *params,
                      gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  SimSession *session = sim_center_session (self, msg, params[0], &error);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (session == NULL)
    {
      sim_server_reply_error (msg, error);
      return;
    }
  escaped = g_uri_escape_string (session->card_serial, NULL, FALSE);
  path = g_strconcat ("/v1/catalogue?card_serial=", escaped, NULL);
  sim_http_client_request_async (self->municipal, "GET", path, NULL, sim_center_catalogue_done,
                                 sim_center_call_new (self, msg, session, NULL));
}

/* TRUE if the binding statement in @answer names exactly this call's request. */
static gboolean
sim_center_statement_matches (const SimCenterCall *call, JsonObject *answer)
{
  g_autoptr (GBytes) statement_bytes = NULL;
  g_autoptr (JsonObject) statement = NULL;
  JsonObject *binding = NULL;
  gint64 copies = 0;
  const char *const expected[][2] = {
    { "request_id", call->request->request_id },
    { "session_id", call->session->session_id },
    { "terminal_id", call->session->terminal_id },
    { "card_fingerprint", call->session->card_fingerprint },
    { "municipality", call->request->municipality },
    { "type", call->request->type },
  };

  if (json_object_has_member (answer, "binding")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "binding")))
    binding = json_object_get_object_member (answer, "binding");
  if (binding == NULL || sim_json_get_string (answer, "document", NULL) == NULL
      || (statement_bytes = sim_json_get_base64 (binding, "statement", NULL)) == NULL
      || (statement = sim_json_parse_object (statement_bytes, NULL)) == NULL
      || !sim_json_get_int (statement, "copies", 1, 10, &copies, NULL)
      || copies != call->request->copies)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *value = sim_json_get_string (statement, expected[i][0], NULL);

      if (value == NULL || !g_str_equal (value, expected[i][1]))
        return FALSE;
    }
  return TRUE;
}

/* Stores and relays the municipal document, after checking it is bound to this request. */
static void
sim_center_request_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SimCenterCall) call = user_data;
  SimCenterStore *store = call->center->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request_finish (call->center->municipal, result, &error);
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) bytes = NULL;

  /* On any failure the request stays pending under its request id: the municipal server may
   * have issued the document before its answer was lost, and the terminal's retry of the same
   * key must ask for that one document again, never for a second under a new id. */
  if (!sim_center_check_municipal_reply (call->msg, response, error))
    return;
  answer = sim_json_parse_object (response->body, NULL);
  if (answer == NULL || !sim_center_statement_matches (call, answer))
    {
      g_message ("event=binding-mismatch");
      g_set_error (&error, SIM_ERROR, SIM_ERROR_INTERNAL,
                   "the municipal answer is not bound to this request");
      sim_server_reply_error (call->msg, error);
      return;
    }
  json_object_set_string_member (answer, "request_id", call->request->request_id);
  root = json_node_init_object (json_node_alloc (), answer);
  bytes = sim_json_to_bytes (root);
  if (!sim_center_store_complete_request (store, call->request->request_id, bytes, &error))
    {
      sim_server_reply_error (call->msg, error);
      return;
    }
  g_message ("event=document-relayed terminal=%s type=%s", call->session->terminal_id,
             call->request->type);
  sim_server_reply_bytes (call->msg, SOUP_STATUS_CREATED, bytes);
}

/* The center → municipal request body. */
static GBytes *
sim_center_municipal_body (const SimSession *session, const SimCenterRequest *request)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char *const fields[][2] = {
    { "request_id", request->request_id },
    { "session_id", session->session_id },
    { "terminal_id", session->terminal_id },
    { "card_serial", session->card_serial },
    { "card_fingerprint", session->card_fingerprint },
    { "municipality", request->municipality },
    { "type", request->type },
  };

  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (builder, fields[i][0]);
      json_builder_add_string_value (builder, fields[i][1]);
    }
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, request->copies);
  if (request->options != NULL && !g_str_equal (request->options, "{}"))
    {
      g_autoptr (JsonNode) options = json_from_string (request->options, NULL);

      if (options != NULL) /* stored by this center from a parsed object: always there */
        {
          json_builder_set_member_name (builder, "options");
          json_builder_add_value (builder, g_steal_pointer (&options));
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return sim_json_to_bytes (root);
}

/* Reads the terminal's request body: its four members and optional "options" (an object, passed on
 * to the municipal server, which judges it), the key a UUID, the strings short. */
static SimCenterRequest *
sim_center_parse_request (SoupServerMessage *msg, char **idempotency_key, GError **error)
{
  static const char *const known[] = { "idempotency_key", "municipality", "type", "copies",
                                       "options", NULL };
  JsonNode *options;
  g_autoptr (JsonObject) body = sim_server_read_object (msg, error);
  g_autoptr (SimCenterRequest) request = g_new0 (SimCenterRequest, 1);
  const char *key, *municipality, *type;

  if (body == NULL || !sim_json_check_members (body, known, error)
      || (key = sim_json_get_string (body, "idempotency_key", error)) == NULL
      || (municipality = sim_json_get_string (body, "municipality", error)) == NULL
      || (type = sim_json_get_string (body, "type", error)) == NULL
      || !sim_json_get_int (body, "copies", 1, 10, &request->copies, error))
    return NULL;
  if (!g_uuid_string_is_valid (key))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "idempotency_key must be a UUID");
      return NULL;
    }
  if (strlen (municipality) > 16 || strlen (type) > 64)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "field too long");
      return NULL;
    }
  options = json_object_get_member (body, "options");
  if (options != NULL && !JSON_NODE_HOLDS_OBJECT (options))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "options must be an object");
      return NULL;
    }
  request->options = options != NULL ? json_to_string (options, FALSE) : g_strdup ("{}");
  *idempotency_key = g_strdup (key);
  request->municipality = g_strdup (municipality);
  request->type = g_strdup (type);
  return g_steal_pointer (&request);
}

/* TRUE if a stored request asks for the same thing as a new one with the same key. */
static gboolean
sim_center_same_request (const SimCenterRequest *a, const SimCenterRequest *b)
{
  return g_str_equal (a->municipality, b->municipality) && g_str_equal (a->type, b->type)
         && a->copies == b->copies && g_strcmp0 (a->options, b->options) == 0;
}

/* POST /v1/sessions/{id}/requests: the same idempotency key always answers the same document. */
static void
sim_center_requests (SimServer *server, SoupServerMessage *msg, const char *const *params,
                     gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SimSession) session = sim_center_session (self, msg, params[0], &error);
  g_autoptr (SimCenterRequest) request = NULL;
  g_autoptr (SimCenterRequest) known = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autofree char *key = NULL;

  if (session == NULL || (request = sim_center_parse_request (msg, &key, &error)) == NULL)
    goto fail;
  /* One atomic claim: of two centers seeing the same key at once, both get the same request. */
  known = sim_center_store_claim_request (self->store, session->session_id, key, request, NULL,
                                          &error);
  if (known == NULL)
    goto fail;
  if (!sim_center_same_request (known, request))
    {
      g_set_error (&error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                   "idempotency key reused for a different request");
      goto fail;
    }
  if (known->response != NULL)
    {
      sim_server_reply_bytes (msg, SOUP_STATUS_OK, known->response);
      return;
    }
  /* just claimed, or still being asked (here or by another center): ask under its request id */
  body = sim_center_municipal_body (session, known);
  sim_http_client_request_async (self->municipal, "POST", "/v1/certificates", body,
                                 sim_center_request_done,
                                 sim_center_call_new (self, msg, g_steal_pointer (&session),
                                                      g_steal_pointer (&known)));
  return;

fail:
  sim_server_reply_error (msg, error);
}

/* Reads an outcome body: exactly "outcome" (printed or failed) and an optional "reason" of at most
 * 64 bytes (empty if absent); returns the outcome, the reason in *@reason. */
static char *
sim_center_parse_outcome (SoupServerMessage *msg, char **reason, GError **error)
{
  static const char *const known[] = { "outcome", "reason", NULL };
  g_autoptr (JsonObject) body = sim_server_read_object (msg, error);
  const char *outcome = NULL;
  JsonNode *reason_node;

  if (body == NULL || !sim_json_check_members (body, known, error)
      || (outcome = sim_json_get_string (body, "outcome", error)) == NULL)
    return NULL;
  reason_node = json_object_get_member (body, "reason");
  if (reason_node != NULL
      && (!JSON_NODE_HOLDS_VALUE (reason_node)
          || json_node_get_value_type (reason_node) != G_TYPE_STRING
          || strlen (json_node_get_string (reason_node)) > 64))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                   "reason must be a string of at most 64 bytes");
      return NULL;
    }
  if (!g_str_equal (outcome, "printed") && !g_str_equal (outcome, "failed"))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "outcome must be printed or failed");
      return NULL;
    }
  *reason = g_strdup (reason_node != NULL ? json_node_get_string (reason_node) : "");
  return g_strdup (outcome);
}

/* Answers an outcome call: 200 {} if @recorded, else @error, where a request id that is not an
 * answered request of the caller gets one body whatever the id, and never the id itself. */
static void
sim_center_reply_outcome (SoupServerMessage *msg, gboolean recorded, const GError *error,
                          const char *terminal_id, const char *outcome)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) unknown = NULL;

  if (!recorded)
    {
      if (g_error_matches (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST))
        {
          g_set_error_literal (&unknown, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                               "no answered request of that id here");
          error = unknown;
        }
      sim_server_reply_error (msg, error);
      return;
    }
  g_message ("event=outcome terminal=%s outcome=%s", terminal_id, outcome);
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  sim_server_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* POST /v1/sessions/{id}/requests/{request_id}/outcome. */
static void
sim_center_outcome (SimServer *server, SoupServerMessage *msg, const char *const *params,
                    gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SimSession) session = sim_center_session (self, msg, params[0], &error);
  g_autofree char *outcome = NULL;
  g_autofree char *reason = NULL;
  gboolean recorded;

  if (session == NULL || (outcome = sim_center_parse_outcome (msg, &reason, &error)) == NULL)
    {
      sim_server_reply_error (msg, error);
      return;
    }
  recorded = sim_center_store_record_outcome (self->store, session->session_id, params[1], outcome,
                                              reason, &error);
  sim_center_reply_outcome (msg, recorded, error, session->terminal_id, outcome);
}

/* POST /v1/terminal/requests/{request_id}/outcome: reconciliation, for an answered request of the
 * terminal of the TLS client certificate, whether or not its session is still live. */
static void
sim_center_terminal_outcome (SimServer *server, SoupServerMessage *msg, const char *const *params,
                             gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *terminal_id = sim_server_peer_common_name (msg, &error);
  g_autofree char *outcome = NULL;
  g_autofree char *reason = NULL;
  gboolean recorded;

  if (terminal_id == NULL || (outcome = sim_center_parse_outcome (msg, &reason, &error)) == NULL)
    {
      sim_server_reply_error (msg, error);
      return;
    }
  recorded = sim_center_store_record_terminal_outcome (self->store, terminal_id, params[0],
                                                       outcome, reason, &error);
  sim_center_reply_outcome (msg, recorded, error, terminal_id, outcome);
}

/* GET /v1/terminal/unreported: the terminal's answered requests without an outcome, oldest
 * first; ids and times only (no session id: it is a bearer secret). */
static void
sim_center_unreported (SimServer *server, SoupServerMessage *msg, const char *const *params,
                       gpointer user_data)
{
  SimCenter *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *terminal_id = sim_server_peer_common_name (msg, &error);
  g_autoptr (GPtrArray) unreported = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (terminal_id != NULL)
    unreported = sim_center_store_list_unreported (self->store, terminal_id,
                                                   SIM_CENTER_UNREPORTED_LIMIT, &error);
  if (unreported == NULL)
    {
      sim_server_reply_error (msg, error);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < unreported->len; i++)
    {
      const SimCenterUnreported *row = g_ptr_array_index (unreported, i);
      g_autofree char *issued_at = sim_center_format_time (row->answered_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, row->request_id);
      json_builder_set_member_name (builder, "issued_at");
      json_builder_add_string_value (builder, issued_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  sim_server_reply_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The groups and keys a center configuration file may hold (docs/protocol.md, "Running the
 * servers"). */
static const SimConfigGroup sim_center_config_groups[] = {
  { "server", sim_config_server_keys },
  { "center", (const char *const[]){ "db", "jpki-ca", NULL } },
  { "municipal", (const char *const[]){ "url", "ca", "client-cert", "client-key", NULL } },
  { "ocsp", (const char *const[]){ "url", "cache-seconds", "revocation-check", NULL } },
  { NULL, NULL },
};

/* Reads [ocsp]: exactly one of url and revocation-check=off, unless the command line chose
 * already (@ocsp_url set or @no_revocation_check); cache-seconds unless @cache_given. */
static gboolean
sim_center_config_revocation (SimConfig *config, char **ocsp_url, gboolean *no_revocation_check,
                              gint *cache_seconds, gboolean cache_given, GError **error)
{
  g_autofree char *url = NULL;
  g_autofree char *check = NULL;
  gboolean off;

  if (!sim_config_get_url (config, "ocsp", "url", "http", FALSE, &url, error)
      || !sim_config_get_string (config, "ocsp", "revocation-check", FALSE, &check, error)
      || !sim_config_get_count (config, "ocsp", "cache-seconds", cache_given, cache_seconds, error))
    return FALSE;
  if (check != NULL && !g_str_equal (check, "on") && !g_str_equal (check, "off"))
    {
      sim_config_set_error (config, error, "ocsp", "revocation-check", "must be on or off");
      return FALSE;
    }
  off = g_strcmp0 (check, "off") == 0;
  if (off && url != NULL)
    {
      sim_config_set_error (config, error, "ocsp", "revocation-check",
                            "off contradicts [ocsp] url: set one of them");
      return FALSE;
    }
  if (*ocsp_url != NULL || *no_revocation_check)
    return TRUE;
  if (!off && url == NULL)
    {
      sim_config_set_error (config, error, "ocsp", "url",
                            "missing (or revocation-check=off, for tests that do not need it)");
      return FALSE;
    }
  *ocsp_url = g_steal_pointer (&url);
  *no_revocation_check = off;
  return TRUE;
}

/* Reads [center] db: an SQLite file (relative to the file's directory) or a postgresql:// URI. */
static gboolean
sim_center_config_db (SimConfig *config, char **db, GError **error)
{
  g_autofree char *read = NULL;

  if (!sim_config_get_string (config, "center", "db", *db == NULL, &read, error))
    return FALSE;
  if (*db == NULL)
    *db = g_str_has_prefix (read, "postgresql://") || g_str_has_prefix (read, "postgres://")
              ? g_steal_pointer (&read)
              : sim_config_resolve (config, read);
  return TRUE;
}

/* Loads the --config file at @path into every setting the command line left unset. */
static gboolean
sim_center_read_config (const char *path, SimServerOptions *options, char **jpki_ca,
                        char **municipal_url, char **municipal_ca, char **client_cert,
                        char **client_key, char **db, char **ocsp_url,
                        gboolean *no_revocation_check, gint *cache_seconds, gboolean cache_given,
                        GError **error)
{
  g_autoptr (SimConfig) config = sim_config_load (path, sim_center_config_groups, error);

  return config != NULL && sim_config_get_server_options (config, options, error)
         && sim_center_config_db (config, db, error)
         && sim_config_get_file (config, "center", "jpki-ca", TRUE, jpki_ca, error)
         && sim_config_get_url (config, "municipal", "url", "https", TRUE, municipal_url, error)
         && sim_config_get_file (config, "municipal", "ca", TRUE, municipal_ca, error)
         && sim_config_get_file (config, "municipal", "client-cert", TRUE, client_cert, error)
         && sim_config_get_file (config, "municipal", "client-key", TRUE, client_key, error)
         && sim_center_config_revocation (config, ocsp_url, no_revocation_check, cache_seconds,
                                          cache_given, error);
}

/* Parses the command line (and the --config file under it), opens the database and serves until
 * SIGTERM. */
int
main (int argc, char **argv)
{
  SimServerOptions options = { 0 };
  g_autofree char *jpki_ca = NULL;
  g_autofree char *municipal_url = NULL;
  g_autofree char *municipal_ca = NULL;
  g_autofree char *client_cert = NULL;
  g_autofree char *client_key = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *ocsp_url = NULL;
  g_autofree char *config_path = NULL;
  gint ocsp_cache_seconds = G_MININT; /* not given */
  gboolean no_revocation_check = FALSE;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "Configuration key file (docs/protocol.md, \"Running the servers\"); the options below"
      " override its settings", "FILE" },
    { "jpki-ca", 0, 0, G_OPTION_ARG_FILENAME, &jpki_ca, "JPKI user-authentication CA (PEM)",
      "FILE" },
    { "municipal-url", 0, 0, G_OPTION_ARG_STRING, &municipal_url, "Municipal server base URL",
      "URL" },
    { "municipal-ca", 0, 0, G_OPTION_ARG_FILENAME, &municipal_ca,
      "CA pinned for the municipal server (PEM)", "FILE" },
    { "client-cert", 0, 0, G_OPTION_ARG_FILENAME, &client_cert,
      "Client certificate towards the municipal server (PEM)", "FILE" },
    { "client-key", 0, 0, G_OPTION_ARG_FILENAME, &client_key, "Its key (PEM)", "FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      "Center database: an SQLite file, or a postgresql:// URI (docs/protocol.md, \"Storage\")",
      "FILE|URI" },
    { "ocsp-url", 0, 0, G_OPTION_ARG_STRING, &ocsp_url,
      "OCSP responder of the JPKI user-authentication CA (http://…)", "URL" },
    { "ocsp-cache-seconds", 0, 0, G_OPTION_ARG_INT, &ocsp_cache_seconds,
      "How long a good OCSP answer is reused (default 60, 0: never)", "SECONDS" },
    { "no-revocation-check", 0, 0, G_OPTION_ARG_NONE, &no_revocation_check,
      "Open sessions without asking about revocation (tests that do not need it only)", NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- certificate issuance center");
  g_autoptr (GError) error = NULL;
  g_autoptr (SimServer) server = NULL;
  SimCenter self = { 0 };
  int status = 1;

  setlocale (LC_ALL, "");
  sim_server_options_add (&options, context);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Settings come from the --config file, if any; an option given"
                                    " on the command line overrides the file's setting. Relative"
                                    " paths in the file are taken from the file's directory.\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto out;
  if (config_path != NULL
      && !sim_center_read_config (config_path, &options, &jpki_ca, &municipal_url, &municipal_ca,
                                  &client_cert, &client_key, &db_path, &ocsp_url,
                                  &no_revocation_check, &ocsp_cache_seconds,
                                  ocsp_cache_seconds != G_MININT, &error))
    goto out;
  if (ocsp_cache_seconds == G_MININT)
    ocsp_cache_seconds = SIM_OCSP_DEFAULT_CACHE_SECONDS;
  if (jpki_ca == NULL || municipal_url == NULL || municipal_ca == NULL || client_cert == NULL
      || client_key == NULL || db_path == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "--jpki-ca, --municipal-url, --municipal-ca, --client-cert, --client-key and"
                   " --db are required");
      goto out;
    }
  if ((ocsp_url == NULL) == !no_revocation_check || ocsp_cache_seconds < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "exactly one of --ocsp-url and --no-revocation-check is required, and"
                   " --ocsp-cache-seconds must not be negative");
      goto out;
    }
  if (ocsp_url != NULL
      && (self.ocsp = sim_ocsp_new (ocsp_url, jpki_ca, (guint) ocsp_cache_seconds, &error)) == NULL)
    goto out;
  if (no_revocation_check)
    g_message ("event=revocation-check-off: sessions open without asking whether cards are revoked");
  self.municipal = sim_http_client_new (municipal_url, municipal_ca, client_cert, client_key);
  if ((self.store = sim_center_store_open (db_path, &error)) == NULL
      || (self.card_auth = sim_card_auth_new (jpki_ca, &error)) == NULL
      || (server = sim_server_new ("center", &options, &error)) == NULL)
    goto out;
  sim_center_store_purge_periodically (self.store);
  sim_server_add_route (server, "POST", "/v1/nonce", sim_center_nonce, &self);
  sim_server_add_route (server, "POST", "/v1/sessions", sim_center_sessions, &self);
  sim_server_add_route (server, "GET", "/v1/sessions/*/catalogue", sim_center_catalogue, &self);
  sim_server_add_route (server, "POST", "/v1/sessions/*/requests", sim_center_requests, &self);
  sim_server_add_route (server, "POST", "/v1/sessions/*/requests/*/outcome", sim_center_outcome,
                        &self);
  sim_server_add_route (server, "GET", "/v1/terminal/unreported", sim_center_unreported, &self);
  sim_server_add_route (server, "POST", "/v1/terminal/requests/*/outcome",
                        sim_center_terminal_outcome, &self);
  if (sim_server_run (server, &error))
    status = 0;

out:
  if (error != NULL)
    g_printerr ("kiosk-sim-center: %s\n", error->message);
  if (g_error_matches (error, SIM_CONFIG_ERROR, SIM_CONFIG_ERROR_INVALID))
    status = 2;
  g_clear_pointer (&server, sim_server_free);
  g_clear_pointer (&self.card_auth, sim_card_auth_free);
  g_clear_pointer (&self.ocsp, sim_ocsp_free);
  g_clear_pointer (&self.store, sim_center_store_free);
  g_clear_pointer (&self.municipal, sim_http_client_free);
  sim_server_options_clear (&options);
  return status;
}
