/* kiosk-ui.c: registers the compiled resources and the one style sheet of the terminal. */
#include "ui/kiosk-ui.h"

#include "ui/kiosk-resources.h"

/* Registers resources and CSS once per process. */
void
kiosk_ui_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

      kiosk_register_resource ();
      gtk_css_provider_load_from_resource (css, "/jp/kiosk/Terminal/kiosk.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&initialized, 1);
    }
}

/* Clears the template of @type and unparents the children left. */
void
kiosk_ui_dispose_page (GtkWidget *widget, GType type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
