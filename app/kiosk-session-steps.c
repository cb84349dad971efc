/* kiosk-session-steps.c: the session's blocking steps, each a worker thread (GTask) with a
 * snapshot of what it needs, and a done callback on the main context that decides the next state. */
#include "app/kiosk-session-private.h"

#include <string.h>

#include "app/kiosk-binding.h"
#include "app/kiosk-error.h"
#include "drivers/card/kiosk-card.h"
#include "printing/kiosk-print-job.h"

typedef struct {
  guint generation;
  char *pin; /* AUTHENTICATE only; wiped by the card driver, and again on free */
  /* Read-only copies of what the worker needs, so the worker never touches the session. */
  KioskCredential *credential;
  GBytes *certificate; /* the one read in CARD: the card is not asked for it twice */
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
  g_clear_pointer (&data->certificate, g_bytes_unref);
  g_free (data->session_id);
  g_free (data->center_session);
  g_free (data->card_fingerprint);
  g_free (data);
}

/* Starts @worker on a thread with a snapshot of the session; @done runs on the session's context. */
static void
kiosk_session_run_step (KioskSession *self, GTaskThreadFunc worker, GAsyncReadyCallback done, char *pin)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, done, NULL);
  StepData *data = g_new0 (StepData, 1);

  data->generation = self->generation;
  data->pin = pin;
  data->credential = self->credential;
  data->certificate = self->certificate != NULL ? g_bytes_ref (self->certificate) : NULL;
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
kiosk_session_step_is_current (KioskSession *self, GAsyncResult *result)
{
  StepData *data = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  if (self->reset_pending)
    {
      self->reset_pending = FALSE;
      kiosk_session_wipe (self);
      kiosk_session_transition (self, KIOSK_SESSION_IDLE);
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

  if (!kiosk_session_step_is_current (self, res))
    {
      g_clear_pointer (&result, card_result_free);
      return;
    }
  if (result == NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  self->credential = g_steal_pointer (&result->credential);
  self->certificate = g_steal_pointer (&result->certificate);
  self->card_fingerprint = kiosk_binding_sha256_hex (self->certificate);
  self->pin_tries_left = result->tries_left;
  card_result_free (result);

  /* The card may have left between its last answer and now; the monitor, woken by the same
   * pcscd event as the reader that found the card, has long told of its arrival. */
  if (self->monitor != NULL && !kiosk_card_monitor_get_card_present (self->monitor))
    {
      kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_CARD_REMOVED, "the card left the reader as it was read"));
      return;
    }
  if (self->pin_tries_left == 0)
    {
      kiosk_session_fail (self, g_error_new (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "the PIN is locked"));
      return;
    }
  if (kiosk_session_transition (self, KIOSK_SESSION_PIN))
    kiosk_session_wait_for_resident (self);
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

/* Worker: verifies the PIN, has the card sign the center's challenge, reads the catalogue. */
static void
authenticate_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StepData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *time = NULL;
  g_autofree char *fingerprint = NULL;
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
  time = kiosk_center_terminal_time_now ();
  challenge = kiosk_center_challenge_new (nonce, data->config->terminal_id, time);
  if ((signature = kiosk_credential_sign (data->credential, challenge, &error)) == NULL)
    goto fail;
  result->center_session = kiosk_center_client_open_session (data->center, nonce, time, data->certificate, signature,
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

  if (!kiosk_session_step_is_current (self, res))
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
          if (kiosk_session_transition (self, KIOSK_SESSION_PIN))
            kiosk_session_wait_for_resident (self);
          return;
        }
      if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG))
        {
          g_clear_error (&error);
          error = g_error_new (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "the PIN is now locked");
        }
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&self->error);
  self->pin_tries_left = -1;
  self->center_session = g_steal_pointer (&result->center_session);
  self->offers = g_steal_pointer (&result->offers);
  auth_result_free (result);
  if (kiosk_session_transition (self, KIOSK_SESSION_CHOOSE))
    kiosk_session_wait_for_resident (self);
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

  if (!kiosk_session_step_is_current (self, res))
    return;
  if (error != NULL)
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  self->print_job_id = (int) job_id;
  if (kiosk_session_transition (self, KIOSK_SESSION_TAKE_CARD))
    kiosk_session_take_card_start (self);
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

  if (!kiosk_session_step_is_current (self, res))
    return;
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      kiosk_session_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->credential, kiosk_credential_free);
  kiosk_session_transition (self, KIOSK_SESSION_DONE);
}

/* Starts waiting for the card's removal. */
void
kiosk_session_take_card_start (KioskSession *self)
{
  kiosk_session_run_step (self, take_card_worker, take_card_done, NULL);
}

/* CARD: waits for the card on a worker. */
void
kiosk_session_card_start (KioskSession *self)
{
  kiosk_session_run_step (self, card_worker, card_done, NULL);
}

/* AUTHENTICATE: verifies @pin (taken, wiped after use) and authenticates on a worker. */
void
kiosk_session_authenticate_start (KioskSession *self, char *pin)
{
  kiosk_session_run_step (self, authenticate_worker, authenticate_done, pin);
}

/* PRINT: fetches, checks and prints on a worker. */
void
kiosk_session_print_start (KioskSession *self)
{
  kiosk_session_run_step (self, print_worker, print_done, NULL);
}
