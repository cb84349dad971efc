/* sim-apdu-log.h: the emulator's log of the APDUs it received, one line each.
 *
 * A line is `COMMAND SW DATA-LENGTH`: the command in upper-case hex without spaces, the status
 * word it got (4 hex digits) and the number of response data bytes, e.g.
 *   00A4040C0AD392F000260100000001 9000 0
 * The data of VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER (a PIN) is written `**`:
 *   0020008004** 63C2 0
 * A command the card never answered (it left the reader) ends in `TEAR` instead. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskSimApduLog KioskSimApduLog;

/* Opens @path for appending. */
KioskSimApduLog *kiosk_sim_apdu_log_open (const char *path, GError **error);

/* The line (without newline) for @apdu and its @answer (NULL: torn, never answered). */
char *kiosk_sim_apdu_log_format (const guint8 *apdu, gsize apdu_len, GBytes *answer);

/* Appends the line for @apdu and @answer and flushes it; a failed write is reported once. */
void kiosk_sim_apdu_log_write (KioskSimApduLog *self, const guint8 *apdu, gsize apdu_len, GBytes *answer);

/* Closes the log; NULL is allowed. */
void kiosk_sim_apdu_log_close (KioskSimApduLog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSimApduLog, kiosk_sim_apdu_log_close)

G_END_DECLS
