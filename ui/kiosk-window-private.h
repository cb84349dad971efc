/* kiosk-window-private.h: what tests of the screens may reach that the public header hides. */
#pragma once

#include "ui/kiosk-window.h"

G_BEGIN_DECLS

/* The screen widget for @state (KioskPinPage for PIN, …). */
GtkWidget *kiosk_window_get_page (KioskWindow *self, KioskSessionState state);

/* Shows the screen for @state without a session (screenshots of every screen); the caller
 * fills the page's data first. */
void kiosk_window_show_page (KioskWindow *self, KioskSessionState state);

G_END_DECLS
