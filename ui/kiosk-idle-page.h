/* kiosk-idle-page.h: the attract screen: what the terminal does and one large start button. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_IDLE_PAGE (kiosk_idle_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskIdlePage, kiosk_idle_page, KIOSK, IDLE_PAGE, GtkWidget)

/* A new attract screen; its button activates "kiosk.start". */
GtkWidget *kiosk_idle_page_new (void);

/* Shows the start button (@present) or an out-of-service notice (the card reader is missing). */
void kiosk_idle_page_set_reader_present (KioskIdlePage *self, gboolean present);

G_END_DECLS
