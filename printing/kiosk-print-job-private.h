/* kiosk-print-job-private.h: what the files of the print job share and its public header hides. */
#pragma once

#include <cups/cups.h>

#include "printing/kiosk-print-job.h"

G_BEGIN_DECLS

/* One submitted job; no field holds personal data (the job name is chosen by the caller). */
struct _KioskPrintJob {
  char *printer_uri;            /* ipp://host:port/resource, as given */
  char resource[256];           /* the HTTP resource part of printer_uri */
  http_t *http;                 /* one connection, reused for every request of this job */
  int id;                       /* job-id assigned by the printer */
  KioskPrintJobState state;     /* last state seen */
  char *job_reasons;            /* last job-state-reasons, comma separated */
  char *printer_reasons;        /* last printer-state-reasons, comma separated */
  gint64 io_deadline;           /* monotonic µs after which blocking I/O gives up */
  GCancellable *io_cancellable; /* cancels blocking I/O; borrowed for one call */
};

/* kiosk-print-job-ipp.c: the IPP requests. */

/* Opens the connection to the printer of @self->printer_uri. */
gboolean kiosk_print_job_ipp_connect (KioskPrintJob *self, GError **error);

/* Sends Print-Job with @pdf and stores the printer's job-id in @self->id. */
gboolean kiosk_print_job_ipp_print (KioskPrintJob *self,
                                    GBytes *pdf,
                                    const char *job_name,
                                    GError **error);

/* Whether the last request failed only because the printer is busy with another job
 * (server-error-busy: ippeveprinter and many printers take one job at a time). */
gboolean kiosk_print_job_ipp_printer_was_busy (void);

/* Sends Get-Job-Attributes and updates @self->state, job_reasons and printer_reasons. */
gboolean kiosk_print_job_ipp_poll (KioskPrintJob *self, GError **error);

/* Sends Cancel-Job, best effort: a job that is already over stays as it is. */
void kiosk_print_job_ipp_cancel (KioskPrintJob *self);

G_END_DECLS
