/* kiosk-headless.c: drives one session without a screen, the way tests, benchmarks and the demo do.
 *
 * It plays the resident: answers the PIN, picks the certificate type, confirms, and reports each
 * state on stdout as "kiosk: state NAME" so a script can follow (and remove the card at
 * take-card). Exit status: 0 printed, 1 failed (the reason on stdout), 2 bad usage.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "app/kiosk-config.h"
#include "app/kiosk-error.h"
#include "app/kiosk-report.h"
#include "app/kiosk-session.h"

typedef struct {
  KioskSession *session;
  GMainLoop *loop;
  char *pin;
  const char *type;
  guint copies;
  gboolean pin_sent;
  const char *walk_away_at; /* a state name: there the resident stops answering */
  const char *cancel_at;    /* a state name: there the resident presses cancel */
  int status;
  gint64 entered_us; /* when the current state began, for the per-stage timings */
} Headless;

/* Picks the offer of the wanted type; -1 if the catalogue has none. */
static int
find_offer (GPtrArray *offers, const char *type)
{
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    {
      const KioskOffer *offer = g_ptr_array_index (offers, i);
      if (g_str_equal (offer->type, type))
        return (int) i;
    }
  return -1;
}

/* Acts on the state the session just entered (from an idle callback, never inside notify). */
static gboolean
act (gpointer user_data)
{
  Headless *self = user_data;
  const GError *error = kiosk_session_get_error (self->session);
  GPtrArray *offers;
  const KioskOffer *choice;
  guint copies = 0;
  int index;

  const char *state = kiosk_session_state_name (kiosk_session_get_state (self->session));

  if (g_strcmp0 (state, self->walk_away_at) == 0)
    {
      kiosk_report ("the resident walks away at %s", state);
      return G_SOURCE_REMOVE;
    }
  if (g_strcmp0 (state, self->cancel_at) == 0)
    {
      kiosk_report ("the resident cancels at %s", state);
      kiosk_session_cancel (self->session);
      return G_SOURCE_REMOVE;
    }

  switch (kiosk_session_get_state (self->session))
    {
    case KIOSK_SESSION_PIN:
      if (self->pin_sent)
        {
          /* The one PIN we were given was wrong: a person would stop here too. */
          kiosk_report ("wrong PIN, %d tries left", kiosk_session_get_pin_tries_left (self->session));
          kiosk_session_cancel (self->session);
          break;
        }
      kiosk_report ("PIN tries left %d", kiosk_session_get_pin_tries_left (self->session));
      self->pin_sent = TRUE;
      kiosk_session_submit_pin (self->session, self->pin);
      break;
    case KIOSK_SESSION_CHOOSE:
      offers = kiosk_session_get_offers (self->session);
      for (guint i = 0; i < offers->len; i++)
        {
          const KioskOffer *offer = g_ptr_array_index (offers, i);
          kiosk_report ("offer %s %s ¥%u (%s)", offer->type, offer->name, offer->fee, offer->municipality_code);
        }
      index = find_offer (offers, self->type);
      if (index < 0)
        {
          kiosk_report ("no offer of type %s", self->type);
          kiosk_session_cancel (self->session);
          break;
        }
      kiosk_session_choose (self->session, (guint) index, self->copies);
      break;
    case KIOSK_SESSION_CONFIRM:
      choice = kiosk_session_get_choice (self->session, &copies);
      kiosk_report ("confirm %s × %u = ¥%u", choice->type, copies, choice->fee * copies);
      kiosk_session_confirm (self->session);
      break;
    case KIOSK_SESSION_TAKE_CARD:
      kiosk_report ("printed job %d", kiosk_session_get_print_job_id (self->session));
      kiosk_report ("take your card");
      break;
    case KIOSK_SESSION_DONE:
      self->status = 0;
      g_main_loop_quit (self->loop);
      break;
    case KIOSK_SESSION_FAILED:
      kiosk_report ("failed %s: %s", kiosk_error_code_name ((KioskError) error->code), error->message);
      self->status = 1;
      g_main_loop_quit (self->loop);
      break;
    case KIOSK_SESSION_IDLE:
    case KIOSK_SESSION_CARD:
    case KIOSK_SESSION_AUTHENTICATE:
    case KIOSK_SESSION_PRINT:
    case KIOSK_SESSION_N_STATES:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Reports each state with the time the previous one took, then acts on it. */
static void
on_state (KioskSession *session, GParamSpec *pspec, Headless *self)
{
  gint64 now = g_get_monotonic_time ();

  kiosk_report ("state %s (%.1f ms)", kiosk_session_state_name (kiosk_session_get_state (session)),
       (now - self->entered_us) / 1000.0);
  self->entered_us = now;
  g_idle_add (act, self);
}

/* Reads a PIN from the first line of stdin. */
static char *
read_pin_from_stdin (void)
{
  char line[64] = "";

  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

int
main (int argc, char **argv)
{
  g_autofree char *config_path = NULL;
  g_autofree char *type = NULL;
  g_autofree char *pin = NULL;
  gboolean pin_stdin = FALSE;
  int copies = 1;
  g_autofree char *walk_away_at = NULL;
  g_autofree char *cancel_at = NULL;
  g_autoptr (GOptionContext) options = g_option_context_new ("— issue one certificate without a screen");
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Terminal configuration (default: $KIOSK_CONFIG)", "FILE" },
    { "pin", 'p', 0, G_OPTION_ARG_STRING, &pin, "The card's 4-digit PIN (test cards only)", "PIN" },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &pin_stdin, "Read the PIN from the first line of stdin", NULL },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, "Certificate type (default: juminhyo)", "TYPE" },
    { "copies", 'n', 0, G_OPTION_ARG_INT, &copies, "Copies (default: 1)", "N" },
    { "walk-away-at", 0, 0, G_OPTION_ARG_STRING, &walk_away_at, "Stop answering in this state (pin, choose, confirm)", "STATE" },
    { "cancel-at", 0, 0, G_OPTION_ARG_STRING, &cancel_at, "Press cancel in this state", "STATE" },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (KioskSession) session = NULL;
  Headless self = { 0 };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("kiosk-headless: %s\n", error->message);
      return 2;
    }
  if (config_path == NULL)
    config_path = g_strdup (g_getenv ("KIOSK_CONFIG"));
  if (pin_stdin)
    pin = read_pin_from_stdin ();
  if (config_path == NULL || pin == NULL || copies < 1 || copies > 10)
    {
      g_printerr ("kiosk-headless: needs --config (or $KIOSK_CONFIG), --pin or --pin-stdin, and 1–10 copies\n");
      return 2;
    }
  if ((config = kiosk_config_load (config_path, &error)) == NULL)
    {
      g_printerr ("kiosk-headless: %s\n", error->message);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  session = kiosk_session_new (config);
  self.session = session;
  self.loop = loop;
  self.pin = pin;
  self.type = type != NULL ? type : "juminhyo";
  self.copies = (guint) copies;
  self.walk_away_at = walk_away_at;
  self.cancel_at = cancel_at;
  self.status = 1;
  self.entered_us = g_get_monotonic_time ();
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state), &self);

  kiosk_report ("place your card");
  kiosk_session_start (session);
  g_main_loop_run (loop);

  explicit_bzero (pin, strlen (pin));
  g_signal_handlers_disconnect_by_data (session, &self);
  return self.status;
}
