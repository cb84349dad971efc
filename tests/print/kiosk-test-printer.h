/* kiosk-test-printer.h: a real IPP Everywhere printer (ippeveprinter) for tests, alone in a
 * private network namespace, keeping every document it receives in its spool directory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KioskTestPrinter KioskTestPrinter;

/* Moves the calling process (call before any thread starts) into a new network namespace with
 * only a loopback interface, so the printer is reachable from nothing else. Needs root. */
gboolean kiosk_test_printer_enter_private_network (GError **error);

/* Starts ippeveprinter on 127.0.0.1:@port with its spool in @dir and waits until it answers
 * Get-Printer-Attributes (or fails after a deadline, naming its log). */
KioskTestPrinter *kiosk_test_printer_start (const char *dir, guint port, GError **error);

/* ipp://127.0.0.1:PORT/ipp/print */
const char *kiosk_test_printer_get_uri (KioskTestPrinter *self);

/* The document the printer kept for job @job_id, or NULL if it has none. */
GBytes *kiosk_test_printer_get_document (KioskTestPrinter *self, int job_id);

/* Freezes (SIGSTOP) or thaws (SIGCONT) the printer: a wedged printer that accepts connections
 * but never answers. */
void kiosk_test_printer_set_frozen (KioskTestPrinter *self, gboolean frozen);

/* Stops the printer and its bus, and frees @self. */
void kiosk_test_printer_stop (KioskTestPrinter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskTestPrinter, kiosk_test_printer_stop)

G_END_DECLS
