/* sim-http-client.h: a blocking HTTPS client over mutual TLS 1.3 (libcurl), with a GTask wrapper. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Largest response body the client accepts. */
#define SIM_HTTP_CLIENT_MAX_BODY (16 * 1024 * 1024)

typedef struct _SimHttpClient SimHttpClient;

/* The reply to one request. */
typedef struct {
  guint status;
  GBytes *body;
} SimHttpResponse;

/* A client for @base_url ("https://127.0.0.1:9443") that pins @ca_file and presents
 * @cert_file/@key_file (both NULL: no client certificate). */
SimHttpClient *sim_http_client_new (const char *base_url, const char *ca_file,
                                    const char *cert_file, const char *key_file);

/* Frees the client. */
void sim_http_client_free (SimHttpClient *self);

/* Sends @method @path with JSON @body (NULL: none) and waits; any HTTP status is a response,
 * only transport failures (connect, TLS, timeout) are errors (G_IO_ERROR). Thread-safe. */
SimHttpResponse *sim_http_client_request (SimHttpClient *self, const char *method,
                                          const char *path, GBytes *body, GError **error);

/* The same in a worker thread; @callback runs in the caller's main context. */
void sim_http_client_request_async (SimHttpClient *self, const char *method, const char *path,
                                    GBytes *body, GAsyncReadyCallback callback,
                                    gpointer user_data);

/* Finishes sim_http_client_request_async(). */
SimHttpResponse *sim_http_client_request_finish (SimHttpClient *self, GAsyncResult *result,
                                                 GError **error);

/* POSTs @body as @content_type to the plain-HTTP @url (an OCSP responder: RFC 6960, A.1) and waits
 * at most @timeout_s seconds; any HTTP status is a response, transport failures are errors
 * (G_IO_ERROR). Thread-safe. */
SimHttpResponse *sim_http_post (const char *url, const char *content_type, GBytes *body,
                                guint timeout_s, GError **error);

/* Frees a response. */
void sim_http_response_free (SimHttpResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimHttpClient, sim_http_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimHttpResponse, sim_http_response_free)

G_END_DECLS
