/* kiosk-print-job-ipp.c: the IPP requests of a print job (Print-Job, Get-Job-Attributes,
 * Get-Printer-Attributes, Cancel-Job) over one libcups connection. */
#include "printing/kiosk-print-job-private.h"

#include <string.h>

#include "app/kiosk-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ipp_t, ippDelete)

#define CONNECT_TIMEOUT_MS 5000
#define IO_TIMEOUT_S 0.25 /* how often blocking I/O asks io_timeout_cb whether to go on */
#define CANCEL_TIMEOUT_US (5 * G_USEC_PER_SEC)
#define REQUESTING_USER "kiosk" /* never the resident: the spool and job history keep it */

/* Asked by libcups whenever I/O has been idle for IO_TIMEOUT_S: 1 waits on, 0 gives up. */
static int
io_timeout_cb (http_t *http, void *user_data)
{
  KioskPrintJob *self = user_data;

  if (self->io_cancellable != NULL && g_cancellable_is_cancelled (self->io_cancellable))
    return 0;
  return g_get_monotonic_time () < self->io_deadline;
}

/* Sets @error to PRINT_FAILED with @what and libcups' last error. */
static void
set_ipp_error (GError **error, const char *what)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED, "%s: %s (0x%04x)", what,
               cupsLastErrorString (), (unsigned) cupsLastError ());
}

/* A new request for @op on the printer of @self, with the operation attributes all share. */
static ipp_t *
new_request (KioskPrintJob *self, ipp_op_t op)
{
  ipp_t *request = ippNewRequest (op);

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, self->printer_uri);
  if (self->id > 0)
    ippAddInteger (request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", self->id);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                REQUESTING_USER);
  return request;
}

/* Sends @request (consumed) and returns the response, or NULL with @error for an IPP error. */
static ipp_t *
do_request (KioskPrintJob *self, ipp_t *request, const char *what, GError **error)
{
  g_autoptr (ipp_t) response = cupsDoRequest (self->http, request, self->resource);

  if (response == NULL || cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      set_ipp_error (error, what);
      return NULL;
    }
  return g_steal_pointer (&response);
}

/* The keyword values of attribute @name in @response, comma separated ("none" if absent). */
static char *
join_keywords (ipp_t *response, const char *name)
{
  ipp_attribute_t *attr = ippFindAttribute (response, name, IPP_TAG_KEYWORD);
  g_autoptr (GString) joined = g_string_new (NULL);

  for (int i = 0; attr != NULL && i < ippGetCount (attr); i++)
    {
      if (i > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, ippGetString (attr, i, NULL));
    }
  if (joined->len == 0)
    g_string_append (joined, "none");
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* Whether @reasons (comma separated) holds @reason. */
static gboolean
reasons_contain (const char *reasons, const char *reason)
{
  g_auto (GStrv) list = g_strsplit (reasons, ",", -1);

  return g_strv_contains ((const char *const *) list, reason);
}

/* Maps an IPP job-state (and its reasons) to ours. */
static KioskPrintJobState
state_from_ipp (ipp_jstate_t jstate, const char *reasons)
{
  switch (jstate)
    {
    case IPP_JSTATE_PENDING:
    case IPP_JSTATE_HELD:
      return KIOSK_PRINT_JOB_PENDING;
    case IPP_JSTATE_PROCESSING:
      return KIOSK_PRINT_JOB_PROCESSING;
    case IPP_JSTATE_COMPLETED:
      /* pages may be missing: the resident is refunded rather than charged for them */
      if (reasons_contain (reasons, "job-completed-with-errors"))
        return KIOSK_PRINT_JOB_FAILED;
      return KIOSK_PRINT_JOB_COMPLETED;
    case IPP_JSTATE_STOPPED:
    case IPP_JSTATE_CANCELED:
    case IPP_JSTATE_ABORTED:
    default:
      return KIOSK_PRINT_JOB_FAILED;
    }
}

/* Opens the connection to the printer of @self->printer_uri. */
gboolean
kiosk_print_job_ipp_connect (KioskPrintJob *self, GError **error)
{
  char scheme[32], userpass[256], host[256];
  int port;
  http_uri_status_t status;

  status = httpSeparateURI (HTTP_URI_CODING_ALL, self->printer_uri, scheme, sizeof scheme,
                            userpass, sizeof userpass, host, sizeof host, &port, self->resource,
                            sizeof self->resource);
  if (status < HTTP_URI_STATUS_OK || (g_strcmp0 (scheme, "ipp") != 0 && g_strcmp0 (scheme, "ipps") != 0))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED,
                   "the printer URI is not an ipp:// or ipps:// URI");
      return FALSE;
    }

  self->http = httpConnect2 (host, port, NULL, AF_UNSPEC,
                             g_str_equal (scheme, "ipps") ? HTTP_ENCRYPTION_ALWAYS
                                                          : HTTP_ENCRYPTION_IF_REQUESTED,
                             1, CONNECT_TIMEOUT_MS, NULL);
  if (self->http == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED,
                   "cannot reach the printer at %s:%d: %s", host, port, cupsLastErrorString ());
      return FALSE;
    }
  httpSetTimeout (self->http, IO_TIMEOUT_S, io_timeout_cb, self);
  return TRUE;
}

/* Whether the last request failed only because the printer is busy with another job. */
gboolean
kiosk_print_job_ipp_printer_was_busy (void)
{
  return cupsLastError () == IPP_STATUS_ERROR_BUSY;
}

/* Sends Print-Job with @pdf and stores the printer's job-id in @self->id. */
gboolean
kiosk_print_job_ipp_print (KioskPrintJob *self, GBytes *pdf, const char *job_name, GError **error)
{
  g_autoptr (ipp_t) request = new_request (self, IPP_OP_PRINT_JOB);
  g_autoptr (ipp_t) response = NULL;
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  http_status_t status;
  ipp_attribute_t *job_id;

  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, job_name);
  ippAddBoolean (request, IPP_TAG_OPERATION, "ipp-attribute-fidelity", 1);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL,
                "application/pdf");
  ippAddString (request, IPP_TAG_JOB, IPP_TAG_KEYWORD, "media", NULL, "iso_a4_210x297mm");
  ippAddString (request, IPP_TAG_JOB, IPP_TAG_KEYWORD, "sides", NULL, "one-sided");

  /* the HTTP body is the IPP request followed by the document */
  status = cupsSendRequest (self->http, request, self->resource, ippLength (request) + length);
  if (status == HTTP_STATUS_CONTINUE)
    status = cupsWriteRequestData (self->http, data, length);
  if (status != HTTP_STATUS_CONTINUE)
    {
      set_ipp_error (error, "sending the document failed");
      return FALSE;
    }
  response = cupsGetResponse (self->http, self->resource);
  if (response == NULL || cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED,
                   "the printer refused the job: %s (0x%04x)", cupsLastErrorString (),
                   (unsigned) cupsLastError ());
      return FALSE;
    }

  job_id = ippFindAttribute (response, "job-id", IPP_TAG_INTEGER);
  if (job_id == NULL || ippGetInteger (job_id, 0) <= 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED,
                   "the printer accepted the job without a job-id");
      return FALSE;
    }
  self->id = ippGetInteger (job_id, 0);
  self->state = KIOSK_PRINT_JOB_PENDING;
  return TRUE;
}

/* Sends Get-Job-Attributes and updates @self->state and job_reasons. */
static gboolean
poll_job (KioskPrintJob *self, GError **error)
{
  static const char *const wanted[] = { "job-state", "job-state-reasons" };
  ipp_t *request = new_request (self, IPP_OP_GET_JOB_ATTRIBUTES);
  g_autoptr (ipp_t) response = NULL;
  ipp_attribute_t *jstate;

  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = do_request (self, request, "asking the printer for the job failed", error);
  if (response == NULL)
    return FALSE;

  jstate = ippFindAttribute (response, "job-state", IPP_TAG_ENUM);
  if (jstate == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED,
                   "the printer answered without a job-state");
      return FALSE;
    }
  g_free (self->job_reasons);
  self->job_reasons = join_keywords (response, "job-state-reasons");
  self->state = state_from_ipp ((ipp_jstate_t) ippGetInteger (jstate, 0), self->job_reasons);
  return TRUE;
}

/* Sends Get-Printer-Attributes and updates @self->printer_reasons. */
static gboolean
poll_printer (KioskPrintJob *self, GError **error)
{
  static const char *const wanted[] = { "printer-state", "printer-state-reasons" };
  ipp_t *request = new_request (self, IPP_OP_GET_PRINTER_ATTRIBUTES);
  g_autoptr (ipp_t) response = NULL;

  /* new_request added the job-id, which Get-Printer-Attributes does not take */
  ippDeleteAttribute (request, ippFindAttribute (request, "job-id", IPP_TAG_INTEGER));
  ippAddStrings (request, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                 G_N_ELEMENTS (wanted), NULL, wanted);
  response = do_request (self, request, "asking the printer for its state failed", error);
  if (response == NULL)
    return FALSE;
  g_free (self->printer_reasons);
  self->printer_reasons = join_keywords (response, "printer-state-reasons");
  return TRUE;
}

/* Sends Get-Job-Attributes and Get-Printer-Attributes and updates @self. */
gboolean
kiosk_print_job_ipp_poll (KioskPrintJob *self, GError **error)
{
  return poll_job (self, error) && poll_printer (self, error);
}

/* Sends Cancel-Job, best effort: a job that is already over stays as it is. */
void
kiosk_print_job_ipp_cancel (KioskPrintJob *self)
{
  g_autoptr (ipp_t) response = NULL;
  GCancellable *saved = g_steal_pointer (&self->io_cancellable);

  /* the connection may be mid-request after an aborted read: start clean, briefly */
  self->io_deadline = g_get_monotonic_time () + CANCEL_TIMEOUT_US;
  if (httpReconnect2 (self->http, CONNECT_TIMEOUT_MS, NULL) != 0)
    g_debug ("print job %d: Cancel-Job: cannot reconnect", self->id);
  else if ((response = cupsDoRequest (self->http, new_request (self, IPP_OP_CANCEL_JOB),
                                      self->resource)) == NULL ||
           cupsLastError () > IPP_STATUS_OK_EVENTS_COMPLETE)
    g_debug ("print job %d: Cancel-Job: %s", self->id, cupsLastErrorString ());
  self->io_cancellable = saved;
}
