/* kiosk-pin-page.c: the keypad, the masked digits, and the only copy of them the UI keeps. */
#include "ui/kiosk-pin-page.h"

#include "ui/kiosk-ui.h"

#include <glib/gi18n.h>
#include <string.h>

struct _KioskPinPage {
  GtkWidget parent_instance;

  GtkLabel *dots_label;
  GtkLabel *tries_label;
  GtkGrid *keypad;
  GtkWidget *ok_button;

  char digits[KIOSK_PIN_LENGTH + 1]; /* wiped on submit, clear and dispose */
  guint n_digits;
  int tries_left;
};

G_DEFINE_FINAL_TYPE (KioskPinPage, kiosk_pin_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRIES_LEFT,
  PROP_N_DIGITS,
  N_PROPS
};

enum {
  SUBMIT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A new PIN page. */
GtkWidget *
kiosk_pin_page_new (void)
{
  return g_object_new (KIOSK_TYPE_PIN_PAGE, NULL);
}

/* Shows one filled circle per digit entered and an empty one per digit to come. */
static void
update_dots (KioskPinPage *self)
{
  g_autoptr (GString) dots = g_string_new (NULL);

  for (guint i = 0; i < KIOSK_PIN_LENGTH; i++)
    g_string_append (dots, i < self->n_digits ? "●" : "○");
  gtk_label_set_label (self->dots_label, dots->str);
  gtk_widget_set_sensitive (self->ok_button, self->n_digits == KIOSK_PIN_LENGTH);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DIGITS]);
}

/* Wipes the digits. */
static void
wipe_digits (KioskPinPage *self)
{
  explicit_bzero (self->digits, sizeof self->digits);
  self->n_digits = 0;
}

/* Wipes the digits entered so far and hides the tries-left message. */
void
kiosk_pin_page_clear (KioskPinPage *self)
{
  g_return_if_fail (KIOSK_IS_PIN_PAGE (self));

  wipe_digits (self);
  update_dots (self);
  kiosk_pin_page_set_tries_left (self, -1, FALSE);
}

/* Shows how many tries are left. */
void
kiosk_pin_page_set_tries_left (KioskPinPage *self, int tries_left, gboolean after_wrong_pin)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_PIN_PAGE (self));

  self->tries_left = tries_left;
  if (tries_left >= 0 && after_wrong_pin)
    text = g_strdup_printf (_("暗証番号が違います。\nあと %d 回まちがえるとロックされます。\n"
                              "Wrong PIN. %d more wrong tries lock the card."),
                            tries_left, tries_left);
  else if (tries_left >= 0 && tries_left < 3)
    text = g_strdup_printf (_("あと %d 回まちがえるとロックされます。\n"
                              "%d more wrong tries lock the card."),
                            tries_left, tries_left);
  gtk_label_set_label (self->tries_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tries_label), text != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIES_LEFT]);
}

/* The tries left shown, -1 if none. */
int
kiosk_pin_page_get_tries_left (KioskPinPage *self)
{
  g_return_val_if_fail (KIOSK_IS_PIN_PAGE (self), -1);
  return self->tries_left;
}

/* Appends @digit if there is room. */
static void
press_digit (KioskPinPage *self, char digit)
{
  if (self->n_digits >= KIOSK_PIN_LENGTH)
    return;
  self->digits[self->n_digits++] = digit;
  update_dots (self);
}

/* Removes the last digit. */
static void
press_correct (KioskPinPage *self)
{
  if (self->n_digits == 0)
    return;
  self->digits[--self->n_digits] = '\0';
  update_dots (self);
}

/* Emits "submit" with the four digits, then wipes them. */
static void
press_ok (KioskPinPage *self)
{
  if (self->n_digits != KIOSK_PIN_LENGTH)
    return;
  g_signal_emit (self, signals[SUBMIT], 0, self->digits);
  wipe_digits (self);
  update_dots (self);
}

/* A digit button was clicked; its digit is the button's "kiosk-digit" data. */
static void
digit_clicked_cb (GtkButton *button, KioskPinPage *self)
{
  press_digit (self, (char) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kiosk-digit")));
}

/* The correction button was clicked. */
static void
correct_clicked_cb (GtkButton *button, KioskPinPage *self)
{
  press_correct (self);
}

/* The OK button was clicked. */
static void
ok_clicked_cb (GtkButton *button, KioskPinPage *self)
{
  press_ok (self);
}

/* A hardware keypad works like the on-screen one. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                KioskPinPage *self)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (c >= '0' && c <= '9')
    press_digit (self, (char) c);
  else if (keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete)
    press_correct (self);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    press_ok (self);
  else
    return GDK_EVENT_PROPAGATE;
  return GDK_EVENT_STOP;
}

/* A keypad button showing @label (and @subtitle below it, if any). */
static GtkWidget *
new_key (const char *label, const char *subtitle)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *main_label = gtk_label_new (label);

  gtk_widget_add_css_class (button, "kiosk-key");
  gtk_widget_add_css_class (main_label, subtitle != NULL ? "kiosk-key-word" : "kiosk-key-digit");
  gtk_box_append (GTK_BOX (box), main_label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_widget_add_css_class (sub, "kiosk-button-subtitle");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);
  return button;
}

/* Fills the keypad: 1–9 in rows of three, then correct, 0, OK (the layout of a phone). */
static void
build_keypad (KioskPinPage *self)
{
  GtkWidget *key;

  for (int digit = 0; digit <= 9; digit++)
    {
      char label[2] = { (char) ('0' + digit), '\0' };
      int column = digit == 0 ? 1 : (digit - 1) % 3;
      int row = digit == 0 ? 3 : (digit - 1) / 3;

      key = new_key (label, NULL);
      g_object_set_data (G_OBJECT (key), "kiosk-digit", GINT_TO_POINTER ('0' + digit));
      g_signal_connect (key, "clicked", G_CALLBACK (digit_clicked_cb), self);
      gtk_grid_attach (self->keypad, key, column, row, 1, 1);
    }

  key = new_key (_("訂正"), _("Delete"));
  g_signal_connect (key, "clicked", G_CALLBACK (correct_clicked_cb), self);
  gtk_grid_attach (self->keypad, key, 0, 3, 1, 1);

  self->ok_button = new_key (_("確定"), _("OK"));
  gtk_widget_add_css_class (self->ok_button, "kiosk-primary");
  g_signal_connect (self->ok_button, "clicked", G_CALLBACK (ok_clicked_cb), self);
  gtk_grid_attach (self->keypad, self->ok_button, 2, 3, 1, 1);
}

/* GObject property getter. */
static void
kiosk_pin_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_TRIES_LEFT:
      g_value_set_int (value, self->tries_left);
      break;
    case PROP_N_DIGITS:
      g_value_set_uint (value, self->n_digits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Wipes the digits and drops the template's children. */
static void
kiosk_pin_page_dispose (GObject *object)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (object);

  wipe_digits (self);
  kiosk_ui_dispose_page (GTK_WIDGET (object), KIOSK_TYPE_PIN_PAGE);
  G_OBJECT_CLASS (kiosk_pin_page_parent_class)->dispose (object);
}

/* Installs the properties, the signal and the template. */
static void
kiosk_pin_page_class_init (KioskPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_pin_page_get_property;
  object_class->dispose = kiosk_pin_page_dispose;

  properties[PROP_TRIES_LEFT] =
    g_param_spec_int ("tries-left", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* how many digits are entered, never which: for tests and accessibility */
  properties[PROP_N_DIGITS] =
    g_param_spec_uint ("n-digits", NULL, NULL, 0, KIOSK_PIN_LENGTH, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* STATIC_SCOPE: the digits are passed by pointer, never copied into a GValue */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1,
                                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kiosk/Terminal/kiosk-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, dots_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, tries_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, keypad);
}

/* Builds the template and the keypad. */
static void
kiosk_pin_page_init (KioskPinPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->tries_left = -1;
  build_keypad (self);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_dots (self);
}
