/* kiosk-session.c: the session state machine; blocking steps run on worker threads (GTask). */
#include "app/kiosk-session.h"

#include <string.h>

#include "app/kiosk-binding.h"
#include "app/kiosk-center-client.h"
#include "app/kiosk-error.h"
#include "app/kiosk-journal.h"
#include "drivers/card/kiosk-card.h"
#include "printing/kiosk-print-job.h"

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

struct _KioskSession {
  GObject parent_instance;

  KioskConfig *config; /* borrowed: outlives the session */
  KioskJournal *journal;
  KioskCardReader *reader;
  KioskCenterClient *center;

  KioskSessionState state;
  GError *error;
  guint generation; /* bumped on reset and cancel: late worker results are dropped */
  gboolean busy;    /* a worker runs and borrows the credential and reader */
  gboolean reset_pending; /* reset asked while busy: done when the worker returns */
  GCancellable *cancellable;
  guint idle_source;

  /* What one resident's session holds; all of it is wiped by reset. */
  char *id;
  KioskCredential *credential;
  GBytes *certificate;
  char *card_fingerprint;
  int pin_tries_left;
  char *center_session;
  GPtrArray *offers;
  guint choice;
  guint copies;
  int print_job_id;
};

G_DEFINE_FINAL_TYPE (KioskSession, kiosk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void session_fail (KioskSession *self, GError *error);
static void session_wipe (KioskSession *self);
static void take_card_start (KioskSession *self);

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
static gboolean
session_transition (KioskSession *self, KioskSessionState to)
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
          session_fail (self, g_steal_pointer (&error));
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
static void
session_fail (KioskSession *self, GError *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (self->state == KIOSK_SESSION_FAILED)
    return;
  g_cancellable_cancel (self->cancellable);
  self->generation++;
  session_transition (self, KIOSK_SESSION_FAILED);
}

/* The resident did not answer in time. */
static gboolean
idle_timeout_cb (gpointer user_data)
{
  KioskSession *self = user_data;

  self->idle_source = 0;
  session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_TIMEOUT, "no answer from the resident in time"));
  return G_SOURCE_REMOVE;
}

/* Starts the inactivity timer of a state that waits for the resident. */
static void
session_wait_for_resident (KioskSession *self)
{
  g_clear_handle_id (&self->idle_source, g_source_remove);
  self->idle_source = g_timeout_add (self->config->idle_timeout_ms, idle_timeout_cb, self);
}

/* ---- worker plumbing ---------------------------------------------------------------------- */

typedef struct {
  guint generation;
  char *pin; /* AUTHENTICATE only; wiped by the card driver, and again on free */
  /* Read-only copies of what the worker needs, so the worker never touches the session. */
  KioskCredential *credential;
  KioskCardReader *reader;
  KioskCenterClient *center;
  KioskJournal *journal;
  const KioskConfig *config;
  char *session_id;
  char *center_session;
  char *card_fingerprint;
  KioskOffer *offer; /* borrowed from the session's offers, which live until reset */
  guint copies;
} StepData;

/* Frees a step's data, wiping the PIN. */
static void
step_data_free (StepData *data)
{
  if (data->pin != NULL)
    {
      explicit_bzero (data->pin, strlen (data->pin));
      g_free (data->pin);
    }
  g_free (data->session_id);
  g_free (data->center_session);
  g_free (data->card_fingerprint);
  g_free (data);
}

/* Starts @worker on a thread with a snapshot of the session; @done runs on the session's context. */
static void
session_run (KioskSession *self, GTaskThreadFunc worker, GAsyncReadyCallback done, char *pin)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, done, NULL);
  StepData *data = g_new0 (StepData, 1);

  data->generation = self->generation;
  data->pin = pin;
  data->credential = self->credential;
  data->reader = self->reader;
  data->center = self->center;
  data->journal = self->journal;
  data->config = self->config;
  data->session_id = g_strdup (self->id);
  data->center_session = g_strdup (self->center_session);
  data->card_fingerprint = g_strdup (self->card_fingerprint);
  data->copies = self->copies;
  if (self->offers != NULL && self->choice < self->offers->len)
    data->offer = g_ptr_array_index (self->offers, self->choice);
  g_task_set_task_data (task, data, (GDestroyNotify) step_data_free);
  self->busy = TRUE;
  g_task_run_in_thread (task, worker);
}

/* Called first by every done callback: TRUE if the result still belongs to the current
 * session and state, FALSE if it is stale (cancelled, failed or reset meanwhile). */
static gboolean
session_task_is_current (KioskSession *self, GAsyncResult *result)
{
  StepData *data = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  if (self->reset_pending)
    {
      self->reset_pending = FALSE;
      session_wipe (self);
      session_transition (self, KIOSK_SESSION_IDLE);
      return FALSE;
    }
  return data->generation == self->generation;
}

/* ---- CARD: wait for the card, read its certificate and PIN counter ------------------------- */

typedef struct {
  KioskCredential *credential;
  GBytes *certificate;
  int tries_left;
} CardResult;

/* Frees a card result (an unclaimed credential is released). */
static void
card_result_free (CardResult *result)
{
  g_clear_pointer (&result->credential, kiosk_credential_free);
  g_clear_pointer (&result->certificate, g_bytes_unref);
  g_free (result);
}

/* Worker: waits for a card and reads what the session needs before the PIN. */
static void
card_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StepData *data = task_data;
  g_autoptr (GError) error = NULL;
  CardResult *result = g_new0 (CardResult, 1);

  result->credential = kiosk_card_reader_wait_card (data->reader, data->config->card_timeout_ms, cancellable, &error);
  if (result->credential != NULL)
    result->certificate = kiosk_credential_read_certificate (result->credential, &error);
  if (result->certificate != NULL)
    result->tries_left = kiosk_credential_pin_tries_left (result->credential, &error);
  if (error != NULL)
    {
      card_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) card_result_free);
}

/* Main context: the card is read, or it failed. */
static void
card_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  KioskSession *self = KIOSK_SESSION (source);
  g_autoptr (GError) error = NULL;
  CardResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (!session_task_is_current (self, res))
    {
      g_clear_pointer (&result, card_result_free);
      return;
    }
  if (result == NULL)
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  self->credential = g_steal_pointer (&result->credential);
  self->certificate = g_steal_pointer (&result->certificate);
  self->card_fingerprint = kiosk_binding_sha256_hex (self->certificate);
  self->pin_tries_left = result->tries_left;
  card_result_free (result);

  if (self->pin_tries_left == 0)
    {
      session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "the PIN is locked"));
      return;
    }
  if (session_transition (self, KIOSK_SESSION_PIN))
    session_wait_for_resident (self);
}

/* ---- AUTHENTICATE: PIN, card signature over the center's challenge, catalogue -------------- */

typedef struct {
  char *center_session;
  GPtrArray *offers;
  int tries_left;
} AuthResult;

/* Frees an authentication result. */
static void
auth_result_free (AuthResult *result)
{
  g_free (result->center_session);
  g_clear_pointer (&result->offers, g_ptr_array_unref);
  g_free (result);
}

/* The current UTC time as RFC 3339 seconds. */
static char *
now_rfc3339 (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Worker: verifies the PIN, has the card sign the center's challenge, reads the catalogue. */
static void
authenticate_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StepData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *time = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr (GBytes) certificate = NULL;
  g_autoptr (GBytes) challenge = NULL;
  g_autoptr (GBytes) signature = NULL;
  AuthResult *result = g_new0 (AuthResult, 1);

  result->tries_left = -1;
  if (!kiosk_credential_verify_pin (data->credential, data->pin, &result->tries_left, &error))
    goto fail;
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto fail;
  if ((nonce = kiosk_center_client_request_nonce (data->center, &error)) == NULL)
    goto fail;
  time = now_rfc3339 ();
  challenge = kiosk_center_challenge_new (nonce, data->config->terminal_id, time);
  if ((signature = kiosk_credential_sign (data->credential, challenge, &error)) == NULL ||
      (certificate = kiosk_credential_read_certificate (data->credential, &error)) == NULL)
    goto fail;
  result->center_session = kiosk_center_client_open_session (data->center, nonce, time, certificate, signature,
                                                             &fingerprint, &error);
  if (result->center_session == NULL)
    goto fail;
  if (g_strcmp0 (fingerprint, data->card_fingerprint) != 0)
    {
      g_set_error (&error, KIOSK_ERROR, KIOSK_ERROR_AUTH_REJECTED, "the center bound the session to another card");
      goto fail;
    }
  if ((result->offers = kiosk_center_client_get_catalogue (data->center, result->center_session, &error)) == NULL)
    goto fail;
  if (result->offers->len == 0)
    {
      g_set_error (&error, KIOSK_ERROR, KIOSK_ERROR_REFUSED, "no certificate is offered to this resident here");
      goto fail;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) auth_result_free);
  return;

fail:
  /* The tries left travel beside the error, which cannot hold a count; set before returning. */
  g_object_set_data (G_OBJECT (task), "tries-left", GINT_TO_POINTER (result->tries_left + 1));
  auth_result_free (result);
  g_task_return_error (task, g_steal_pointer (&error));
}

/* Main context: authenticated, or back to the PIN, or failed. */
static void
authenticate_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  KioskSession *self = KIOSK_SESSION (source);
  g_autoptr (GError) error = NULL;
  AuthResult *result = g_task_propagate_pointer (G_TASK (res), &error);
  int tries_plus_one = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (res), "tries-left"));

  if (!session_task_is_current (self, res))
    {
      g_clear_pointer (&result, auth_result_free);
      return;
    }
  if (result == NULL)
    {
      if (tries_plus_one > 0)
        self->pin_tries_left = tries_plus_one - 1;
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG) && self->pin_tries_left > 0)
        {
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          if (session_transition (self, KIOSK_SESSION_PIN))
            session_wait_for_resident (self);
          return;
        }
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG))
        {
          g_clear_error (&error);
          error = g_error_new (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "the PIN is now locked");
        }
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&self->error);
  self->pin_tries_left = -1;
  self->center_session = g_steal_pointer (&result->center_session);
  self->offers = g_steal_pointer (&result->offers);
  auth_result_free (result);
  if (session_transition (self, KIOSK_SESSION_CHOOSE))
    session_wait_for_resident (self);
}

/* ---- PRINT: request, check the binding, print, report --------------------------------------- */

/* Worker: fetches the document, checks it is bound to this session, prints it, reports. */
static void
print_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StepData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *job_detail = NULL;
  g_autoptr (KioskIssued) issued = NULL;
  g_autoptr (KioskPrintJob) job = NULL;
  KioskBindingExpectation expected = { 0 };

  /* Journal before telling the center: a restart retries with the same key, never a second request. */
  if (!kiosk_journal_record (data->journal, data->session_id, "request", key, data->offer->type, &error))
    goto fail;
  issued = kiosk_center_client_request_document (data->center, data->center_session, key, data->offer,
                                                 data->copies, &error);
  if (issued == NULL)
    goto fail;

  expected.session_id = data->center_session;
  expected.terminal_id = data->config->terminal_id;
  expected.card_fingerprint = data->card_fingerprint;
  expected.request_id = issued->request_id;
  expected.municipality = data->offer->municipality_code;
  expected.type = data->offer->type;
  expected.copies = data->copies;
  if (!kiosk_binding_verify (issued, data->config->municipal_ca, &expected, &error))
    goto report_failure;

  /* Composing the print job (anti-forgery, both sides) is issue 5's; today the job is the page. */
  if (!kiosk_journal_record (data->journal, data->session_id, "compose", issued->request_id, NULL, &error))
    goto report_failure;
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !kiosk_journal_record (data->journal, data->session_id, "submit", issued->request_id, NULL, &error))
    goto report_failure;
  /* The job name is the request id: no name, no certificate type a passer-by could read. */
  job = kiosk_print_job_submit (data->config->printer_uri, issued->document, issued->request_id, &error);
  if (job == NULL)
    goto report_failure;
  job_detail = g_strdup_printf ("job %d", kiosk_print_job_get_id (job));
  if (!kiosk_journal_record (data->journal, data->session_id, "submitted", issued->request_id, job_detail, &error))
    goto report_failure;
  if (!kiosk_print_job_wait (job, data->config->print_timeout_ms, NULL, &error))
    goto report_failure;
  if (!kiosk_journal_record (data->journal, data->session_id, "printed", issued->request_id, job_detail, &error))
    goto fail;
  if (!kiosk_center_client_report_outcome (data->center, data->center_session, issued->request_id, "printed", NULL, &error))
    {
      /* Printed is printed: the unreported outcome is reconciled later (issue 8), not refunded. */
      g_warning ("session: printed, but the outcome report failed: %s", error->message);
      g_clear_error (&error);
    }
  g_task_return_int (task, kiosk_print_job_get_id (job));
  return;

report_failure:
  {
    g_autoptr (GError) report_error = NULL;
    const char *reason = kiosk_error_code_name ((KioskError) error->code);

    kiosk_journal_record (data->journal, data->session_id, "not-printed", issued->request_id, reason, NULL);
    if (!kiosk_center_client_report_outcome (data->center, data->center_session, issued->request_id, "failed",
                                             reason, &report_error))
      g_warning ("session: the failure report failed too: %s", report_error->message);
  }
fail:
  g_task_return_error (task, g_steal_pointer (&error));
}

/* Main context: printed, or failed. */
static void
print_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  KioskSession *self = KIOSK_SESSION (source);
  g_autoptr (GError) error = NULL;
  gssize job_id = g_task_propagate_int (G_TASK (res), &error);

  if (!session_task_is_current (self, res))
    return;
  if (error != NULL)
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  self->print_job_id = (int) job_id;
  if (session_transition (self, KIOSK_SESSION_TAKE_CARD))
    take_card_start (self);
}

/* ---- TAKE_CARD: wait until the card leaves the reader ------------------------------------- */

/* Worker: waits for the reader to be empty, in rounds of the card timeout. */
static void
take_card_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StepData *data = task_data;
  g_autoptr (GError) error = NULL;

  while (!kiosk_card_reader_wait_removal (data->reader, data->config->card_timeout_ms, cancellable, &error))
    {
      /* A card left behind keeps the prompt up; any other error ends the wait. */
      if (!g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_TIMEOUT))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

/* Main context: the card is out. */
static void
take_card_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  KioskSession *self = KIOSK_SESSION (source);
  g_autoptr (GError) error = NULL;

  if (!session_task_is_current (self, res))
    return;
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->credential, kiosk_credential_free);
  session_transition (self, KIOSK_SESSION_DONE);
}

/* Starts waiting for the card's removal. */
static void
take_card_start (KioskSession *self)
{
  session_run (self, take_card_worker, take_card_done, NULL);
}

/* ---- public actions ----------------------------------------------------------------------- */

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
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->center == NULL && (self->center = kiosk_center_client_new (self->config, &error)) == NULL)
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->reader == NULL && (self->reader = kiosk_card_reader_new (self->config->reader, &error)) == NULL)
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  self->id = kiosk_journal_begin_session (self->journal, self->config->terminal_id, &error);
  if (self->id == NULL)
    {
      session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (session_transition (self, KIOSK_SESSION_CARD))
    session_run (self, card_worker, card_done, NULL);
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
  if (session_transition (self, KIOSK_SESSION_AUTHENTICATE))
    session_run (self, authenticate_worker, authenticate_done, g_strndup (pin, length));
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
  if (self->state == KIOSK_SESSION_CONFIRM || session_transition (self, KIOSK_SESSION_CONFIRM))
    session_wait_for_resident (self);
}

/* CONFIRM → PRINT. */
void
kiosk_session_confirm (KioskSession *self)
{
  g_return_if_fail (KIOSK_IS_SESSION (self));
  if (self->state != KIOSK_SESSION_CONFIRM)
    return;
  if (session_transition (self, KIOSK_SESSION_PRINT))
    session_run (self, print_worker, print_done, NULL);
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
  session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_CANCELLED, "cancelled by the resident"));
}

/* Wipes what the session held about the resident. */
static void
session_wipe (KioskSession *self)
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
  session_wipe (self);
  session_transition (self, KIOSK_SESSION_IDLE);
}

/* ---- accessors ---------------------------------------------------------------------------- */

/* The current state. */
KioskSessionState
kiosk_session_get_state (KioskSession *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION (self), KIOSK_SESSION_IDLE);
  return self->state;
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_session_dispose (GObject *object)
{
  KioskSession *self = KIOSK_SESSION (object);

  session_wipe (self);
  g_clear_object (&self->cancellable);
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
