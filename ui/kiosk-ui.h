/* kiosk-ui.h: what every user of the screens calls once: resources and the style sheet. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers the UI's resources and applies ui/kiosk.css to the default display (idempotent);
 * call after gtk_init() or in GApplication::startup. */
void kiosk_ui_init (void);

/* For a page's dispose: clears @widget's template of @type and unparents what is left
 * (GtkBinLayout pages own their top child directly). */
void kiosk_ui_dispose_page (GtkWidget *widget, GType type);

G_END_DECLS
