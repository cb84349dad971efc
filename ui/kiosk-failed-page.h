/* kiosk-failed-page.h: what happened and what to do next, from the session's KioskError. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_FAILED_PAGE (kiosk_failed_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskFailedPage, kiosk_failed_page, KIOSK, FAILED_PAGE, GtkWidget)

/* A new failure page; its button activates "kiosk.reset". */
GtkWidget *kiosk_failed_page_new (void);

/* Shows the words for @error (see kiosk-error-text.h) and its code name for staff. */
void kiosk_failed_page_set_error (KioskFailedPage *self, const GError *error);

G_END_DECLS
