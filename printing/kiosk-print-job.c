/* kiosk-print-job.c: a print job's life: submit, follow until it ends, and the accessors. */
#include "printing/kiosk-print-job-private.h"

#include "app/kiosk-error.h"

#define POLL_INTERVAL_MS 200
#define SUBMIT_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define BUSY_RETRY_MS 500

/* Waits up to @interval_ms, or less if @cancellable is cancelled meanwhile. */
static void
wait_interval (GCancellable *cancellable, int interval_ms)
{
  GPollFD fd;
  gboolean pollable = g_cancellable_make_pollfd (cancellable, &fd);

  g_poll (&fd, pollable ? 1 : 0, interval_ms);
  if (pollable)
    g_cancellable_release_fd (cancellable);
}

/* Submits @pdf to @printer_uri and returns the job with its printer-assigned id. */
KioskPrintJob *
kiosk_print_job_submit (const char *printer_uri, GBytes *pdf, const char *job_name, GError **error)
{
  g_autoptr (KioskPrintJob) self = NULL;

  g_return_val_if_fail (printer_uri != NULL, NULL);
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (job_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_bytes_get_size (pdf) == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED, "the document to print is empty");
      return NULL;
    }

  self = g_new0 (KioskPrintJob, 1);
  self->printer_uri = g_strdup (printer_uri);
  self->state = KIOSK_PRINT_JOB_PENDING;
  self->job_reasons = g_strdup ("none");
  self->printer_reasons = g_strdup ("none");
  self->io_deadline = g_get_monotonic_time () + SUBMIT_TIMEOUT_US;

  if (!kiosk_print_job_ipp_connect (self, error))
    return NULL;
  /* a printer busy with the previous job refuses new ones: wait for it, up to the deadline */
  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      gint64 left_ms;

      if (kiosk_print_job_ipp_print (self, pdf, job_name, &local_error))
        break;
      left_ms = (self->io_deadline - g_get_monotonic_time ()) / 1000;
      if (!kiosk_print_job_ipp_printer_was_busy () || left_ms <= 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      wait_interval (NULL, (int) MIN (left_ms, BUSY_RETRY_MS));
    }
  g_debug ("print job %d submitted to %s", self->id, self->printer_uri);
  return g_steal_pointer (&self);
}

/* Cancels the job at the printer and sets @error (@code) with @why and the last reasons seen. */
static gboolean
fail (KioskPrintJob *self, KioskError code, const char *why, GError **error)
{
  kiosk_print_job_ipp_cancel (self);
  self->state = KIOSK_PRINT_JOB_FAILED;
  g_set_error (error, KIOSK_ERROR, code, "print job %d %s (job: %s; printer: %s)", self->id, why,
               self->job_reasons, self->printer_reasons);
  return FALSE;
}

/* Polls the job until it ends, @deadline (monotonic µs) passes or @cancellable fires. */
static gboolean
follow (KioskPrintJob *self, gint64 deadline, GCancellable *cancellable, GError **error)
{
  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      gint64 left_ms;

      if (g_cancellable_is_cancelled (cancellable))
        return fail (self, KIOSK_ERROR_CANCELLED, "was cancelled by the terminal", error);

      if (!kiosk_print_job_ipp_poll (self, &local_error))
        {
          /* a poll cut short by the cancellable or the deadline is that, not a lost printer */
          if (g_cancellable_is_cancelled (cancellable))
            continue;
          if (g_get_monotonic_time () >= deadline)
            return fail (self, KIOSK_ERROR_PRINT_FAILED, "timed out", error);
          kiosk_print_job_ipp_cancel (self);
          self->state = KIOSK_PRINT_JOB_FAILED;
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "print job %d: ",
                                      self->id);
          return FALSE;
        }

      if (self->state == KIOSK_PRINT_JOB_COMPLETED)
        return TRUE;
      if (self->state == KIOSK_PRINT_JOB_FAILED)
        return fail (self, KIOSK_ERROR_PRINT_FAILED, "did not complete", error);

      left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      if (left_ms <= 0)
        return fail (self, KIOSK_ERROR_PRINT_FAILED, "timed out", error);
      wait_interval (cancellable, (int) MIN (left_ms, POLL_INTERVAL_MS));
    }
}

/* Follows the job until it completes (TRUE), fails, times out or is cancelled (FALSE). */
gboolean
kiosk_print_job_wait (KioskPrintJob *self,
                      guint timeout_ms,
                      GCancellable *cancellable,
                      GError **error)
{
  gboolean completed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->io_deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  self->io_cancellable = cancellable;
  completed = follow (self, self->io_deadline, cancellable, error);
  self->io_cancellable = NULL;
  g_debug ("print job %d %s", self->id, completed ? "completed" : "failed");
  return completed;
}

/* The printer's job id. */
int
kiosk_print_job_get_id (KioskPrintJob *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->id;
}

/* The last state seen. */
KioskPrintJobState
kiosk_print_job_get_state (KioskPrintJob *self)
{
  g_return_val_if_fail (self != NULL, KIOSK_PRINT_JOB_FAILED);
  return self->state;
}

/* The last printer-state-reasons seen. */
const char *
kiosk_print_job_get_printer_reasons (KioskPrintJob *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->printer_reasons;
}

/* Frees the handle and closes its connection; the job itself goes on. */
void
kiosk_print_job_free (KioskPrintJob *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->http, httpClose);
  g_clear_pointer (&self->printer_uri, g_free);
  g_clear_pointer (&self->job_reasons, g_free);
  g_clear_pointer (&self->printer_reasons, g_free);
  g_free (self);
}
