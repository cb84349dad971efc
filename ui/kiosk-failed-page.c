/* kiosk-failed-page.c: fills the failure screen from the error table. */
#include "ui/kiosk-failed-page.h"

#include "ui/kiosk-ui.h"

#include <glib/gi18n.h>

#include "app/kiosk-error.h"
#include "ui/kiosk-error-text.h"

struct _KioskFailedPage {
  GtkWidget parent_instance;

  GtkLabel *what_label;
  GtkLabel *what_en_label;
  GtkLabel *next_label;
  GtkLabel *next_en_label;
  GtkLabel *code_label;
};

G_DEFINE_FINAL_TYPE (KioskFailedPage, kiosk_failed_page, GTK_TYPE_WIDGET)

/* A new failure page. */
GtkWidget *
kiosk_failed_page_new (void)
{
  return g_object_new (KIOSK_TYPE_FAILED_PAGE, NULL);
}

/* Shows the words for @error; the message itself (for logs) is never shown to the resident. */
void
kiosk_failed_page_set_error (KioskFailedPage *self, const GError *error)
{
  const KioskErrorText *text = kiosk_error_text_lookup (error);
  g_autofree char *code = NULL;

  g_return_if_fail (KIOSK_IS_FAILED_PAGE (self));

  gtk_label_set_label (self->what_label, _(text->what));
  gtk_label_set_label (self->what_en_label, _(text->what_en));
  gtk_label_set_label (self->next_label, _(text->next));
  gtk_label_set_label (self->next_en_label, _(text->next_en));
  /* for staff: a stable name, no personal data */
  code = g_strdup_printf (_("エラーコード Error code: %s"),
                          error != NULL && error->domain == KIOSK_ERROR
                            ? kiosk_error_code_name ((KioskError) error->code)
                            : "failed");
  gtk_label_set_label (self->code_label, code);
}

/* Drops the template's children. */
static void
kiosk_failed_page_dispose (GObject *object)
{
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_FAILED_PAGE);
  G_OBJECT_CLASS (kiosk_failed_page_parent_class)->dispose (object);
}

/* Installs the template. */
static void
kiosk_failed_page_class_init (KioskFailedPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_failed_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kiosk/Terminal/kiosk-failed-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, what_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, what_en_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, next_en_label);
  gtk_widget_class_bind_template_child (widget_class, KioskFailedPage, code_label);
}

/* Builds the template and shows the words of an internal fault until an error is set. */
static void
kiosk_failed_page_init (KioskFailedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kiosk_failed_page_set_error (self, NULL);
}
