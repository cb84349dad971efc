/* kiosk-choose-page.h: the catalogue: one large button per certificate, with its fee, and the
 * number of copies. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_CHOOSE_PAGE (kiosk_choose_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskChoosePage, kiosk_choose_page, KIOSK, CHOOSE_PAGE, GtkWidget)

#define KIOSK_MAX_COPIES 5

/* A new, empty catalogue; a chosen offer activates "kiosk.choose" with (index, copies). */
GtkWidget *kiosk_choose_page_new (void);

/* Shows @offers (KioskOffer*, borrowed for the call: the labels copy what they show) and
 * resets the copies to one. */
void kiosk_choose_page_set_offers (KioskChoosePage *self, GPtrArray *offers);

/* The number of copies chosen (1 … KIOSK_MAX_COPIES). */
guint kiosk_choose_page_get_copies (KioskChoosePage *self);

G_END_DECLS
