/* kiosk-confirm-page.c: fills the review with the chosen offer and its total fee. */
#include "ui/kiosk-confirm-page.h"

#include "ui/kiosk-ui.h"

#include <glib/gi18n.h>

struct _KioskConfirmPage {
  GtkWidget parent_instance;

  GtkLabel *name_label;
  GtkLabel *copies_label;
  GtkLabel *fee_label;
};

G_DEFINE_FINAL_TYPE (KioskConfirmPage, kiosk_confirm_page, GTK_TYPE_WIDGET)

/* A new review page. */
GtkWidget *
kiosk_confirm_page_new (void)
{
  return g_object_new (KIOSK_TYPE_CONFIRM_PAGE, NULL);
}

/* Shows @offer and @copies with the total fee. */
void
kiosk_confirm_page_set_choice (KioskConfirmPage *self, const KioskOffer *offer, guint copies)
{
  g_autofree char *copies_text = NULL;
  g_autofree char *fee_text = NULL;

  g_return_if_fail (KIOSK_IS_CONFIRM_PAGE (self));

  if (offer == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->copies_label, "");
      gtk_label_set_label (self->fee_label, "");
      return;
    }
  copies_text = g_strdup_printf (_("%u 通"), copies);
  fee_text = g_strdup_printf (_("%u 円"), offer->fee * copies);
  gtk_label_set_label (self->name_label, offer->name);
  gtk_label_set_label (self->copies_label, copies_text);
  gtk_label_set_label (self->fee_label, fee_text);
}

/* Drops the template's children. */
static void
kiosk_confirm_page_dispose (GObject *object)
{
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_CONFIRM_PAGE);
  G_OBJECT_CLASS (kiosk_confirm_page_parent_class)->dispose (object);
}

/* Installs the template. */
static void
kiosk_confirm_page_class_init (KioskConfirmPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_confirm_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kiosk/Terminal/kiosk-confirm-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, copies_label);
  gtk_widget_class_bind_template_child (widget_class, KioskConfirmPage, fee_label);
}

/* Builds the template. */
static void
kiosk_confirm_page_init (KioskConfirmPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
