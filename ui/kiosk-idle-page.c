/* kiosk-idle-page.c: the attract screen; everything it shows is in kiosk-idle-page.ui. */
#include "ui/kiosk-idle-page.h"

#include "ui/kiosk-ui.h"

struct _KioskIdlePage {
  GtkWidget parent_instance;

  GtkWidget *start_button;
  GtkWidget *out_of_service;
};

G_DEFINE_FINAL_TYPE (KioskIdlePage, kiosk_idle_page, GTK_TYPE_WIDGET)

/* A new attract screen. */
GtkWidget *
kiosk_idle_page_new (void)
{
  return g_object_new (KIOSK_TYPE_IDLE_PAGE, NULL);
}

/* Offers the start button while the card reader is there, and says the terminal is out of
 * service while it is not, so nobody is invited to a journey that cannot begin. */
void
kiosk_idle_page_set_reader_present (KioskIdlePage *self, gboolean present)
{
  g_return_if_fail (KIOSK_IS_IDLE_PAGE (self));
  gtk_widget_set_visible (self->start_button, present);
  gtk_widget_set_visible (self->out_of_service, !present);
}

/* Drops the template's children. */
static void
kiosk_idle_page_dispose (GObject *object)
{
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_IDLE_PAGE);
  G_OBJECT_CLASS (kiosk_idle_page_parent_class)->dispose (object);
}

/* Installs the template. */
static void
kiosk_idle_page_class_init (KioskIdlePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_idle_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kiosk/Terminal/kiosk-idle-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskIdlePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, KioskIdlePage, out_of_service);
}

/* Builds the template. */
static void
kiosk_idle_page_init (KioskIdlePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
