/* kiosk-pin-page.h: the 4-digit PIN on an on-screen numeric keypad, masked, with tries left. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_PIN_LENGTH 4

#define KIOSK_TYPE_PIN_PAGE (kiosk_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (KioskPinPage, kiosk_pin_page, KIOSK, PIN_PAGE, GtkWidget)

/* A new PIN page. It emits "submit" (const char *pin) with the digits, which are wiped as soon
 * as the handlers return: a handler copies what it needs and wipes its copy. */
GtkWidget *kiosk_pin_page_new (void);

/* Wipes the digits entered so far and hides the tries-left message. */
void kiosk_pin_page_clear (KioskPinPage *self);

/* Shows how many tries are left (-1: unknown, shows nothing); @after_wrong_pin says the last
 * PIN was wrong. */
void kiosk_pin_page_set_tries_left (KioskPinPage *self, int tries_left, gboolean after_wrong_pin);

/* The tries-left property (-1 if none is shown). */
int kiosk_pin_page_get_tries_left (KioskPinPage *self);

G_END_DECLS
