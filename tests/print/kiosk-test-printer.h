/* kiosk-test-printer.h: the world's IPP Everywhere printer (ippeveprinter, sim/world/printer-private)
 * as the print suite sees it from inside the world (tests/lib/kiosk-test-world.h). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _KioskTestPrinter KioskTestPrinter;

/* The printer of the world this process runs in ($KIOSK_PRINTER_URI, $KIOSK_WORLD/run/printer.pid),
 * with the ippeveprinter process behind it; NULL with an error if there is none. */
KioskTestPrinter *kiosk_test_printer_new (GError **error);

/* ipp://127.0.0.1:PORT/ipp/print */
const char *kiosk_test_printer_get_uri (KioskTestPrinter *self);

/* Freezes (SIGSTOP) or thaws (SIGCONT) ippeveprinter: a wedged printer that accepts connections
 * but never answers. */
void kiosk_test_printer_set_frozen (KioskTestPrinter *self, gboolean frozen);

/* Thaws the printer if frozen and frees @self (the world stops the printer). */
void kiosk_test_printer_free (KioskTestPrinter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskTestPrinter, kiosk_test_printer_free)

G_END_DECLS
