/* kiosk-window.h: the terminal's one window: a stack of screens following a KioskSession. */
#pragma once

#include <gtk/gtk.h>

#include "app/kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

/* A window showing the screen of @session's state and calling its actions. */
KioskWindow *kiosk_window_new (GtkApplication *application, KioskSession *session);

/* The session shown. */
KioskSession *kiosk_window_get_session (KioskWindow *self);

/* The name of the screen shown: kiosk_session_state_name() of the state it shows. */
const char *kiosk_window_get_page_name (KioskWindow *self);

G_END_DECLS
