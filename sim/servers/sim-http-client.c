/* sim-http-client.c: libcurl requests over mutual TLS 1.3, blocking or in a GTask thread, and the
 * plain-HTTP POST OCSP uses. */
#include "sim/servers/sim-http-client.h"

#include <curl/curl.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)

struct _SimHttpClient {
  char *base_url;
  char *ca_file;
  char *cert_file;
  char *key_file;
  /* Easy handles no thread is using. A handle keeps its connections and TLS sessions, so a
   * request taking one reuses a connection to the server instead of a new handshake; each thread
   * takes its own, so requests never wait for one another. */
  GMutex lock;
  GPtrArray *idle;
};

/* One request handed to a worker thread. */
typedef struct {
  char *method;
  char *path;
  GBytes *body;
} SimHttpJob;

/* Initializes libcurl once, before any thread uses it. */
static void
sim_http_client_global_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

/* Creates a client. */
SimHttpClient *
sim_http_client_new (const char *base_url, const char *ca_file, const char *cert_file,
                     const char *key_file)
{
  SimHttpClient *self = g_new0 (SimHttpClient, 1);

  sim_http_client_global_init ();
  self->base_url = g_strdup (base_url);
  self->ca_file = g_strdup (ca_file);
  self->cert_file = g_strdup (cert_file);
  self->key_file = g_strdup (key_file);
  g_mutex_init (&self->lock);
  self->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) curl_easy_cleanup);
  return self;
}

/* An idle easy handle with its options cleared (its connections kept), or a new one. */
static CURL *
sim_http_client_take_handle (SimHttpClient *self)
{
  CURL *curl = NULL;

  g_mutex_lock (&self->lock);
  if (self->idle->len > 0)
    curl = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  g_mutex_unlock (&self->lock);
  if (curl == NULL)
    return curl_easy_init ();
  curl_easy_reset (curl);
  return curl;
}

/* Puts @curl back for the next request. */
static void
sim_http_client_give_back (SimHttpClient *self, CURL *curl)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->idle, curl);
  g_mutex_unlock (&self->lock);
}

/* Frees a client. */
void
sim_http_client_free (SimHttpClient *self)
{
  if (self == NULL)
    return;
  g_free (self->base_url);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);
  g_ptr_array_unref (self->idle);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Frees a response. */
void
sim_http_response_free (SimHttpResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

/* Collects the body, refusing more than SIM_HTTP_CLIENT_MAX_BODY. */
static size_t
sim_http_client_write (char *data, size_t size, size_t count, void *user_data)
{
  GByteArray *buffer = user_data;

  if (buffer->len + size * count > SIM_HTTP_CLIENT_MAX_BODY)
    return 0;
  g_byte_array_append (buffer, (const guint8 *) data, (guint) (size * count));
  return size * count;
}

/* Performs the request set up on @curl, taking @headers; @what names it in errors. */
static SimHttpResponse *
sim_http_perform (CURL *curl, struct curl_slist *headers, const char *what, GError **error)
{
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  char curl_error[CURL_ERROR_SIZE] = "";
  SimHttpResponse *response;
  long status = 0;
  CURLcode rc;

  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, sim_http_client_write);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, buffer);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  rc = curl_easy_perform (curl);
  curl_slist_free_all (headers);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, (char *) NULL);
  if (rc != CURLE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
                   *curl_error != '\0' ? curl_error : curl_easy_strerror (rc));
      return NULL;
    }
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  response = g_new0 (SimHttpResponse, 1);
  response->status = (guint) status;
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return response;
}

/* Performs one request on an idle handle of the client (one thread at a time per handle). */
SimHttpResponse *
sim_http_client_request (SimHttpClient *self, const char *method, const char *path, GBytes *body,
                         GError **error)
{
  CURL *curl = sim_http_client_take_handle (self);
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autofree char *what = NULL;
  struct curl_slist *headers = NULL;
  SimHttpResponse *response;

  if (curl == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "curl_easy_init failed");
      return NULL;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) (CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_DEFAULT));
  curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca_file);
  curl_easy_setopt (curl, CURLOPT_CAPATH, (char *) NULL);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (self->cert_file != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_SSLCERT, self->cert_file);
      curl_easy_setopt (curl, CURLOPT_SSLKEY, self->key_file);
    }
  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, "Expect:");
  if (body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS,
                        g_bytes_get_size (body) > 0 ? g_bytes_get_data (body, NULL) : "");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
    }
  what = g_strconcat (method, " ", path, NULL);
  response = sim_http_perform (curl, headers, what, error);
  /* options that point into this call's memory are cleared when the handle is taken again */
  sim_http_client_give_back (self, curl);
  return response;
}

/* Performs one plain-HTTP POST with a fresh easy handle. */
SimHttpResponse *
sim_http_post (const char *url, const char *content_type, GBytes *body, guint timeout_s,
               GError **error)
{
  g_autoptr (CURL) curl = NULL;
  g_autofree char *type_header = g_strconcat ("Content-Type: ", content_type, NULL);
  g_autofree char *what = g_strconcat ("POST ", url, NULL);
  struct curl_slist *headers = NULL;

  sim_http_client_global_init ();
  if ((curl = curl_easy_init ()) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "curl_easy_init failed");
      return NULL;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) timeout_s);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) timeout_s);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http");
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) g_bytes_get_size (body));
  headers = curl_slist_append (headers, type_header);
  headers = curl_slist_append (headers, "Expect:");
  return sim_http_perform (curl, headers, what, error);
}

/* Frees a job. */
static void
sim_http_job_free (gpointer data)
{
  SimHttpJob *job = data;

  g_free (job->method);
  g_free (job->path);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job);
}

/* Runs the job in the worker thread. */
static void
sim_http_client_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SimHttpClient *self = g_task_get_source_tag (task);
  SimHttpJob *job = task_data;
  GError *error = NULL;
  SimHttpResponse *response = sim_http_client_request (self, job->method, job->path, job->body,
                                                       &error);

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) sim_http_response_free);
}

/* Starts a request in a thread. The client must outlive the request. */
void
sim_http_client_request_async (SimHttpClient *self, const char *method, const char *path,
                               GBytes *body, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
  SimHttpJob *job = g_new0 (SimHttpJob, 1);

  job->method = g_strdup (method);
  job->path = g_strdup (path);
  job->body = body != NULL ? g_bytes_ref (body) : NULL;
  g_task_set_source_tag (task, self);
  g_task_set_task_data (task, job, sim_http_job_free);
  g_task_run_in_thread (task, sim_http_client_thread);
}

/* Returns the response or the transport error. */
SimHttpResponse *
sim_http_client_request_finish (SimHttpClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
