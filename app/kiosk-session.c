/* kiosk-session.c: the session state machine: the table, transitions, actions and accessors.
 * The blocking steps it starts live in kiosk-session-steps.c. */
#include "app/kiosk-session-private.h"

#include <string.h>

#include "app/kiosk-error.h"
#include "app/kiosk-journal.h"

#define BIT(state) (1u << (state))

/* The transition table: from each state, the states it may move to. Nothing else moves. */
static const guint32 allowed_transitions[KIOSK_SESSION_N_STATES] = {
  [KIOSK_SESSION_IDLE] = BIT (KIOSK_SESSION_CARD) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_CARD] = BIT (KIOSK_SESSION_PIN) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_PIN] = BIT (KIOSK_SESSION_AUTHENTICATE) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_AUTHENTICATE] = BIT (KIOSK_SESSION_CHOOSE) | BIT (KIOSK_SESSION_PIN) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_CHOOSE] = BIT (KIOSK_SESSION_CONFIRM) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_CONFIRM] = BIT (KIOSK_SESSION_PRINT) | BIT (KIOSK_SESSION_CHOOSE) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_PRINT] = BIT (KIOSK_SESSION_TAKE_CARD) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_TAKE_CARD] = BIT (KIOSK_SESSION_DONE) | BIT (KIOSK_SESSION_FAILED),
  [KIOSK_SESSION_DONE] = BIT (KIOSK_SESSION_IDLE),
  [KIOSK_SESSION_FAILED] = BIT (KIOSK_SESSION_IDLE),
};

static const char *const state_names[KIOSK_SESSION_N_STATES] = {
  [KIOSK_SESSION_IDLE] = "idle",
  [KIOSK_SESSION_CARD] = "card",
  [KIOSK_SESSION_PIN] = "pin",
  [KIOSK_SESSION_AUTHENTICATE] = "authenticate",
  [KIOSK_SESSION_CHOOSE] = "choose",
  [KIOSK_SESSION_CONFIRM] = "confirm",
  [KIOSK_SESSION_PRINT] = "print",
  [KIOSK_SESSION_TAKE_CARD] = "take-card",
  [KIOSK_SESSION_DONE] = "done",
  [KIOSK_SESSION_FAILED] = "failed",
};

G_DEFINE_FINAL_TYPE (KioskSession, kiosk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_READER_PRESENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A stable name for @state. */
const char *
kiosk_session_state_name (KioskSessionState state)
{
  if ((guint) state >= KIOSK_SESSION_N_STATES)
    return "unknown";
  return state_names[state];
}

/* TRUE if the table lets @from move to @to. */
gboolean
kiosk_session_transition_allowed (KioskSessionState from, KioskSessionState to)
{
  if ((guint) from >= KIOSK_SESSION_N_STATES || (guint) to >= KIOSK_SESSION_N_STATES)
    return FALSE;
  return (allowed_transitions[from] & BIT (to)) != 0;
}

/* Moves to @to if the table allows it, journaling the step first; FALSE if refused. */
gboolean
kiosk_session_transition (KioskSession *self, KioskSessionState to)
{
  g_autoptr (GError) error = NULL;
  const char *detail = NULL;

  if (!kiosk_session_transition_allowed (self->state, to))
    {
      g_warning ("session: refused transition %s → %s", state_names[self->state], state_names[to]);
      return FALSE;
    }
  g_clear_handle_id (&self->idle_source, g_source_remove);

  if (self->journal != NULL && self->id != NULL)
    {
      if (to == KIOSK_SESSION_FAILED && self->error != NULL)
        detail = kiosk_error_code_name ((KioskError) self->error->code);
      if (!kiosk_journal_record (self->journal, self->id, state_names[to], NULL, detail, &error) &&
          to != KIOSK_SESSION_FAILED)
        {
          kiosk_session_fail (self, g_steal_pointer (&error));
          return FALSE;
        }
      if (to == KIOSK_SESSION_DONE || to == KIOSK_SESSION_FAILED)
        {
          g_autofree char *outcome = to == KIOSK_SESSION_DONE ? g_strdup ("done") : g_strdup_printf ("failed:%s", detail ? detail : "unknown");
          kiosk_journal_end_session (self->journal, self->id, outcome, NULL);
        }
    }

  g_debug ("session: %s → %s", state_names[self->state], state_names[to]);
  self->state = to;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  return TRUE;
}

/* Takes @error as the session's error and moves to FAILED. */
void
kiosk_session_fail (KioskSession *self, GError *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (self->state == KIOSK_SESSION_FAILED)
    return;
  g_cancellable_cancel (self->cancellable);
  self->generation++;
  kiosk_session_transition (self, KIOSK_SESSION_FAILED);
}

/* The resident did not answer in time. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  KioskSession *self = user_data;

  self->idle_source = 0;
  kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_TIMEOUT, "no answer from the resident in time"));
  return G_SOURCE_REMOVE;
}

/* Starts the inactivity timer of a state that waits for the resident. */
void
kiosk_session_wait_for_resident (KioskSession *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add (self->config->idle_timeout_ms, idle_timeout_cb, self);
}

/* The card monitor saw the card or the reader come or go. The card is needed from the moment it
 * is read until the PIN has been verified and the challenge signed; a card or reader leaving
 * then ends the session at once, instead of when the next command finds it gone. Before that
 * the CARD step waits for a card itself; after it, the card has done its part and TAKE_CARD
 * finds the reader already empty. */
static void
kiosk_session_card_event (KioskCardEvent event, const char *reader, gpointer user_data)
{
  KioskSession *self = user_data;
  gboolean card_needed = self->state == KIOSK_SESSION_PIN || self->state == KIOSK_SESSION_AUTHENTICATE;

  g_debug ("session: %s in state %s", kiosk_card_event_name (event), state_names[self->state]);
  if (event == KIOSK_CARD_EVENT_READER_ADDED || event == KIOSK_CARD_EVENT_READER_REMOVED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READER_PRESENT]);
  if (event == KIOSK_CARD_EVENT_CARD_REMOVED && card_needed)
    kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_CARD_REMOVED,
                                           "the card left the reader before the PIN was checked"));
  else if (event == KIOSK_CARD_EVENT_READER_REMOVED && (card_needed || self->state == KIOSK_SESSION_CARD))
    kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_READER_MISSING, "the card reader went away"));
}

/* ---- public actions ----------------------------------------------------------------------- */

/* Starts the card monitor, once. */
void
kiosk_session_watch_reader (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->monitor == NULL)
    self->monitor = kiosk_card_monitor_new (self->config->reader, kiosk_session_card_event, self);
}

/* IDLE → CARD. */
void
kiosk_session_start (KioskSession *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state != KIOSK_SESSION_IDLE)
    return;

  if (self->journal == NULL && (self->journal = kiosk_journal_open (self->config->journal_path, &error)) == NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->center == NULL && (self->center = kiosk_center_client_new (self->config, &error)) == NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->reader == NULL && (self->reader = kiosk_card_reader_new (self->config->reader, &error)) == NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  kiosk_session_watch_reader (self);
  self->id = kiosk_journal_begin_session (self->journal, self->config->terminal_id, &error);
  if (self->id == NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (kiosk_session_transition (self, KIOSK_SESSION_CARD))
    kiosk_session_card_start (self);
}

/* PIN → AUTHENTICATE. */
void
kiosk_session_submit_pin (KioskSession *self, const char *pin)
{
  size_t length;

  g_return_if_fail (KIOSK_IS_SESSION (self));
  g_return_if_fail (pin != NULL);
  if (self->state != KIOSK_SESSION_PIN)
    return;
  length = strlen (pin);
  if (length != 4 || strspn (pin, "0123456789") != 4)
    {
      /* The keypad only makes four digits; anything else is a caller's mistake, not a try. */
      g_clear_error (&self->error);
      self->error = g_error_new (KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG, "a PIN is four digits");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      return;
    }
  if (kiosk_session_transition (self, KIOSK_SESSION_AUTHENTICATE))
    kiosk_session_authenticate_start (self, g_strndup (pin, length));
}

/* CHOOSE → CONFIRM. */
void
kiosk_session_choose (KioskSession *self, guint index, guint copies)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state != KIOSK_SESSION_CHOOSE && self->state != KIOSK_SESSION_CONFIRM)
    return;
  g_return_if_fail (self->offers != NULL && index < self->offers->len);
  g_return_if_fail (copies >= 1 && copies <= 10);
  self->choice = index;
  self->copies = copies;
  if (self->state == KIOSK_SESSION_CONFIRM || kiosk_session_transition (self, KIOSK_SESSION_CONFIRM))
    kiosk_session_wait_for_resident (self);
}

/* CONFIRM → PRINT. */
void
kiosk_session_confirm (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state != KIOSK_SESSION_CONFIRM)
    return;
  if (kiosk_session_transition (self, KIOSK_SESSION_PRINT))
    kiosk_session_print_start (self);
}

/* Any state → FAILED with KIOSK_ERROR_CANCELLED. */
void
kiosk_session_cancel (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state == KIOSK_SESSION_IDLE || self->state == KIOSK_SESSION_DONE || self->state == KIOSK_SESSION_FAILED)
    return;
  if (self->state == KIOSK_SESSION_PRINT)
    return; /* a job in the printer finishes; the outcome decides, not the button */
  kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_CANCELLED, "cancelled by the resident"));
}

/* Wipes what the session held about the resident. */
void
kiosk_session_wipe (KioskSession *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->generation++;
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->credential, kiosk_credential_free);
  g_clear_pointer (&self->certificate, g_bytes_unref);
  g_clear_pointer (&self->card_fingerprint, g_free);
  g_clear_pointer (&self->center_session, g_free);
  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_error (&self->error);
  self->pin_tries_left = -1;
  self->choice = 0;
  self->copies = 1;
  self->print_job_id = 0;
}

/* DONE or FAILED → IDLE. */
void
kiosk_session_reset (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state != KIOSK_SESSION_DONE && self->state != KIOSK_SESSION_FAILED)
    return;
  if (self->busy)
    {
      /* The worker still borrows the credential: wipe when it returns, moments from now. */
      self->reset_pending = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }
  kiosk_session_wipe (self);
  kiosk_session_transition (self, KIOSK_SESSION_IDLE);
}

/* ---- accessors ---------------------------------------------------------------------------- */

/* The current state. */
KioskSessionState
kiosk_session_get_state (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), KIOSK_SESSION_IDLE);
  return self->state;
}

/* Whether the card reader is there. */
gboolean
kiosk_session_get_reader_present (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), FALSE);
  return self->monitor != NULL && kiosk_card_monitor_get_reader_present (self->monitor);
}

/* The current or last recoverable error. */
const GError *
kiosk_session_get_error (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->error;
}

/* Tries left for the PIN. */
int
kiosk_session_get_pin_tries_left (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), -1);
  return self->pin_tries_left;
}

/* The catalogue's offers. */
GPtrArray *
kiosk_session_get_offers (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->offers;
}

/* The chosen offer. */
const KioskOffer *
kiosk_session_get_choice (KioskSession *self, guint *copies)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  if (self->offers == NULL || self->choice >= self->offers->len || self->state < KIOSK_SESSION_CONFIRM)
    return NULL;
  if (copies != NULL)
    *copies = self->copies;
  return g_ptr_array_index (self->offers, self->choice);
}

/* The printer's job id. */
int
kiosk_session_get_print_job_id (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), 0);
  return self->print_job_id;
}

/* The journal id. */
const char *
kiosk_session_get_id (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), NULL);
  return self->id;
}

/* ---- GObject ------------------------------------------------------------------------------ */

static void
kiosk_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskSession *self = KIOSK_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_READER_PRESENT:
      g_value_set_boolean (value, kiosk_session_get_reader_present (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_session_dispose (GObject *object)
{
  KioskSession *self = KIOSK_SESSION (object);

  kiosk_session_wipe (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->monitor, kiosk_card_monitor_free);
  g_clear_pointer (&self->reader, kiosk_card_reader_free);
  g_clear_pointer (&self->center, kiosk_center_client_free);
  g_clear_pointer (&self->journal, kiosk_journal_close);
  G_OBJECT_CLASS (kiosk_session_parent_class)->dispose (object);
}

static void
kiosk_session_class_init (KioskSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_session_get_property;
  object_class->dispose = kiosk_session_dispose;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, KIOSK_SESSION_IDLE, KIOSK_SESSION_N_STATES - 1,
                                             KIOSK_SESSION_IDLE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READER_PRESENT] = g_param_spec_boolean ("reader-present", NULL, NULL, FALSE,
                                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_session_init (KioskSession *self)
{
  self->state = KIOSK_SESSION_IDLE;
  self->pin_tries_left = -1;
  self->copies = 1;
}

/* A session over @config, which must outlive it. */
KioskSession *
kiosk_session_new (KioskConfig *config)
{
  KioskSession *self;

  g_return_val_if_fail (config != NULL, NULL);
  self = g_object_new (KIOSK_TYPE_SESSION, NULL);
  self->config = config;
  return self;
}
