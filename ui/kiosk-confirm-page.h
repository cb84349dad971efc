/* kiosk-confirm-page.h: the review before printing: certificate, copies, total fee, 「印刷する」. */
#pragma once

#include <gtk/gtk.h>

#include "app/kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CONFIRM_PAGE (kiosk_confirm_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskConfirmPage, kiosk_confirm_page, KIOSK, CONFIRM_PAGE, GtkWidget)

/* A new review page; its buttons activate "kiosk.confirm" and "kiosk.cancel". */
GtkWidget *kiosk_confirm_page_new (void);

/* Shows @offer (borrowed for the call) and @copies with the total fee. */
void kiosk_confirm_page_set_choice (KioskConfirmPage *self, const KioskOffer *offer, guint copies);

G_END_DECLS
