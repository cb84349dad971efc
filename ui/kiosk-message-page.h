/* kiosk-message-page.h: a screen that says one thing (place the card, printing, take your card),
 * optionally busy (a spinner) and optionally with one button bound to a window action. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_MESSAGE_PAGE (kiosk_message_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskMessagePage, kiosk_message_page, KIOSK, MESSAGE_PAGE, GtkWidget)

/* A new, empty message page; set its properties (title, subtitle, busy, button-*) in a .ui. */
GtkWidget *kiosk_message_page_new (void);

G_END_DECLS
