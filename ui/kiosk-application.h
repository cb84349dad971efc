/* kiosk-application.h: the terminal's GtkApplication: configuration, session, one window. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (KioskApplication, kiosk_application, KIOSK, APPLICATION, GtkApplication)

/* The application; its configuration comes from --config FILE or $KIOSK_CONFIG. */
KioskApplication *kiosk_application_new (void);

/* With --once, 0 if the session printed and 1 if it failed or the window closed first;
 * 0 without --once. Read after g_application_run() returns. */
int kiosk_application_get_exit_status (KioskApplication *self);

G_END_DECLS
