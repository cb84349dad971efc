/* kiosk-sim-fleet.c: a fleet of emulated terminals against the issuance center, each with its own
 * terminal certificate and card, speaking through the terminal's own center client and checking
 * every document with the terminal's own binding check. It drives the crossing test
 * (tests/center/crossing) and bench/run center. */
#include <locale.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>

#include "app/kiosk-binding.h"
#include "app/kiosk-center-client.h"
#include "app/kiosk-error.h"

/* How long a terminal keeps trying one call on the fleet's centers (failing over after each
 * try that got no answer) before it gives up: a center restarting, or a kept-alive connection a
 * busy center closed just as the call went out, costs a try, not the call. */
#define RETRY_BUDGET_US (120 * G_USEC_PER_SEC)

/* TRUE while a call that started at @start_us may be tried again. */
static gboolean
fleet_may_try (gint64 start_us, guint attempt)
{
  return attempt == 0 || g_get_monotonic_time () - start_us < RETRY_BUDGET_US;
}

/* One load card: the emulator's key and certificate (sim/pki/make-load-cards). */
typedef struct {
  EVP_PKEY *key;
  GBytes *certificate; /* DER */
  char *fingerprint;   /* sha256 hex of the DER */
} FleetCard;

typedef struct _Fleet Fleet;

/* One terminal of the fleet: its identity, one client per center, and its card. */
typedef struct {
  Fleet *fleet;
  guint index;
  char *terminal_id;
  KioskCenterClient **clients; /* one per center URL, in the order given */
  guint current;               /* the center it talks to now */
  FleetCard *card;
  char *session_id;
  GArray *latencies_ms; /* of the calls this mode measures (double) */
  guint64 counted;      /* sessions or issuances completed inside the measured window */
} FleetTerminal;

struct _Fleet {
  /* options */
  char **centers;
  char *ca;
  char *municipal_ca;
  char *pki;
  char *mode;
  gint terminals;
  gint bursts;
  gint timeout_every;
  gint short_timeout_ms;
  char *hook;
  gint hook_burst;
  gint duration_s;
  gint warmup_s;
  gint concurrency;
  /* state */
  guint n_centers;
  GPtrArray *cards;             /* FleetCard*, load card K at index K-1 */
  pthread_barrier_t burst;
  GPid hook_pid;
  gint hook_started;            /* atomic: the hook has been run */
  gint64 measure_from_us;       /* monotonic: the end of the warm-up */
  gint64 deadline_us;
  /* counters, under lock */
  GMutex lock;
  guint64 requests;             /* issuance calls sent, retries included */
  guint64 documents;            /* documents received, repeats included */
  guint64 issued_keys;          /* idempotency keys that got a document */
  guint64 retries;              /* calls tried again (another center, or after a timeout) */
  guint64 repeats_same;         /* repeated keys that returned the very same document */
  guint64 mismatches;           /* documents not provably this session's, or a second document */
  guint64 outcomes;             /* outcomes the center recorded */
  guint64 unfinished;           /* sessions, requests or outcomes that never got an answer */
  GHashTable *errors;           /* error name → count */
  gint64 burst_first_us;        /* monotonic: the first and last terminal to send in a burst */
  gint64 burst_last_us;
  double burst_spread_ms;       /* the widest burst's spread */
};

/* Counts one error of @error's kind: the terminal's error code, and the center's wire code when
 * the center answered ("center answered 502 municipal-unreachable"), else "no-answer". */
static void
fleet_count_error (Fleet *fleet, const GError *error)
{
  const char *name = error->domain == KIOSK_ERROR ? kiosk_error_code_name (error->code) : "other";
  const char *answered = strstr (error->message, "answered ");
  const char *wire = answered != NULL ? strrchr (error->message, ' ') + 1 : "no-answer";
  g_autofree char *key = g_strdup_printf ("%s/%s", name, wire);
  guint count;

  g_mutex_lock (&fleet->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (fleet->errors, key));
  g_hash_table_insert (fleet->errors, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
  g_mutex_unlock (&fleet->lock);
}

/* Adds @delta to the counter at @counter under the fleet's lock. */
static void
fleet_add (Fleet *fleet, guint64 *counter, guint64 delta)
{
  g_mutex_lock (&fleet->lock);
  *counter += delta;
  g_mutex_unlock (&fleet->lock);
}

/* TRUE for the errors after which the same call may go to another center: no answer, or an
 * answer that says the center could not finish (5xx). */
static gboolean
fleet_error_is_retryable (const GError *error)
{
  return g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_CENTER_UNREACHABLE);
}

/* Reads load card @number of the PKI directory. */
static FleetCard *
fleet_card_load (const char *pki, guint number, GError **error)
{
  g_autofree char *key_path = g_strdup_printf ("%s/load/card-%u.key", pki, number);
  g_autofree char *der_path = g_strdup_printf ("%s/load/card-%u.der", pki, number);
  g_autofree char *der = NULL;
  gsize der_len = 0;
  FleetCard *card;
  BIO *bio;

  if (!g_file_get_contents (der_path, &der, &der_len, error))
    return NULL;
  bio = BIO_new_file (key_path, "r");
  card = g_new0 (FleetCard, 1);
  card->key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;
  BIO_free (bio);
  if (card->key == NULL)
    {
      g_free (card);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "cannot read %s", key_path);
      return NULL;
    }
  card->certificate = g_bytes_new_take (g_steal_pointer (&der), der_len);
  card->fingerprint = kiosk_binding_sha256_hex (card->certificate);
  return card;
}

/* Frees a card. */
static void
fleet_card_free (FleetCard *card)
{
  EVP_PKEY_free (card->key);
  g_bytes_unref (card->certificate);
  g_free (card->fingerprint);
  g_free (card);
}

/* The card's signature over @challenge: SHA-256, RSA PKCS#1 v1.5, as the card's key signs. */
static GBytes *
fleet_card_sign (FleetCard *card, GBytes *challenge)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  gsize len = 0;
  guint8 *signature = NULL;
  gsize data_len = 0;
  const guint8 *data = g_bytes_get_data (challenge, &data_len);

  if (ctx != NULL && EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, card->key) == 1
      && EVP_DigestSign (ctx, NULL, &len, data, data_len) == 1)
    {
      signature = g_malloc (len);
      if (EVP_DigestSign (ctx, signature, &len, data, data_len) != 1)
        g_clear_pointer (&signature, g_free);
    }
  EVP_MD_CTX_free (ctx);
  return signature != NULL ? g_bytes_new_take (signature, len) : NULL;
}

/* Terminal @index of the fleet: load terminal K = index % terminals + 1, one client per center. */
static FleetTerminal *
fleet_terminal_new (Fleet *fleet, guint index, GError **error)
{
  guint k = index % (guint) fleet->terminals + 1;
  g_autofree char *cert = g_strdup_printf ("%s/load/terminal-%u.pem", fleet->pki, k);
  g_autofree char *key = g_strdup_printf ("%s/load/terminal-%u.key", fleet->pki, k);
  FleetTerminal *t = g_new0 (FleetTerminal, 1);

  t->fleet = fleet;
  t->index = index;
  t->terminal_id = g_strdup_printf ("L-%04u", k);
  t->card = g_ptr_array_index (fleet->cards, index % fleet->cards->len);
  t->latencies_ms = g_array_new (FALSE, FALSE, sizeof (double));
  t->clients = g_new0 (KioskCenterClient *, fleet->n_centers);
  for (guint i = 0; i < fleet->n_centers; i++)
    {
      KioskConfig config = {
        .terminal_id = t->terminal_id,
        .center_url = fleet->centers[i],
        .center_ca = fleet->ca,
        .client_cert = cert,
        .client_key = key,
      };

      if ((t->clients[i] = kiosk_center_client_new (&config, error)) == NULL)
        return NULL; /* the program ends on this error */
    }
  t->current = index % fleet->n_centers;
  return t;
}

/* Frees a terminal. */
static void
fleet_terminal_free (FleetTerminal *t)
{
  for (guint i = 0; i < t->fleet->n_centers; i++)
    g_clear_pointer (&t->clients[i], kiosk_center_client_free);
  g_free (t->clients);
  g_free (t->terminal_id);
  g_free (t->session_id);
  g_array_unref (t->latencies_ms);
  g_free (t);
}

/* Moves the terminal to the next center, as a terminal behind a load balancer would be. */
static void
fleet_terminal_fail_over (FleetTerminal *t)
{
  t->current = (t->current + 1) % t->fleet->n_centers;
  fleet_add (t->fleet, &t->fleet->retries, 1);
}

/* Nonce, the card's signature, a session: TRUE with t->session_id set. */
static gboolean
fleet_terminal_authenticate (FleetTerminal *t)
{
  g_autoptr (GError) error = NULL;
  gint64 start_us = g_get_monotonic_time ();

  g_clear_pointer (&t->session_id, g_free);
  for (guint attempt = 0; fleet_may_try (start_us, attempt); attempt++)
    {
      KioskCenterClient *client = t->clients[t->current];
      g_autofree char *nonce = NULL;
      g_autofree char *when = kiosk_center_terminal_time_now ();
      g_autofree char *fingerprint = NULL;
      g_autoptr (GBytes) challenge = NULL;
      g_autoptr (GBytes) signature = NULL;

      g_clear_error (&error);
      nonce = kiosk_center_client_request_nonce (client, &error);
      if (nonce != NULL)
        {
          challenge = kiosk_center_challenge_new (nonce, t->terminal_id, when);
          signature = fleet_card_sign (t->card, challenge);
          g_assert (signature != NULL);
          t->session_id = kiosk_center_client_open_session (client, nonce, when, t->card->certificate,
                                                            signature, &fingerprint, &error);
        }
      if (t->session_id != NULL)
        {
          if (!g_str_equal (fingerprint, t->card->fingerprint))
            fleet_add (t->fleet, &t->fleet->mismatches, 1); /* a session of another card */
          return TRUE;
        }
      fleet_count_error (t->fleet, error);
      if (!fleet_error_is_retryable (error))
        break;
      fleet_terminal_fail_over (t);
    }
  fleet_add (t->fleet, &t->fleet->unfinished, 1);
  return FALSE;
}

/* Asks for the document of @key, failing over between centers; NULL if no center answered. */
static KioskIssued *
fleet_terminal_request (FleetTerminal *t, const char *key, const KioskOffer *offer, guint copies,
                        guint short_attempts)
{
  Fleet *fleet = t->fleet;
  gint64 start_us = g_get_monotonic_time ();

  for (guint attempt = 0; fleet_may_try (start_us, attempt); attempt++)
    {
      KioskCenterClient *client = t->clients[t->current];
      g_autoptr (GError) error = NULL;
      KioskIssued *issued;

      /* a forced timeout: the terminal stops waiting while the center is still working */
      if (attempt < short_attempts)
        kiosk_center_client_set_timeout (client, (guint) fleet->short_timeout_ms);
      fleet_add (fleet, &fleet->requests, 1);
      issued = kiosk_center_client_request_document (client, t->session_id, key, offer, copies, &error);
      kiosk_center_client_set_timeout (client, 0);
      if (issued != NULL)
        return issued;
      fleet_count_error (fleet, error);
      if (!fleet_error_is_retryable (error))
        return NULL;
      if (attempt >= short_attempts)
        fleet_terminal_fail_over (t);
      else
        fleet_add (fleet, &fleet->retries, 1);
    }
  return NULL;
}

/* Reports that @request_id printed, failing over between centers; FALSE if no center took it. */
static gboolean
fleet_terminal_report (FleetTerminal *t, const char *request_id)
{
  gint64 start_us = g_get_monotonic_time ();

  for (guint attempt = 0; fleet_may_try (start_us, attempt); attempt++)
    {
      g_autoptr (GError) error = NULL;

      if (kiosk_center_client_report_outcome (t->clients[t->current], t->session_id, request_id,
                                              "printed", "", &error))
        {
          fleet_add (t->fleet, &t->fleet->outcomes, 1);
          return TRUE;
        }
      fleet_count_error (t->fleet, error);
      if (!fleet_error_is_retryable (error))
        {
          g_printerr ("kiosk-sim-fleet: %s: outcome: %s\n", t->terminal_id, error->message);
          break;
        }
      fleet_terminal_fail_over (t);
    }
  fleet_add (t->fleet, &t->fleet->unfinished, 1);
  return FALSE;
}

/* TRUE if @issued is provably the document this terminal's session asked for. */
static gboolean
fleet_terminal_check (FleetTerminal *t, const KioskIssued *issued, const KioskOffer *offer,
                      guint copies)
{
  g_autoptr (GError) error = NULL;
  KioskBindingExpectation expected = {
    .session_id = t->session_id,
    .terminal_id = t->terminal_id,
    .card_fingerprint = t->card->fingerprint,
    .request_id = issued->request_id,
    .municipality = offer->municipality_code,
    .type = offer->type,
    .copies = copies,
  };

  if (kiosk_binding_verify (issued, t->fleet->municipal_ca, &expected, &error))
    return TRUE;
  g_printerr ("kiosk-sim-fleet: %s: %s\n", t->terminal_id, error->message);
  return FALSE;
}

/* Runs the hook once, the first time a terminal of the hook's burst is answered: every other
 * request of the burst has been sent by then and most are still in flight. */
static void
fleet_maybe_run_hook (Fleet *fleet, guint burst)
{
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) error = NULL;

  if (fleet->hook == NULL || burst != (guint) fleet->hook_burst
      || !g_atomic_int_compare_and_exchange (&fleet->hook_started, 0, 1))
    return;
  if (!g_shell_parse_argv (fleet->hook, NULL, &argv, &error)
      || !g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                         NULL, &fleet->hook_pid, &error))
    g_error ("kiosk-sim-fleet: cannot run the hook: %s", error->message);
  g_print ("FLEET hook-started %u\n", burst);
}

/* One issuance with the checks of the crossing test; returns TRUE if a document came. */
static gboolean
fleet_terminal_issue (FleetTerminal *t, guint burst, gboolean repeat)
{
  Fleet *fleet = t->fleet;
  KioskOffer offer = { .municipality_code = "999999", .type = "juminhyo" };
  g_autofree char *key = g_uuid_string_random ();
  guint copies = 1 + (t->index + burst) % 2;
  guint short_attempts = fleet->timeout_every > 0
                           && (t->index + burst) % (guint) fleet->timeout_every == 0 ? 1 : 0;
  g_autoptr (KioskIssued) issued = fleet_terminal_request (t, key, &offer, copies, short_attempts);
  g_autoptr (KioskIssued) again = NULL;

  fleet_maybe_run_hook (fleet, burst);

  if (issued == NULL)
    {
      fleet_add (fleet, &fleet->unfinished, 1);
      return FALSE;
    }
  fleet_add (fleet, &fleet->documents, 1);
  fleet_add (fleet, &fleet->issued_keys, 1);
  if (!fleet_terminal_check (t, issued, &offer, copies))
    fleet_add (fleet, &fleet->mismatches, 1);
  if (repeat)
    {
      /* the same key again, from the other center: the same request, the very same document */
      t->current = (t->current + 1) % fleet->n_centers;
      again = fleet_terminal_request (t, key, &offer, copies, 0);
      if (again == NULL)
        fleet_add (fleet, &fleet->unfinished, 1);
      else
        {
          fleet_add (fleet, &fleet->documents, 1);
          if (g_str_equal (again->request_id, issued->request_id)
              && g_bytes_equal (again->document, issued->document)
              && fleet_terminal_check (t, again, &offer, copies))
            fleet_add (fleet, &fleet->repeats_same, 1);
          else
            fleet_add (fleet, &fleet->mismatches, 1);
        }
    }
  fleet_terminal_report (t, issued->request_id);
  return TRUE;
}

/* Notes the moment a terminal of the current burst sends its request. */
static void
fleet_note_burst_send (Fleet *fleet)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&fleet->lock);
  if (fleet->burst_first_us == 0)
    fleet->burst_first_us = now;
  fleet->burst_last_us = now;
  g_mutex_unlock (&fleet->lock);
}

/* The crossing test's terminal: one session, then one request per burst, all terminals
 * released together at each burst. */
static gpointer
fleet_crossing_thread (gpointer data)
{
  FleetTerminal *t = data;
  Fleet *fleet = t->fleet;
  gboolean live = fleet_terminal_authenticate (t);

  for (gint burst = 0; burst < fleet->bursts; burst++)
    {
      pthread_barrier_wait (&fleet->burst);
      if (live)
        {
          fleet_note_burst_send (fleet);
          fleet_terminal_issue (t, (guint) burst, TRUE);
        }
      /* everyone has sent and been answered: close the burst's spread */
      if (pthread_barrier_wait (&fleet->burst) == PTHREAD_BARRIER_SERIAL_THREAD)
        {
          double spread_ms = (fleet->burst_last_us - fleet->burst_first_us) / 1000.0;

          g_print ("FLEET burst %d spread_ms %.1f\n", burst, spread_ms);
          fleet->burst_spread_ms = MAX (fleet->burst_spread_ms, spread_ms);
          fleet->burst_first_us = fleet->burst_last_us = 0;
        }
    }
  return NULL;
}

/* Records one measured operation that started at @start_us, if it started after the warm-up and
 * ended before the deadline. */
static void
fleet_terminal_measure (FleetTerminal *t, gint64 start_us)
{
  gint64 now = g_get_monotonic_time ();
  double ms = (double) (now - start_us) / 1000.0;

  if (start_us >= t->fleet->measure_from_us && now <= t->fleet->deadline_us)
    {
      g_array_append_val (t->latencies_ms, ms);
      t->counted++;
    }
}

/* bench sessions: authenticate again and again until the deadline. */
static gpointer
fleet_sessions_thread (gpointer data)
{
  FleetTerminal *t = data;

  while (g_get_monotonic_time () < t->fleet->deadline_us)
    {
      gint64 start = g_get_monotonic_time ();

      if (!fleet_terminal_authenticate (t))
        break;
      fleet_terminal_measure (t, start);
    }
  return NULL;
}

/* bench issuances: one session, then one document after another until the deadline. */
static gpointer
fleet_issuances_thread (gpointer data)
{
  FleetTerminal *t = data;
  Fleet *fleet = t->fleet;
  KioskOffer offer = { .municipality_code = "999999", .type = "juminhyo" };

  if (!fleet_terminal_authenticate (t))
    return NULL;
  while (g_get_monotonic_time () < fleet->deadline_us)
    {
      g_autofree char *key = g_uuid_string_random ();
      gint64 start = g_get_monotonic_time ();
      g_autoptr (KioskIssued) issued = fleet_terminal_request (t, key, &offer, 1, 0);

      if (issued == NULL)
        {
          fleet_add (fleet, &fleet->unfinished, 1);
          break;
        }
      fleet_terminal_measure (t, start);
      fleet_add (fleet, &fleet->documents, 1);
      if (!fleet_terminal_check (t, issued, &offer, 1))
        fleet_add (fleet, &fleet->mismatches, 1);
      fleet_terminal_report (t, issued->request_id);
    }
  return NULL;
}

/* Compares two doubles for sorting. */
static gint
fleet_compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The @p-th percentile (0..100) of sorted @values, nearest rank. */
static double
fleet_percentile (GArray *values, double p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  rank = (guint) (p / 100.0 * values->len + 0.999999);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

/* Prints the measured window's throughput and latencies as FLEET lines. */
static void
fleet_report_measured (Fleet *fleet, GPtrArray *terminals, const char *what)
{
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 counted = 0;
  double window_s = (double) (fleet->deadline_us - fleet->measure_from_us) / G_USEC_PER_SEC;

  for (guint i = 0; i < terminals->len; i++)
    {
      FleetTerminal *t = g_ptr_array_index (terminals, i);

      g_array_append_vals (all, t->latencies_ms->data, t->latencies_ms->len);
      counted += t->counted;
    }
  g_array_sort (all, fleet_compare_double);
  g_print ("FLEET %s %" G_GUINT64_FORMAT "\n", what, counted);
  g_print ("FLEET %s_per_s %.1f\n", what, counted / window_s);
  g_print ("FLEET %s_p50_ms %.1f\n", what, fleet_percentile (all, 50));
  g_print ("FLEET %s_p99_ms %.1f\n", what, fleet_percentile (all, 99));
}

/* Prints the counters as FLEET lines. */
static void
fleet_report_counters (Fleet *fleet)
{
  GHashTableIter iter;
  gpointer name, count;

  g_print ("FLEET requests %" G_GUINT64_FORMAT "\n", fleet->requests);
  g_print ("FLEET documents %" G_GUINT64_FORMAT "\n", fleet->documents);
  g_print ("FLEET issued_keys %" G_GUINT64_FORMAT "\n", fleet->issued_keys);
  g_print ("FLEET repeats_same %" G_GUINT64_FORMAT "\n", fleet->repeats_same);
  g_print ("FLEET outcomes %" G_GUINT64_FORMAT "\n", fleet->outcomes);
  g_print ("FLEET retries %" G_GUINT64_FORMAT "\n", fleet->retries);
  g_print ("FLEET unfinished %" G_GUINT64_FORMAT "\n", fleet->unfinished);
  g_print ("FLEET mismatches %" G_GUINT64_FORMAT "\n", fleet->mismatches);
  g_hash_table_iter_init (&iter, fleet->errors);
  while (g_hash_table_iter_next (&iter, &name, &count))
    g_print ("FLEET error %s %u\n", (const char *) name, GPOINTER_TO_UINT (count));
}

/* Waits for the hook, if one ran; FALSE if it failed. */
static gboolean
fleet_wait_hook (Fleet *fleet)
{
  int status = 0;
  g_autoptr (GError) error = NULL;

  if (fleet->hook_pid == 0)
    return fleet->hook == NULL;
  if (waitpid (fleet->hook_pid, &status, 0) < 0 || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("kiosk-sim-fleet: the hook failed: %s\n", error != NULL ? error->message : "lost");
      return FALSE;
    }
  g_print ("FLEET hook-finished\n");
  return TRUE;
}

/* Loads the cards the run needs. */
static gboolean
fleet_load_cards (Fleet *fleet, guint count, GError **error)
{
  fleet->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) fleet_card_free);
  for (guint k = 1; k <= count; k++)
    {
      FleetCard *card = fleet_card_load (fleet->pki, k, error);

      if (card == NULL)
        return FALSE;
      g_ptr_array_add (fleet->cards, card);
    }
  return TRUE;
}

/* Parses the command line, runs the fleet and prints what happened. */
int
main (int argc, char **argv)
{
  Fleet fleet = { .terminals = 200, .bursts = 3, .timeout_every = 7, .short_timeout_ms = 20,
                  .hook_burst = 1, .duration_s = 10, .warmup_s = 2, .concurrency = 8 };
  const GOptionEntry entries[] = {
    { "center", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fleet.centers,
      "A center's base URL (repeat for several instances)", "URL" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &fleet.ca, "The centers' TLS CA (PEM)", "FILE" },
    { "municipal-ca", 0, 0, G_OPTION_ARG_FILENAME, &fleet.municipal_ca,
      "The municipal document-signing CA (PEM)", "FILE" },
    { "pki", 0, 0, G_OPTION_ARG_FILENAME, &fleet.pki,
      "PKI directory with load/ (sim/pki/make-load-cards)", "DIR" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &fleet.mode, "crossing, sessions or issuances", "MODE" },
    { "terminals", 0, 0, G_OPTION_ARG_INT, &fleet.terminals,
      "Terminals (each with its own card) (default 200)", "N" },
    { "bursts", 0, 0, G_OPTION_ARG_INT, &fleet.bursts, "crossing: requests per session (default 3)", "N" },
    { "timeout-every", 0, 0, G_OPTION_ARG_INT, &fleet.timeout_every,
      "crossing: every Nth request gives up first after --short-timeout-ms (default 7, 0: never)", "N" },
    { "short-timeout-ms", 0, 0, G_OPTION_ARG_INT, &fleet.short_timeout_ms,
      "crossing: the forced timeout (default 20)", "MS" },
    { "hook", 0, 0, G_OPTION_ARG_STRING, &fleet.hook,
      "crossing: a command run when the first request of burst --hook-burst is answered", "CMD" },
    { "hook-burst", 0, 0, G_OPTION_ARG_INT, &fleet.hook_burst, "crossing: which burst (default 1)", "N" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &fleet.duration_s,
      "sessions/issuances: measured seconds (default 10)", "S" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &fleet.warmup_s, "seconds not measured first (default 2)", "S" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &fleet.concurrency,
      "sessions/issuances: terminals working at once (default 8)", "N" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- a fleet of emulated terminals");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) terminals = g_ptr_array_new_with_free_func ((GDestroyNotify) fleet_terminal_free);
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  GThreadFunc body;
  guint workers;
  gboolean crossing;
  int status = 0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kiosk-sim-fleet: %s\n", error->message);
      return 2;
    }
  if (fleet.centers == NULL || fleet.ca == NULL || fleet.municipal_ca == NULL || fleet.pki == NULL
      || fleet.mode == NULL || fleet.terminals < 1 || fleet.bursts < 1 || fleet.concurrency < 1
      || fleet.duration_s < 1 || fleet.warmup_s < 0 || fleet.short_timeout_ms < 1
      || fleet.timeout_every < 0)
    {
      g_printerr ("kiosk-sim-fleet: --center, --ca, --municipal-ca, --pki and --mode are required,"
                  " and counts must be positive\n");
      return 2;
    }
  crossing = g_str_equal (fleet.mode, "crossing");
  if (crossing)
    body = fleet_crossing_thread;
  else if (g_str_equal (fleet.mode, "sessions"))
    body = fleet_sessions_thread;
  else if (g_str_equal (fleet.mode, "issuances"))
    body = fleet_issuances_thread;
  else
    {
      g_printerr ("kiosk-sim-fleet: unknown --mode %s\n", fleet.mode);
      return 2;
    }
  fleet.n_centers = g_strv_length (fleet.centers);
  fleet.errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&fleet.lock);
  workers = crossing ? (guint) fleet.terminals : (guint) fleet.concurrency;
  if (!fleet_load_cards (&fleet, MIN ((guint) fleet.terminals, workers), &error))
    {
      g_printerr ("kiosk-sim-fleet: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < workers; i++)
    {
      FleetTerminal *t = fleet_terminal_new (&fleet, i, &error);

      if (t == NULL)
        {
          g_printerr ("kiosk-sim-fleet: %s\n", error->message);
          return 1;
        }
      g_ptr_array_add (terminals, t);
    }
  pthread_barrier_init (&fleet.burst, NULL, workers);
  fleet.measure_from_us = g_get_monotonic_time () + (gint64) fleet.warmup_s * G_USEC_PER_SEC;
  fleet.deadline_us = fleet.measure_from_us + (gint64) fleet.duration_s * G_USEC_PER_SEC;
  for (guint i = 0; i < workers; i++)
    g_ptr_array_add (threads, g_thread_new ("terminal", body, g_ptr_array_index (terminals, i)));
  for (guint i = 0; i < workers; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  pthread_barrier_destroy (&fleet.burst);

  if (crossing)
    {
      g_print ("FLEET terminals %u\n", workers);
      g_print ("FLEET burst_spread_ms %.1f\n", fleet.burst_spread_ms);
      if (!fleet_wait_hook (&fleet))
        status = 1;
    }
  else
    fleet_report_measured (&fleet, terminals, fleet.mode);
  fleet_report_counters (&fleet);
  if (fleet.mismatches > 0 || fleet.unfinished > 0)
    status = 1;
  g_hash_table_unref (fleet.errors);
  g_ptr_array_unref (fleet.cards);
  g_strfreev (fleet.centers);
  g_free (fleet.ca);
  g_free (fleet.municipal_ca);
  g_free (fleet.pki);
  g_free (fleet.mode);
  g_free (fleet.hook);
  return status;
}
