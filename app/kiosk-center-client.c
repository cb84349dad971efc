/* kiosk-center-client.c: protocol v1 over libcurl (mutual TLS 1.3) and json-glib. */
#include "app/kiosk-center-client.h"

#include <curl/curl.h>
#include <json-glib/json-glib.h>

#include "app/kiosk-error.h"

#define MAX_REPLY_BYTES (32 * 1024 * 1024) /* a multi-page household record stays far below */
#define CONNECT_TIMEOUT_MS 5000
#define REQUEST_TIMEOUT_MS 30000

struct _KioskCenterClient {
  /* One handle for the whole client, so the TLS connection to the center is reused across the
   * session's calls instead of a handshake each; the lock keeps one call on it at a time. */
  CURL *curl;
  GMutex lock;
  char *base_url;
  char *ca;
  char *cert;
  char *key;
  guint timeout_ms; /* a whole request, connection included */
};

/* Error codes of the protocol and what the resident is told for each (docs/protocol.md). */
static const struct {
  const char *code;
  KioskError error;
} protocol_errors[] = {
  { "bad-request", KIOSK_ERROR_PROTOCOL },
  { "nonce-unknown", KIOSK_ERROR_AUTH_REJECTED },
  { "auth-failed", KIOSK_ERROR_AUTH_REJECTED },
  { "cert-expired", KIOSK_ERROR_CERT_EXPIRED },
  { "cert-revoked", KIOSK_ERROR_CERT_REVOKED },
  { "cert-status-unknown", KIOSK_ERROR_AUTH_REJECTED },
  { "revocation-unavailable", KIOSK_ERROR_CENTER_UNREACHABLE },
  { "session-unknown", KIOSK_ERROR_AUTH_REJECTED },
  { "resident-unknown", KIOSK_ERROR_REFUSED },
  { "refused", KIOSK_ERROR_REFUSED },
  { "type-unknown", KIOSK_ERROR_REFUSED },
  { "municipal-unreachable", KIOSK_ERROR_CENTER_UNREACHABLE },
  { "internal", KIOSK_ERROR_FAILED },
};

/* Appends received bytes, refusing replies larger than MAX_REPLY_BYTES. */
static size_t
collect_reply (char *data, size_t size, size_t count, void *user_data)
{
  GByteArray *reply = user_data;
  size_t n = size * count;

  if (reply->len + n > MAX_REPLY_BYTES)
    return 0;
  g_byte_array_append (reply, (const guint8 *) data, n);
  return n;
}

/* Turns an error reply into a KioskError, keeping the server's code for the log. */
static void
set_reply_error (long status, GBytes *body, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *code = NULL;
  JsonObject *object;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      object = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (object, "error") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
        code = json_object_get_string_member_with_default (json_object_get_object_member (object, "error"), "code", NULL);
    }
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (protocol_errors); i++)
    if (g_str_equal (code, protocol_errors[i].code))
      {
        g_set_error (error, KIOSK_ERROR, protocol_errors[i].error, "center answered %ld %s", status, code);
        return;
      }
  g_set_error (error, KIOSK_ERROR, status >= 500 ? KIOSK_ERROR_CENTER_UNREACHABLE : KIOSK_ERROR_PROTOCOL,
               "center answered %ld without a known error code", status);
}

/* Sends one request (@body NULL means GET) and returns the parsed JSON object of a 2xx reply. */
static JsonObject *
center_call (KioskCenterClient *self, const char *path, JsonNode *body, GError **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autofree char *payload = body != NULL ? json_to_string (body, FALSE) : NULL;
  g_autoptr (GByteArray) reply = g_byte_array_new ();
  g_autoptr (GBytes) reply_bytes = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  struct curl_slist *headers = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  long status = 0;
  CURLcode rc;
  CURL *curl = self->curl;

  g_mutex_lock (&self->lock);
  curl_easy_reset (curl); /* options from scratch; live connections stay */
  headers = curl_slist_append (headers, "Accept: application/json");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_3);
  curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca);
  curl_easy_setopt (curl, CURLOPT_CAPATH, (char *) NULL);
  curl_easy_setopt (curl, CURLOPT_SSLCERT, self->cert);
  curl_easy_setopt (curl, CURLOPT_SSLKEY, self->key);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) CONNECT_TIMEOUT_MS);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) self->timeout_ms);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_reply);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_message);
  if (payload != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, payload);
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  g_mutex_unlock (&self->lock);

  if (rc != CURLE_OK)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CENTER_UNREACHABLE, "center %s: %s", path,
                   *curl_message ? curl_message : curl_easy_strerror (rc));
      return NULL;
    }
  reply_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&reply));
  if (status < 200 || status > 299)
    {
      set_reply_error (status, reply_bytes, error);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply_bytes, NULL), g_bytes_get_size (reply_bytes), &parse_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "center %s: the reply is not a JSON object", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A required string member, or a protocol error naming it. */
static const char *
member_string (JsonObject *object, const char *name, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "center reply lacks the string \"%s\"", name);
      return NULL;
    }
  return json_node_get_string (node);
}

/* A required base64 member decoded, or a protocol error naming it. */
static GBytes *
member_base64 (JsonObject *object, const char *name, GError **error)
{
  const char *text = member_string (object, name, error);
  guchar *data;
  gsize length = 0;

  if (text == NULL)
    return NULL;
  data = g_base64_decode (text, &length);
  if (length == 0)
    {
      g_free (data);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "center reply: \"%s\" is not base64", name);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

/* A JSON object node built from key/value string pairs ending in NULL. */
static JsonNode *
object_of_strings (const char *first_key, ...)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  va_list args;
  const char *key = first_key;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  while (key != NULL)
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, va_arg (args, const char *));
      key = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A client for the configured center. */
KioskCenterClient *
kiosk_center_client_new (const KioskConfig *config, GError **error)
{
  KioskCenterClient *self;
  static gsize curl_ready = 0;

  if (g_once_init_enter (&curl_ready))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&curl_ready, 1);
    }
  self = g_new0 (KioskCenterClient, 1);
  if ((self->curl = curl_easy_init ()) == NULL)
    {
      g_free (self);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "cannot create an HTTP client");
      return NULL;
    }
  g_mutex_init (&self->lock);
  self->base_url = g_strdup (config->center_url);
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->ca = g_strdup (config->center_ca);
  self->cert = g_strdup (config->client_cert);
  self->key = g_strdup (config->client_key);
  self->timeout_ms = REQUEST_TIMEOUT_MS;
  return self;
}

/* Sets how long one request may take, for the calls that follow; 0 restores the default. */
void
kiosk_center_client_set_timeout (KioskCenterClient *self, guint timeout_ms)
{
  g_mutex_lock (&self->lock);
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : REQUEST_TIMEOUT_MS;
  g_mutex_unlock (&self->lock);
}

/* Fetches a nonce. */
char *
kiosk_center_client_request_nonce (KioskCenterClient *self, GError **error)
{
  g_autoptr (JsonNode) body = object_of_strings (NULL);
  g_autoptr (JsonObject) reply = center_call (self, "/v1/nonce", body, error);
  const char *nonce;

  if (reply == NULL || (nonce = member_string (reply, "nonce", error)) == NULL)
    return NULL;
  return g_strdup (nonce);
}

/* Opens a session with the card's signature over the challenge. */
char *
kiosk_center_client_open_session (KioskCenterClient *self, const char *nonce, const char *terminal_time,
                                  GBytes *certificate, GBytes *signature, char **card_fingerprint,
                                  GError **error)
{
  g_autofree char *cert64 = g_base64_encode (g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
  g_autofree char *sig64 = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  g_autoptr (JsonNode) body = object_of_strings ("nonce", nonce, "terminal_time", terminal_time,
                                                 "certificate", cert64, "signature", sig64, NULL);
  g_autoptr (JsonObject) reply = center_call (self, "/v1/sessions", body, error);
  const char *session_id, *fingerprint;

  if (reply == NULL || (session_id = member_string (reply, "session_id", error)) == NULL ||
      (fingerprint = member_string (reply, "card_fingerprint", error)) == NULL)
    return NULL;
  if (!g_uuid_string_is_valid (session_id))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "center reply: session_id is not a UUID");
      return NULL;
    }
  if (card_fingerprint != NULL)
    *card_fingerprint = g_strdup (fingerprint);
  return g_strdup (session_id);
}

/* Reads the catalogue of a session. */
GPtrArray *
kiosk_center_client_get_catalogue (KioskCenterClient *self, const char *session_id, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/catalogue", session_id);
  g_autoptr (JsonObject) reply = center_call (self, path, NULL, error);
  g_autoptr (GPtrArray) offers = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_offer_free);
  JsonNode *list;

  if (reply == NULL)
    return NULL;
  list = json_object_get_member (reply, "municipalities");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "catalogue lacks \"municipalities\"");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      JsonObject *municipality;
      JsonNode *certificates;
      const char *code, *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto malformed;
      municipality = json_node_get_object (node);
      certificates = json_object_get_member (municipality, "certificates");
      if ((code = member_string (municipality, "code", error)) == NULL ||
          (name = member_string (municipality, "name", error)) == NULL)
        return NULL;
      if (certificates == NULL || !JSON_NODE_HOLDS_ARRAY (certificates))
        goto malformed;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (certificates)); j++)
        {
          JsonNode *entry = json_array_get_element (json_node_get_array (certificates), j);
          JsonObject *certificate;
          const char *type, *title;
          gint64 fee;
          KioskOffer *offer;

          if (!JSON_NODE_HOLDS_OBJECT (entry))
            goto malformed;
          certificate = json_node_get_object (entry);
          if ((type = member_string (certificate, "type", error)) == NULL ||
              (title = member_string (certificate, "name", error)) == NULL)
            return NULL;
          fee = json_object_get_int_member_with_default (certificate, "fee", -1);
          if (fee < 0 || fee > 100000)
            goto malformed;
          offer = g_new0 (KioskOffer, 1);
          offer->municipality_code = g_strdup (code);
          offer->municipality_name = g_strdup (name);
          offer->type = g_strdup (type);
          offer->name = g_strdup (title);
          offer->fee = (guint) fee;
          g_ptr_array_add (offers, offer);
        }
    }
  return g_steal_pointer (&offers);

malformed:
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "catalogue is malformed");
  return NULL;
}

/* Requests a document. */
KioskIssued *
kiosk_center_client_request_document (KioskCenterClient *self, const char *session_id, const char *idempotency_key,
                                      const KioskOffer *offer, guint copies, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/requests", session_id);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (JsonObject) reply = NULL;
  g_autoptr (KioskIssued) issued = g_new0 (KioskIssued, 1);
  JsonNode *binding_node;
  JsonObject *binding;
  const char *request_id, *pem;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, idempotency_key);
  json_builder_set_member_name (builder, "municipality");
  json_builder_add_string_value (builder, offer->municipality_code);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, offer->type);
  json_builder_set_member_name (builder, "copies");
  json_builder_add_int_value (builder, copies);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  reply = center_call (self, path, body, error);
  if (reply == NULL || (request_id = member_string (reply, "request_id", error)) == NULL ||
      (issued->document = member_base64 (reply, "document", error)) == NULL)
    return NULL;
  if (!g_uuid_string_is_valid (request_id))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "center reply: request_id is not a UUID");
      return NULL;
    }
  binding_node = json_object_get_member (reply, "binding");
  if (binding_node == NULL || !JSON_NODE_HOLDS_OBJECT (binding_node))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BINDING_MISMATCH, "the document comes without a binding");
      return NULL;
    }
  binding = json_node_get_object (binding_node);
  if ((issued->statement = member_base64 (binding, "statement", error)) == NULL ||
      (issued->signature = member_base64 (binding, "signature", error)) == NULL ||
      (pem = member_string (binding, "certificate", error)) == NULL)
    return NULL;
  issued->request_id = g_strdup (request_id);
  issued->signer_pem = g_strdup (pem);
  return g_steal_pointer (&issued);
}

/* Reports the outcome of a request. */
gboolean
kiosk_center_client_report_outcome (KioskCenterClient *self, const char *session_id, const char *request_id,
                                    const char *outcome, const char *reason, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/v1/sessions/%s/requests/%s/outcome", session_id, request_id);
  g_autoptr (JsonNode) body = object_of_strings ("outcome", outcome, "reason", reason ? reason : "", NULL);
  g_autoptr (JsonObject) reply = center_call (self, path, body, error);

  return reply != NULL;
}

/* Now, as the challenge writes the terminal's time: RFC 3339 UTC, whole seconds. */
char *
kiosk_center_terminal_time_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Builds the challenge bytes. */
GBytes *
kiosk_center_challenge_new (const char *nonce, const char *terminal_id, const char *terminal_time)
{
  char *text = g_strdup_printf ("kiosk-auth-v1\n%s\n%s\n%s", nonce, terminal_id, terminal_time);
  return g_bytes_new_take (text, strlen (text));
}

/* Frees a document. */
void
kiosk_issued_free (KioskIssued *issued)
{
  if (issued == NULL)
    return;
  g_free (issued->request_id);
  g_clear_pointer (&issued->document, g_bytes_unref);
  g_clear_pointer (&issued->statement, g_bytes_unref);
  g_clear_pointer (&issued->signature, g_bytes_unref);
  g_free (issued->signer_pem);
  g_free (issued);
}

/* Frees an offer. */
void
kiosk_offer_free (KioskOffer *offer)
{
  if (offer == NULL)
    return;
  g_free (offer->municipality_code);
  g_free (offer->municipality_name);
  g_free (offer->type);
  g_free (offer->name);
  g_free (offer);
}

/* Frees the client. */
void
kiosk_center_client_free (KioskCenterClient *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_mutex_clear (&self->lock);
  g_free (self->base_url);
  g_free (self->ca);
  g_free (self->cert);
  g_free (self->key);
  g_free (self);
}
