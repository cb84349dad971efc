/* sim-ocsp.c: OCSP requests with a nonce, POSTed with libcurl, answers verified with OpenSSL. */
#include "sim/servers/sim-ocsp.h"

#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include "sim/servers/sim-certificate.h"
#include "sim/servers/sim-error.h"
#include "sim/servers/sim-http-client.h"

/* How long one question to the responder may take, connection included. */
#define SIM_OCSP_TIMEOUT_SECONDS 5
/* How far the responder's clock may be from ours when it dates an answer. */
#define SIM_OCSP_LEEWAY_SECONDS 60
/* The oldest thisUpdate accepted: `openssl ocsp` dates each answer when it signs it. */
#define SIM_OCSP_MAX_AGE_SECONDS 300
/* Cached answers beyond this are dropped wholesale: a bound on memory, not a policy. */
#define SIM_OCSP_CACHE_MAX 65536

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OCSP_REQUEST, OCSP_REQUEST_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OCSP_RESPONSE, OCSP_RESPONSE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OCSP_BASICRESP, OCSP_BASICRESP_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OCSP_CERTID, OCSP_CERTID_free)

struct _SimOcsp {
  char *url;
  X509 *issuer;       /* the CA the checked certificates chain to */
  X509_STORE *trust;  /* that CA alone: the anchor of every responder signature */
  gint64 cache_usec;
  GMutex lock;        /* guards good_until: handlers run checks on several worker threads */
  GHashTable *good_until; /* serial hex → monotonic deadline (gint64 *) of a good answer */
};

/* Loads the CA and prepares an empty cache. */
SimOcsp *
sim_ocsp_new (const char *url, const char *ca_path, guint cache_seconds, GError **error)
{
  g_autoptr (SimOcsp) self = g_new0 (SimOcsp, 1);
  g_autoptr (BIO) bio = BIO_new_file (ca_path, "r");

  g_mutex_init (&self->lock);
  self->good_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->url = g_strdup (url);
  self->cache_usec = (gint64) cache_seconds * G_USEC_PER_SEC;
  if (bio != NULL)
    self->issuer = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  self->trust = X509_STORE_new ();
  if (self->issuer == NULL || self->trust == NULL || X509_STORE_add_cert (self->trust, self->issuer) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot load the CA %s", ca_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Frees the checker and its cache. */
void
sim_ocsp_free (SimOcsp *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->good_until, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->issuer, X509_free);
  g_clear_pointer (&self->trust, X509_STORE_free);
  g_free (self->url);
  g_free (self);
}

/* TRUE if a good answer for @serial was cached and is still fresh. */
static gboolean
sim_ocsp_cache_lookup (SimOcsp *self, const char *serial)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const gint64 *deadline = g_hash_table_lookup (self->good_until, serial);

  if (deadline == NULL)
    return FALSE;
  if (*deadline > g_get_monotonic_time ())
    return TRUE;
  g_hash_table_remove (self->good_until, serial);
  return FALSE;
}

/* Drops an entry whose deadline has passed. */
static gboolean
sim_ocsp_cache_expired (gpointer key, gpointer value, gpointer user_data)
{
  return *(const gint64 *) value <= *(const gint64 *) user_data;
}

/* Remembers a good answer for @serial for @lifetime_usec. */
static void
sim_ocsp_cache_store (SimOcsp *self, const char *serial, gint64 lifetime_usec)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gint64 now = g_get_monotonic_time ();
  gint64 *deadline;

  if (lifetime_usec <= 0)
    return;
  if (g_hash_table_size (self->good_until) >= SIM_OCSP_CACHE_MAX)
    g_hash_table_foreach_remove (self->good_until, sim_ocsp_cache_expired, &now);
  if (g_hash_table_size (self->good_until) >= SIM_OCSP_CACHE_MAX)
    g_hash_table_remove_all (self->good_until);
  deadline = g_new (gint64, 1);
  *deadline = now + lifetime_usec;
  g_hash_table_replace (self->good_until, g_strdup (serial), deadline);
}

/* Forgets any good answer for @serial. */
static void
sim_ocsp_cache_forget (SimOcsp *self, const char *serial)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_hash_table_remove (self->good_until, serial);
}

/* The DER request for @id with a fresh random nonce; @request keeps the nonce for the check. */
static GBytes *
sim_ocsp_encode_request (OCSP_REQUEST *request, OCSP_CERTID *id)
{
  OCSP_CERTID *request_id = OCSP_CERTID_dup (id);
  unsigned char *der = NULL;
  GBytes *bytes;
  int len;

  if (request_id == NULL)
    return NULL;
  if (OCSP_request_add0_id (request, request_id) == NULL)
    {
      OCSP_CERTID_free (request_id);
      return NULL;
    }
  if (OCSP_request_add1_nonce (request, NULL, -1) != 1
      || (len = i2d_OCSP_REQUEST (request, &der)) <= 0)
    return NULL;
  bytes = g_bytes_new (der, (gsize) len);
  OPENSSL_free (der);
  return bytes;
}

/* Asks the responder and returns its answer, or NULL with SIM_ERROR_REVOCATION_UNAVAILABLE. */
static OCSP_RESPONSE *
sim_ocsp_ask (SimOcsp *self, GBytes *request_der, GError **error)
{
  g_autoptr (GError) transport_error = NULL;
  g_autoptr (SimHttpResponse) response = sim_http_post (self->url, "application/ocsp-request",
                                                        request_der, SIM_OCSP_TIMEOUT_SECONDS,
                                                        &transport_error);
  const unsigned char *der;
  gsize len = 0;
  OCSP_RESPONSE *answer;

  if (response == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP responder did not answer: %s", transport_error->message);
      return NULL;
    }
  der = g_bytes_get_data (response->body, &len);
  if (response->status != 200 || len == 0 || len > G_MAXLONG
      || (answer = d2i_OCSP_RESPONSE (NULL, &der, (long) len)) == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP responder answered HTTP %u without an OCSP response",
                   response->status);
      return NULL;
    }
  return answer;
}

/* The signed part of @answer if it is successful, signed by the CA or its delegated responder,
 * and carries @request's nonce; NULL with SIM_ERROR_REVOCATION_UNAVAILABLE otherwise. */
static OCSP_BASICRESP *
sim_ocsp_verified_basic (SimOcsp *self, OCSP_RESPONSE *answer, OCSP_REQUEST *request,
                         GError **error)
{
  g_autoptr (OCSP_BASICRESP) basic = NULL;
  int status = OCSP_response_status (answer);

  if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP responder refused: %s", OCSP_response_status_str (status));
      return NULL;
    }
  basic = OCSP_response_get1_basic (answer);
  /* Flags 0: the signer must chain to the CA alone, and be the CA or hold OCSPSigning from it. */
  if (basic == NULL || OCSP_basic_verify (basic, NULL, self->trust, 0) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP response is not signed by the CA's responder");
      return NULL;
    }
  if (OCSP_check_nonce (request, basic) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP response does not carry our nonce");
      return NULL;
    }
  return g_steal_pointer (&basic);
}

/* Seconds from now until @when (negative if past). */
static gint64
sim_ocsp_seconds_until (const ASN1_GENERALIZEDTIME *when)
{
  int days = 0, seconds = 0;

  if (ASN1_TIME_diff (&days, &seconds, NULL, when) != 1)
    return -1;
  return (gint64) days * 86400 + seconds;
}

/* Reads the status of @id in @basic, after checking its dates; caches a good answer. */
static gboolean
sim_ocsp_read_status (SimOcsp *self, OCSP_BASICRESP *basic, OCSP_CERTID *id, const char *serial,
                      GError **error)
{
  ASN1_GENERALIZEDTIME *this_update = NULL, *next_update = NULL, *revoked_at = NULL;
  int status = -1, reason = -1;
  gint64 lifetime = self->cache_usec;

  if (OCSP_resp_find_status (basic, id, &status, &reason, &revoked_at, &this_update,
                             &next_update) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP response does not answer for this certificate");
      return FALSE;
    }
  if (OCSP_check_validity (this_update, next_update, SIM_OCSP_LEEWAY_SECONDS,
                           SIM_OCSP_MAX_AGE_SECONDS) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_REVOCATION_UNAVAILABLE,
                   "the OCSP response is not current");
      return FALSE;
    }
  switch (status)
    {
    case V_OCSP_CERTSTATUS_GOOD:
      if (next_update != NULL)
        lifetime = MIN (lifetime, sim_ocsp_seconds_until (next_update) * G_USEC_PER_SEC);
      sim_ocsp_cache_store (self, serial, lifetime);
      return TRUE;
    case V_OCSP_CERTSTATUS_REVOKED:
      sim_ocsp_cache_forget (self, serial);
      g_set_error (error, SIM_ERROR, SIM_ERROR_CERT_REVOKED, "the card certificate is revoked (%s)",
                   OCSP_crl_reason_str (reason));
      return FALSE;
    default:
      sim_ocsp_cache_forget (self, serial);
      g_set_error (error, SIM_ERROR, SIM_ERROR_CERT_STATUS_UNKNOWN,
                   "the OCSP responder does not know the card certificate");
      return FALSE;
    }
}

/* Asks about one certificate: from the cache if a good answer is fresh, else the responder. */
gboolean
sim_ocsp_check (SimOcsp *self, GBytes *certificate_der, GError **error)
{
  g_autoptr (X509) cert = sim_certificate_from_der (certificate_der, error);
  g_autofree char *serial = NULL;
  g_autoptr (OCSP_CERTID) id = NULL;
  g_autoptr (OCSP_REQUEST) request = NULL;
  g_autoptr (GBytes) request_der = NULL;
  g_autoptr (OCSP_RESPONSE) answer = NULL;
  g_autoptr (OCSP_BASICRESP) basic = NULL;

  if (cert == NULL)
    return FALSE;
  serial = sim_certificate_serial_hex (cert);
  if (sim_ocsp_cache_lookup (self, serial))
    return TRUE;
  if ((id = OCSP_cert_to_id (NULL, cert, self->issuer)) == NULL
      || (request = OCSP_REQUEST_new ()) == NULL
      || (request_der = sim_ocsp_encode_request (request, id)) == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cannot build the OCSP request");
      return FALSE;
    }
  if ((answer = sim_ocsp_ask (self, request_der, error)) == NULL
      || (basic = sim_ocsp_verified_basic (self, answer, request, error)) == NULL)
    return FALSE;
  return sim_ocsp_read_status (self, basic, id, serial, error);
}

/* Runs the check in the worker thread. */
static void
sim_ocsp_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SimOcsp *self = g_task_get_source_tag (task);
  GError *error = NULL;

  if (sim_ocsp_check (self, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Starts a check in a thread. The checker must outlive it. */
void
sim_ocsp_check_async (SimOcsp *self, GBytes *certificate_der, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, self);
  g_task_set_task_data (task, g_bytes_ref (certificate_der), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, sim_ocsp_thread);
}

/* Returns TRUE if the certificate is good. */
gboolean
sim_ocsp_check_finish (SimOcsp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
