/* sim-server.h: the shared HTTPS server of the simulators: libsoup over mutual TLS, JSON, routes. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sim/servers/sim-error.h"

G_BEGIN_DECLS

/* Largest request body any simulator accepts; a larger one is refused (413) and discarded unkept. */
#define SIM_SERVER_MAX_BODY (64 * 1024)

/* Seconds a connection has to deliver one complete request (TLS handshake, headers and body),
 * counted from its acceptance or from its previous answer; then it is closed unanswered. */
#define SIM_SERVER_REQUEST_TIMEOUT 10

/* The command-line options every simulator server shares. */
typedef struct {
  char *listen;     /* "127.0.0.1:9443"; port 0 picks a free one (written to the ready file) */
  char *ready_file; /* written with the base URL once listening */
  char *cert;       /* server certificate, PEM */
  char *key;        /* its key, PEM */
  char *client_ca;  /* CA that issued acceptable client certificates, PEM */
} SimServerOptions;

typedef struct _SimServer SimServer;

/* Handles one routed request; @params holds the path segments matched by "*" in the pattern. */
typedef void (*SimRouteFunc) (SimServer *server, SoupServerMessage *msg, const char *const *params,
                              gpointer user_data);

/* Adds the shared options to @context, filling @options when it parses. */
void sim_server_options_add (SimServerOptions *options, GOptionContext *context);

/* Frees the strings of @options. */
void sim_server_options_clear (SimServerOptions *options);

/* A server named @name (for logs) configured by @options; not yet listening. */
SimServer *sim_server_new (const char *name, const SimServerOptions *options, GError **error);

/* Routes @method requests whose path matches @pattern ("/v1/sessions/ * /catalogue" without
 * spaces: "*" is one segment) to @func. */
void sim_server_add_route (SimServer *self, const char *method, const char *pattern,
                           SimRouteFunc func, gpointer user_data);

/* Listens, writes the ready file and runs until SIGTERM or SIGINT. */
gboolean sim_server_run (SimServer *self, GError **error);

/* Stops listening and frees @self. */
void sim_server_free (SimServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimServer, sim_server_free)

/* Replies @status with @body serialized as JSON; takes @body. */
void sim_server_reply_json (SoupServerMessage *msg, guint status, JsonNode *body);

/* Replies with the protocol's error body for @error (SIM_ERROR domain; others are internal). */
void sim_server_reply_error (SoupServerMessage *msg, const GError *error);

/* Replies with a body received from another server, unchanged. */
void sim_server_reply_bytes (SoupServerMessage *msg, guint status, GBytes *body);

/* The request body as a JSON object, or NULL with a SIM_ERROR_BAD_REQUEST. */
JsonObject *sim_server_read_object (SoupServerMessage *msg, GError **error);

/* The CN of the verified TLS client certificate, or NULL with SIM_ERROR_AUTH_FAILED. */
char *sim_server_peer_common_name (SoupServerMessage *msg, GError **error);

/* Checks that every member of @object is one of @known (NULL-terminated); the protocol is strict,
 * so an unknown member is SIM_ERROR_BAD_REQUEST. */
gboolean sim_json_check_members (JsonObject *object, const char *const *known, GError **error);

/* A string member of @object, or NULL with SIM_ERROR_BAD_REQUEST if missing, empty or not a string. */
const char *sim_json_get_string (JsonObject *object, const char *member, GError **error);

/* An integer member of @object in [@min, @max], or FALSE with SIM_ERROR_BAD_REQUEST. */
gboolean sim_json_get_int (JsonObject *object, const char *member, gint64 min, gint64 max,
                           gint64 *value, GError **error);

/* A base64 string member decoded strictly (canonical padded standard alphabet), or NULL with
 * SIM_ERROR_BAD_REQUEST. */
GBytes *sim_json_get_base64 (JsonObject *object, const char *member, GError **error);

/* Serializes @node to compact UTF-8 bytes. */
GBytes *sim_json_to_bytes (JsonNode *node);

/* Parses @bytes as a JSON object, or NULL with SIM_ERROR_BAD_REQUEST. */
JsonObject *sim_json_parse_object (GBytes *bytes, GError **error);

/* @time as RFC 3339 UTC with seconds ("2026-11-23T10:15:00Z"). */
char *sim_time_format (GDateTime *time);

G_END_DECLS
