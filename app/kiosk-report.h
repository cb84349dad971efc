/* kiosk-report.h: the "kiosk: ..." lines a terminal prints for the scripts that drive it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints "kiosk: " and the formatted text as one line on stdout, flushed at once so a script
 * reading the pipe sees it (tests/lib/world.sh follows "printed job N" and "take your card").
 * Callers never pass personal data. */
void kiosk_report (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
