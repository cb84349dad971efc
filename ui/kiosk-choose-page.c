/* kiosk-choose-page.c: builds one button per offer and the copies stepper. */
#include "ui/kiosk-choose-page.h"

#include "ui/kiosk-ui.h"

#include <glib/gi18n.h>

#include "app/kiosk-session.h"

struct _KioskChoosePage {
  GtkWidget parent_instance;

  GtkBox *offers_box;
  GtkLabel *copies_label;
  GtkWidget *fewer_button;
  GtkWidget *more_button;

  guint copies;
};

G_DEFINE_FINAL_TYPE (KioskChoosePage, kiosk_choose_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COPIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A new, empty catalogue. */
GtkWidget *
kiosk_choose_page_new (void)
{
  return g_object_new (KIOSK_TYPE_CHOOSE_PAGE, NULL);
}

/* Sets the copies, within 1 … KIOSK_MAX_COPIES, and the stepper's buttons. */
static void
set_copies (KioskChoosePage *self, guint copies)
{
  g_autofree char *text = NULL;

  self->copies = CLAMP (copies, 1, KIOSK_MAX_COPIES);
  text = g_strdup_printf ("%u", self->copies);
  gtk_label_set_label (self->copies_label, text);
  gtk_widget_set_sensitive (self->fewer_button, self->copies > 1);
  gtk_widget_set_sensitive (self->more_button, self->copies < KIOSK_MAX_COPIES);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIES]);
}

/* The number of copies chosen. */
guint
kiosk_choose_page_get_copies (KioskChoosePage *self)
{
  g_return_val_if_fail (KIOSK_IS_CHOOSE_PAGE (self), 1);
  return self->copies;
}

/* One copy fewer. */
static void
fewer_clicked_cb (GtkButton *button, KioskChoosePage *self)
{
  set_copies (self, self->copies - 1);
}

/* One copy more. */
static void
more_clicked_cb (GtkButton *button, KioskChoosePage *self)
{
  set_copies (self, self->copies + 1);
}

/* An offer's button was clicked: asks the window to choose it. */
static void
offer_clicked_cb (GtkButton *button, KioskChoosePage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "kiosk-offer-index"));

  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.choose", "(uu)", index, self->copies);
}

/* A large button for @offer: its name, then its fee and municipality. */
static GtkWidget *
new_offer_button (const KioskOffer *offer, guint index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (offer->name);
  g_autofree char *fee_text = g_strdup_printf (_("1通 %u円 ・ %s"), offer->fee,
                                               offer->municipality_name);
  GtkWidget *fee = gtk_label_new (fee_text);

  gtk_widget_add_css_class (button, "kiosk-button");
  gtk_widget_add_css_class (button, "kiosk-offer");
  gtk_widget_add_css_class (button, "kiosk-primary"); /* the offers are what this screen is for */
  gtk_widget_add_css_class (name, "kiosk-button-label");
  gtk_widget_add_css_class (fee, "kiosk-button-subtitle");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), fee);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);
  g_object_set_data (G_OBJECT (button), "kiosk-offer-index", GUINT_TO_POINTER (index));
  return button;
}

/* Shows @offers and resets the copies to one. */
void
kiosk_choose_page_set_offers (KioskChoosePage *self, GPtrArray *offers)
{
  GtkWidget *child;

  g_return_if_fail (KIOSK_IS_CHOOSE_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->offers_box))) != NULL)
    gtk_box_remove (self->offers_box, child);
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    {
      GtkWidget *button = new_offer_button (g_ptr_array_index (offers, i), i);

      g_signal_connect (button, "clicked", G_CALLBACK (offer_clicked_cb), self);
      gtk_box_append (self->offers_box, button);
    }
  set_copies (self, 1);
}

/* GObject property getter. */
static void
kiosk_choose_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskChoosePage *self = KIOSK_CHOOSE_PAGE (object);

  switch (prop_id)
    {
    case PROP_COPIES:
      g_value_set_uint (value, self->copies);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Drops the template's children. */
static void
kiosk_choose_page_dispose (GObject *object)
{
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_CHOOSE_PAGE);
  G_OBJECT_CLASS (kiosk_choose_page_parent_class)->dispose (object);
}

/* Installs the property and the template. */
static void
kiosk_choose_page_class_init (KioskChoosePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_choose_page_get_property;
  object_class->dispose = kiosk_choose_page_dispose;

  properties[PROP_COPIES] =
    g_param_spec_uint ("copies", NULL, NULL, 1, KIOSK_MAX_COPIES, 1,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kiosk/Terminal/kiosk-choose-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskChoosePage, offers_box);
  gtk_widget_class_bind_template_child (widget_class, KioskChoosePage, copies_label);
  gtk_widget_class_bind_template_child (widget_class, KioskChoosePage, fewer_button);
  gtk_widget_class_bind_template_child (widget_class, KioskChoosePage, more_button);
}

/* Builds the template. */
static void
kiosk_choose_page_init (KioskChoosePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->fewer_button, "clicked", G_CALLBACK (fewer_clicked_cb), self);
  g_signal_connect (self->more_button, "clicked", G_CALLBACK (more_clicked_cb), self);
  set_copies (self, 1);
}
