/* kiosk-idle-page.c: the attract screen; everything it shows is in kiosk-idle-page.ui. */
#include "ui/kiosk-idle-page.h"

#include "ui/kiosk-ui.h"

struct _KioskIdlePage {
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskIdlePage, kiosk_idle_page, GTK_TYPE_WIDGET)

/* A new attract screen. */
GtkWidget *
kiosk_idle_page_new (void)
{
  return g_object_new (KIOSK_TYPE_IDLE_PAGE, NULL);
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
  G_OBJECT_CLASS (klass)->dispose = kiosk_idle_page_dispose;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/jp/kiosk/Terminal/kiosk-idle-page.ui");
}

/* Builds the template. */
static void
kiosk_idle_page_init (KioskIdlePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
