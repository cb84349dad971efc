/* kiosk-message-page.c: one message, a spinner while busy, at most one button. */
#include "ui/kiosk-message-page.h"

#include "ui/kiosk-ui.h"

struct _KioskMessagePage {
  GtkWidget parent_instance;

  GtkSpinner *spinner;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkButton *button;
  GtkLabel *button_label;
  GtkLabel *button_subtitle;
};

G_DEFINE_FINAL_TYPE (KioskMessagePage, kiosk_message_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_BUSY,
  PROP_BUTTON_LABEL,
  PROP_BUTTON_SUBTITLE,
  PROP_BUTTON_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A new, empty message page. */
GtkWidget *
kiosk_message_page_new (void)
{
  return g_object_new (KIOSK_TYPE_MESSAGE_PAGE, NULL);
}

/* Shows the spinner, spinning, while @busy. */
static void
kiosk_message_page_set_busy (KioskMessagePage *self, gboolean busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

/* Sets the button's text; the button shows only when it has some. */
static void
kiosk_message_page_set_button_label (KioskMessagePage *self, const char *label)
{
  gtk_label_set_label (self->button_label, label != NULL ? label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->button), label != NULL && *label != '\0');
}

/* GObject property getter. */
static void
kiosk_message_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskMessagePage *self = KIOSK_MESSAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title_label));
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, gtk_label_get_label (self->subtitle_label));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->spinner)));
      break;
    case PROP_BUTTON_LABEL:
      g_value_set_string (value, gtk_label_get_label (self->button_label));
      break;
    case PROP_BUTTON_SUBTITLE:
      g_value_set_string (value, gtk_label_get_label (self->button_subtitle));
      break;
    case PROP_BUTTON_ACTION:
      g_value_set_string (value, gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GObject property setter. */
static void
kiosk_message_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskMessagePage *self = KIOSK_MESSAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      gtk_label_set_label (self->title_label, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      gtk_label_set_label (self->subtitle_label, g_value_get_string (value));
      break;
    case PROP_BUSY:
      kiosk_message_page_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_BUTTON_LABEL:
      kiosk_message_page_set_button_label (self, g_value_get_string (value));
      break;
    case PROP_BUTTON_SUBTITLE:
      gtk_label_set_label (self->button_subtitle, g_value_get_string (value));
      break;
    case PROP_BUTTON_ACTION:
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Drops the template's children. */
static void
kiosk_message_page_dispose (GObject *object)
{
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_MESSAGE_PAGE);
  G_OBJECT_CLASS (kiosk_message_page_parent_class)->dispose (object);
}

/* Installs the properties and the template. */
static void
kiosk_message_page_class_init (KioskMessagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = kiosk_message_page_get_property;
  object_class->set_property = kiosk_message_page_set_property;
  object_class->dispose = kiosk_message_page_dispose;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_BUTTON_LABEL] = g_param_spec_string ("button-label", NULL, NULL, NULL, flags);
  properties[PROP_BUTTON_SUBTITLE] = g_param_spec_string ("button-subtitle", NULL, NULL, NULL, flags);
  properties[PROP_BUTTON_ACTION] = g_param_spec_string ("button-action", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/jp/kiosk/Terminal/kiosk-message-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, button);
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, button_label);
  gtk_widget_class_bind_template_child (widget_class, KioskMessagePage, button_subtitle);
}

/* Builds the template. */
static void
kiosk_message_page_init (KioskMessagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
