/* kiosk-error-text.h: what the resident is told for each KioskError: what happened, what next. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Untranslated (N_) strings; show them through _(). Japanese first, English as the subtitle. */
typedef struct {
  const char *what;    /* what happened, Japanese */
  const char *what_en; /* what happened, English */
  const char *next;    /* what to do next, Japanese */
  const char *next_en; /* what to do next, English */
} KioskErrorText;

/* The words for @error (any domain; unknown errors get the words of KIOSK_ERROR_FAILED). */
const KioskErrorText *kiosk_error_text_lookup (const GError *error);

G_END_DECLS
