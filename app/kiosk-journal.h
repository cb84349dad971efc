/* kiosk-journal.h: the terminal's journal, written before every side effect (DESIGN.md rule 3). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskJournal KioskJournal;

/* Opens (creating if needed) the SQLite journal at @path in WAL mode with full fsync,
 * and checks its integrity. Errors are KIOSK_ERROR_JOURNAL. */
KioskJournal *kiosk_journal_open (const char *path, GError **error);

/* Starts a session row; returns its new id (a UUID, no personal data). */
char *kiosk_journal_begin_session (KioskJournal *self, const char *terminal_id, GError **error);

/* Records that @session_id is about to take @step; @key is the step's idempotency key (may be
 * NULL) and @detail a short non-personal note (a job id, an amount, an error code).
 * Durable when it returns: only then may the caller act. */
gboolean kiosk_journal_record (KioskJournal *self,
                               const char *session_id,
                               const char *step,
                               const char *key,
                               const char *detail,
                               GError **error);

/* Closes the session row with its final @outcome ("done", "failed:<code>"). */
gboolean kiosk_journal_end_session (KioskJournal *self, const char *session_id, const char *outcome, GError **error);

/* The steps recorded for @session_id, oldest first, as "step" strings (for tests and recovery). */
GPtrArray *kiosk_journal_list_steps (KioskJournal *self, const char *session_id, GError **error);

/* Closes the journal. */
void kiosk_journal_close (KioskJournal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskJournal, kiosk_journal_close)

G_END_DECLS
