/* kiosk-window.c: shows the screen of the session's state and turns taps into session actions.
 * The window holds no state of its own: everything shown comes from the session on each
 * "notify::state". */
#include "ui/kiosk-window-private.h"

#include "app/kiosk-error.h"
#include "ui/kiosk-choose-page.h"
#include "ui/kiosk-confirm-page.h"
#include "ui/kiosk-failed-page.h"
#include "ui/kiosk-idle-page.h"
#include "ui/kiosk-message-page.h"
#include "ui/kiosk-pin-page.h"

struct _KioskWindow {
  GtkApplicationWindow parent_instance;

  KioskSession *session;
  gulong state_handler;
  gulong reader_handler;

  GtkStack *stack;
  KioskIdlePage *idle_page;
  KioskPinPage *pin_page;
  KioskChoosePage *choose_page;
  KioskConfirmPage *confirm_page;
  KioskFailedPage *failed_page;
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PAGE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which window actions each state accepts: a second tap on a button that has done its work
 * finds its action disabled instead of asking the session for a refused transition. */
static const struct {
  const char *action;
  guint32 states;        /* bit per KioskSessionState */
  gboolean needs_reader; /* disabled too while the card reader is missing */
} action_states[] = {
  { "kiosk.start", 1u << KIOSK_SESSION_IDLE, TRUE },
  { "kiosk.cancel", (1u << KIOSK_SESSION_CARD) | (1u << KIOSK_SESSION_PIN) |
                      (1u << KIOSK_SESSION_CHOOSE) | (1u << KIOSK_SESSION_CONFIRM), FALSE },
  { "kiosk.choose", 1u << KIOSK_SESSION_CHOOSE, FALSE },
  { "kiosk.confirm", 1u << KIOSK_SESSION_CONFIRM, FALSE },
  { "kiosk.reset", (1u << KIOSK_SESSION_DONE) | (1u << KIOSK_SESSION_FAILED), FALSE },
};

/* A window showing @session. */
KioskWindow *
kiosk_window_new (GtkApplication *application, KioskSession *session)
{
  return g_object_new (KIOSK_TYPE_WINDOW, "application", application, "session", session, NULL);
}

/* The session shown. */
KioskSession *
kiosk_window_get_session (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->session;
}

/* The name of the screen shown. */
const char *
kiosk_window_get_page_name (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The screen widget for @state. */
GtkWidget *
kiosk_window_get_page (KioskWindow *self, KioskSessionState state)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, kiosk_session_state_name (state));
}

/* Enables the actions @state accepts and disables the others; nothing starts without a reader. */
static void
update_actions (KioskWindow *self, KioskSessionState state)
{
  gboolean reader = self->session == NULL || kiosk_session_get_reader_present (self->session);

  for (guint i = 0; i < G_N_ELEMENTS (action_states); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), action_states[i].action,
                                   (action_states[i].states & (1u << state)) != 0 &&
                                     (reader || !action_states[i].needs_reader));
}

/* The card reader came or went: the attract screen says whether the terminal can serve. */
static void
session_reader_cb (KioskSession *session, GParamSpec *pspec, KioskWindow *self)
{
  kiosk_idle_page_set_reader_present (self->idle_page, kiosk_session_get_reader_present (session));
  update_actions (self, kiosk_session_get_state (session));
}

/* Shows the screen for @state. */
void
kiosk_window_show_page (KioskWindow *self, KioskSessionState state)
{
  GtkWidget *page;

  g_return_if_fail (KIOSK_IS_WINDOW (self));

  page = kiosk_window_get_page (self, state);
  if (page == NULL)
    {
      g_warning ("window: no screen for state %s", kiosk_session_state_name (state));
      page = GTK_WIDGET (self->failed_page);
    }
  update_actions (self, state);
  gtk_stack_set_visible_child (self->stack, page);
  gtk_widget_grab_focus (page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_NAME]);
}

/* Fills the screen of the session's state with what the session holds, then shows it. */
static void
session_state_cb (KioskSession *session, GParamSpec *pspec, KioskWindow *self)
{
  KioskSessionState state = kiosk_session_get_state (session);
  const GError *error = kiosk_session_get_error (session);
  const KioskOffer *offer;
  guint copies = 1;

  switch (state)
    {
    case KIOSK_SESSION_IDLE:
    case KIOSK_SESSION_CARD:
      kiosk_pin_page_clear (self->pin_page);
      break;
    case KIOSK_SESSION_PIN:
      kiosk_pin_page_clear (self->pin_page);
      kiosk_pin_page_set_tries_left (self->pin_page, kiosk_session_get_pin_tries_left (session),
                                     g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG));
      break;
    case KIOSK_SESSION_CHOOSE:
      kiosk_choose_page_set_offers (self->choose_page, kiosk_session_get_offers (session));
      break;
    case KIOSK_SESSION_CONFIRM:
      offer = kiosk_session_get_choice (session, &copies);
      kiosk_confirm_page_set_choice (self->confirm_page, offer, copies);
      break;
    case KIOSK_SESSION_FAILED:
      kiosk_failed_page_set_error (self->failed_page, error);
      break;
    case KIOSK_SESSION_AUTHENTICATE:
    case KIOSK_SESSION_PRINT:
    case KIOSK_SESSION_TAKE_CARD:
    case KIOSK_SESSION_DONE:
    case KIOSK_SESSION_N_STATES:
    default:
      break;
    }
  kiosk_window_show_page (self, state);
}

/* The PIN page's "submit": hands the digits to the session; the page wipes its buffer. */
static void
pin_submit_cb (KioskPinPage *page, const char *pin, KioskWindow *self)
{
  if (self->session != NULL)
    kiosk_session_submit_pin (self->session, pin);
}

/* kiosk.start: IDLE → CARD. */
static void
start_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->session != NULL)
    kiosk_session_start (self->session);
}

/* kiosk.cancel: the resident gives up. */
static void
cancel_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->session != NULL)
    kiosk_session_cancel (self->session);
}

/* kiosk.choose (index, copies): CHOOSE → CONFIRM. */
static void
choose_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  guint index, copies;

  g_variant_get (parameter, "(uu)", &index, &copies);
  if (self->session != NULL)
    kiosk_session_choose (self->session, index, copies);
}

/* kiosk.confirm: CONFIRM → PRINT. */
static void
confirm_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->session != NULL)
    kiosk_session_confirm (self->session);
}

/* kiosk.reset: DONE or FAILED → IDLE. */
static void
reset_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->session != NULL)
    kiosk_session_reset (self->session);
}

/* Starts following @session (construct-only). */
static void
kiosk_window_set_session (KioskWindow *self, KioskSession *session)
{
  self->session = session != NULL ? g_object_ref (session) : NULL;
  if (self->session == NULL)
    return;
  self->state_handler = g_signal_connect (session, "notify::state",
                                          G_CALLBACK (session_state_cb), self);
  self->reader_handler = g_signal_connect (session, "notify::reader-present",
                                           G_CALLBACK (session_reader_cb), self);
  kiosk_session_watch_reader (session);
  session_reader_cb (session, NULL, self);
  session_state_cb (session, NULL, self);
}

/* GObject property getter. */
static void
kiosk_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PAGE_NAME:
      g_value_set_string (value, kiosk_window_get_page_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GObject property setter. */
static void
kiosk_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      kiosk_window_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Stops following the session. */
static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_clear_signal_handler (&self->state_handler, self->session);
  g_clear_signal_handler (&self->reader_handler, self->session);
  g_clear_object (&self->session);
  /* no gtk_widget_dispose_template(): GtkWindow's own dispose drops its child, the stack */
  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

/* Installs the properties, the actions and the template. */
static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_window_get_property;
  object_class->set_property = kiosk_window_set_property;
  object_class->dispose = kiosk_window_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KIOSK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_NAME] =
    g_param_spec_string ("page-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "kiosk.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "kiosk.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "kiosk.choose", "(uu)", choose_action);
  gtk_widget_class_install_action (widget_class, "kiosk.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "kiosk.reset", NULL, reset_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/jp/kiosk/Terminal/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, idle_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, pin_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, choose_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, confirm_page);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, failed_page);
  gtk_widget_class_bind_template_callback (widget_class, pin_submit_cb);
}

/* Makes sure the page types exist before the template names them, then builds it. */
static void
kiosk_window_init (KioskWindow *self)
{
  g_type_ensure (KIOSK_TYPE_IDLE_PAGE);
  g_type_ensure (KIOSK_TYPE_MESSAGE_PAGE);
  g_type_ensure (KIOSK_TYPE_PIN_PAGE);
  g_type_ensure (KIOSK_TYPE_CHOOSE_PAGE);
  g_type_ensure (KIOSK_TYPE_CONFIRM_PAGE);
  g_type_ensure (KIOSK_TYPE_FAILED_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self, KIOSK_SESSION_IDLE);
}
