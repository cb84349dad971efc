/* kiosk-print-job.h: one certificate print job through libcups (IPP), followed to its end. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KioskPrintJob KioskPrintJob;

typedef enum {
  KIOSK_PRINT_JOB_PENDING,
  KIOSK_PRINT_JOB_PROCESSING,
  KIOSK_PRINT_JOB_COMPLETED,
  KIOSK_PRINT_JOB_FAILED, /* aborted, cancelled, or the printer stopped */
} KioskPrintJobState;

/* Submits @pdf (one document, A4, one-sided) to the IPP printer or CUPS queue at @printer_uri
 * (ipp://host:port/ipp/print or ipp://localhost/printers/NAME). @job_name carries no personal data.
 * The printer must honour A4 (ipp-attribute-fidelity): a printer that cannot refuses the job.
 * Returns the job with its printer-assigned id, or NULL with KIOSK_ERROR_PRINT_FAILED. */
KioskPrintJob *kiosk_print_job_submit (const char *printer_uri,
                                       GBytes *pdf,
                                       const char *job_name,
                                       GError **error);

/* Waits until the job is completed (TRUE) or has failed, timed out or was cancelled (FALSE).
 * Fails with KIOSK_ERROR_PRINT_FAILED (aborted, cancelled at the printer, stopped, completed
 * with errors, printer lost or @timeout_ms passed) or KIOSK_ERROR_CANCELLED (@cancellable).
 * On every FALSE the job is cancelled at the printer (best effort), so a document the resident
 * was told had failed does not come out later for the next person to take. */
gboolean kiosk_print_job_wait (KioskPrintJob *self,
                               guint timeout_ms,
                               GCancellable *cancellable,
                               GError **error);

/* The printer's job id. */
int kiosk_print_job_get_id (KioskPrintJob *self);

/* The last state seen. */
KioskPrintJobState kiosk_print_job_get_state (KioskPrintJob *self);

/* The last printer-state-reasons seen ("media-jam-error,…"; "none"), for staff and logs. */
const char *kiosk_print_job_get_printer_reasons (KioskPrintJob *self);

/* Frees the handle (does not cancel the job). */
void kiosk_print_job_free (KioskPrintJob *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskPrintJob, kiosk_print_job_free)

G_END_DECLS
