/* kiosk-sim-card.c: the JPKI card emulator's command line: loads the card, plugs it into vpcd. */
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sim/card/sim-apdu-log.h"
#include "sim/card/sim-card-profile.h"
#include "sim/card/sim-card-state.h"
#include "sim/card/sim-jpki.h"
#include "sim/card/sim-t0.h"
#include "sim/card/sim-vpcd.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* The running emulator. */
typedef struct {
  KioskSimJpki *card;
  KioskSimT0 *t0;         /* NULL: T=1 framing */
  KioskSimApduLog *log;   /* NULL: no log */
  GBytes *atr;
  guint tear_after;       /* 0: never */
  const KioskSimTiming *timing; /* NULL: answer at once */
  guint apdus;            /* APDUs received so far */
  KioskSimVpcd *link;
  GMainLoop *loop;
  char *state_path;
  char *ready_path;
  gboolean ready;
  int exit_status;
} SimCard;

/* Writes the PIN counters, as the card's EEPROM would keep them. */
static void
sim_card_save_state (SimCard *self)
{
  g_autoptr (GError) error = NULL;
  KioskSimCardCounters counters = {
    .user_auth = kiosk_sim_jpki_get_tries_left (self->card),
    .signing = kiosk_sim_jpki_get_sign_tries_left (self->card),
  };

  if (!kiosk_sim_card_state_write (self->state_path, &counters, &error))
    g_printerr ("kiosk-sim-card: cannot save the PIN counters: %s\n", error->message);
}

/* Reads the DER certificate @path for a certificate EF: one whole certificate, nothing after it
 * (a reader learns the EF's length from its first four bytes), at most 32 KiB. Its parsed form
 * goes to *@x509 when @x509 is not NULL. */
static GBytes *
sim_card_read_certificate (const char *path, X509 **x509, GError **error)
{
  g_autofree char *der = NULL;
  g_autoptr (X509) cert = NULL;
  const unsigned char *p;
  gsize len = 0;

  if (!g_file_get_contents (path, &der, &len, error))
    return NULL;
  if (len == 0 || len > 0x7FFF) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not fit the card", path);
    return NULL;
  }
  p = (const unsigned char *) der;
  cert = d2i_X509 (NULL, &p, (long) len);
  if (cert == NULL || p != (const unsigned char *) der + len) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not one DER certificate", path);
    return NULL;
  }
  if (x509 != NULL)
    *x509 = g_steal_pointer (&cert);
  return g_bytes_new_take (g_steal_pointer (&der), len);
}

/* Reads the DER certificate @cert_path and the PEM RSA key @key_path into *@cert and *@key;
 * fails clearly when one is missing or they do not match. */
static gboolean
sim_card_read_key_pair (const char *cert_path, const char *key_path, GBytes **cert, EVP_PKEY **key, GError **error)
{
  g_autoptr (BIO) bio = NULL;
  g_autoptr (EVP_PKEY) pkey = NULL;
  g_autoptr (X509) x509 = NULL;
  g_autoptr (GBytes) der = NULL;

  der = sim_card_read_certificate (cert_path, &x509, error);
  if (der == NULL)
    return FALSE;
  bio = BIO_new_file (key_path, "r");
  if (bio != NULL)
    pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (pkey == NULL || EVP_PKEY_get_base_id (pkey) != EVP_PKEY_RSA) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a PEM RSA private key", key_path);
    return FALSE;
  }
  if (X509_check_private_key (x509, pkey) != 1) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not match %s", key_path, cert_path);
    return FALSE;
  }
  *cert = g_steal_pointer (&der);
  *key = g_steal_pointer (&pkey);
  return TRUE;
}

/* Gives @card the signing half @profile names. */
static gboolean
sim_card_load_signing (KioskSimJpki *card, KioskSimCardProfile *profile, guint tries_left, GError **error)
{
  g_autoptr (GBytes) cert = NULL, ca = NULL;
  g_autoptr (EVP_PKEY) key = NULL;

  if (!sim_card_read_key_pair (profile->sign_cert_path, profile->sign_key_path, &cert, &key, error))
    return FALSE;
  ca = sim_card_read_certificate (profile->sign_ca_cert_path, NULL, error);
  if (ca == NULL)
    return FALSE;
  kiosk_sim_jpki_set_signing (card, cert, ca, key, profile->sign_pin, tries_left);
  return TRUE;
}

/* Loads the files @profile names; fails clearly when one is missing or they do not match. */
static KioskSimJpki *
sim_card_load (KioskSimCardProfile *profile, const KioskSimCardCounters *counters, GError **error)
{
  g_autoptr (EVP_PKEY) key = NULL;
  g_autoptr (GBytes) cert_bytes = NULL, ca_bytes = NULL;
  g_autoptr (KioskSimJpki) card = NULL;

  if (profile->jpki && profile->user_auth_certificate &&
      !sim_card_read_key_pair (profile->cert_path, profile->key_path, &cert_bytes, &key, error))
    return NULL;
  if (profile->jpki) {
    ca_bytes = sim_card_read_certificate (profile->ca_cert_path, NULL, error);
    if (ca_bytes == NULL)
      return NULL;
  }
  card = kiosk_sim_jpki_new (cert_bytes, ca_bytes, key, profile->jpki ? profile->pin : NULL, counters->user_auth);
  if (kiosk_sim_card_profile_has_signing (profile) &&
      !sim_card_load_signing (card, profile, counters->signing, error))
    return NULL;
  kiosk_sim_jpki_set_application_present (card, profile->jpki);
  return g_steal_pointer (&card);
}

/* vpcd powered the card off, on or reset it: the card forgets its security state. */
static void
sim_card_control (KioskSimVpcdControl control, gpointer user_data)
{
  SimCard *self = user_data;

  kiosk_sim_jpki_reset (self->card);
  if (self->t0 != NULL)
    kiosk_sim_t0_reset (self->t0);
}

/* The ATR for vpcd. */
static GBytes *
sim_card_get_atr (gpointer user_data)
{
  SimCard *self = user_data;

  return g_bytes_ref (self->atr);
}

/* The first ATR went out: pcscd sees the card, so the card is ready. */
static void
sim_card_atr_sent (gpointer user_data)
{
  SimCard *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *pid = NULL;

  if (self->ready || self->ready_path == NULL)
    return;
  self->ready = TRUE;
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents (self->ready_path, pid, -1, &error))
    g_printerr ("kiosk-sim-card: cannot write the ready file: %s\n", error->message);
}

/* The card's APDU logic, for the T=0 framing. */
static GBytes *
sim_card_process (const guint8 *apdu, gsize apdu_len, gpointer user_data)
{
  SimCard *self = user_data;

  return kiosk_sim_jpki_process (self->card, apdu, apdu_len);
}

/* Holds the answer back for as long as a real card on a contactless link would take to receive
 * @apdu, compute and send @answer (sim-timing.h). This emulates a device's latency: nothing
 * waits on it to synchronise. */
static void
sim_card_take_modelled_time (SimCard *self, const guint8 *apdu, gsize apdu_len, GBytes *answer)
{
  gsize answer_len;
  const guint8 *bytes = g_bytes_get_data (answer, &answer_len);
  guint16 sw;

  if (answer_len < 2)
    return;
  sw = (guint16) ((bytes[answer_len - 2] << 8) | bytes[answer_len - 1]);
  g_usleep ((gulong) kiosk_sim_timing_apdu_us (self->timing, apdu, apdu_len, answer_len - 2, sw));
}

/* Answers a command APDU (or leaves the reader, torn); changed PIN counters are saved before
 * the answer leaves, and the APDU is logged. */
static GBytes *
sim_card_transmit (const guint8 *apdu, gsize apdu_len, gpointer user_data)
{
  SimCard *self = user_data;
  guint before = kiosk_sim_jpki_get_tries_left (self->card);
  guint sign_before = kiosk_sim_jpki_get_sign_tries_left (self->card);
  GBytes *answer;

  if (self->tear_after > 0 && self->apdus++ == self->tear_after) {
    kiosk_sim_apdu_log_write (self->log, apdu, apdu_len, NULL);
    g_printerr ("kiosk-sim-card: torn away after %u APDUs\n", self->tear_after);
    self->exit_status = EXIT_SUCCESS;
    g_main_loop_quit (self->loop);
    return NULL;
  }
  if (self->t0 != NULL)
    answer = kiosk_sim_t0_process (self->t0, apdu, apdu_len, sim_card_process, self);
  else
    answer = sim_card_process (apdu, apdu_len, self);
  if (kiosk_sim_jpki_get_tries_left (self->card) != before ||
      kiosk_sim_jpki_get_sign_tries_left (self->card) != sign_before)
    sim_card_save_state (self);
  kiosk_sim_apdu_log_write (self->log, apdu, apdu_len, answer);
  if (self->timing != NULL)
    sim_card_take_modelled_time (self, apdu, apdu_len, answer);
  return answer;
}

/* The link to vpcd is gone: the emulator has nothing left to do. */
static void
sim_card_closed (const GError *error, gpointer user_data)
{
  SimCard *self = user_data;

  g_printerr ("kiosk-sim-card: %s\n", error->message);
  self->exit_status = EXIT_FAILURE;
  g_main_loop_quit (self->loop);
}

/* SIGTERM or SIGINT: take the card out of the reader and stop. */
static gboolean
sim_card_on_signal (gpointer user_data)
{
  SimCard *self = user_data;

  kiosk_sim_vpcd_close (self->link);
  self->exit_status = EXIT_SUCCESS;
  g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

static const KioskSimVpcdCallbacks sim_card_callbacks = {
  .control = sim_card_control,
  .get_atr = sim_card_get_atr,
  .atr_sent = sim_card_atr_sent,
  .transmit = sim_card_transmit,
  .closed = sim_card_closed,
};

/* The command line's files and PINs, which override the profile's keys of the same name. */
typedef struct {
  char *cert, *key, *ca_cert, *pin;
  char *sign_cert, *sign_key, *sign_ca_cert, *sign_pin;
  char *apdu_log;
} SimCardFlags;

/* Wipes a string that held a PIN, then frees it. */
static void
wipe_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* Frees the flags' strings, wiping the PINs. */
static void
sim_card_flags_clear (SimCardFlags *flags)
{
  wipe_free (flags->pin);
  wipe_free (flags->sign_pin);
  g_free (flags->cert);
  g_free (flags->key);
  g_free (flags->ca_cert);
  g_free (flags->sign_cert);
  g_free (flags->sign_key);
  g_free (flags->sign_ca_cert);
  g_free (flags->apdu_log);
  memset (flags, 0, sizeof *flags);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimCardFlags, sim_card_flags_clear)

/* The card's description: the profile file, if any, with the command line's files on top. */
static KioskSimCardProfile *
sim_card_profile (const char *profile_path, const SimCardFlags *flags, GError **error)
{
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();

  if (profile_path != NULL && !kiosk_sim_card_profile_load (profile, profile_path, error))
    return NULL;
  kiosk_sim_card_profile_override (&profile->cert_path, flags->cert);
  kiosk_sim_card_profile_override (&profile->key_path, flags->key);
  kiosk_sim_card_profile_override (&profile->ca_cert_path, flags->ca_cert);
  kiosk_sim_card_profile_override (&profile->pin, flags->pin);
  kiosk_sim_card_profile_override (&profile->sign_cert_path, flags->sign_cert);
  kiosk_sim_card_profile_override (&profile->sign_key_path, flags->sign_key);
  kiosk_sim_card_profile_override (&profile->sign_ca_cert_path, flags->sign_ca_cert);
  kiosk_sim_card_profile_override (&profile->sign_pin, flags->sign_pin);
  kiosk_sim_card_profile_override (&profile->apdu_log_path, flags->apdu_log);
  if (!kiosk_sim_card_profile_check (profile, error))
    return NULL;
  return g_steal_pointer (&profile);
}

/* Parses the command line, loads the card and serves vpcd until signalled or disconnected. */
int
main (int argc, char **argv)
{
  g_autofree char *connect = NULL, *state = NULL, *ready = NULL, *profile_path = NULL;
  g_auto (SimCardFlags) flags = { 0 };
  gint connect_timeout_ms = 10000;
  const GOptionEntry entries[] = {
    { "connect", 0, 0, G_OPTION_ARG_STRING, &connect, "vpcd's address", "HOST:PORT" },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile_path, "the card's profile (see docs/card-emulator.md)", "FILE" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &flags.cert, "user-auth certificate (DER), EF 000A", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &flags.key, "user-auth private key (PEM), EF 0017", "FILE" },
    { "ca-cert", 0, 0, G_OPTION_ARG_FILENAME, &flags.ca_cert, "CA certificate (DER), EF 000B", "FILE" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &flags.pin, "user-auth PIN, EF 0018", "DIGITS" },
    { "sign-cert", 0, 0, G_OPTION_ARG_FILENAME, &flags.sign_cert, "signing certificate (DER), EF 0001", "FILE" },
    { "sign-key", 0, 0, G_OPTION_ARG_FILENAME, &flags.sign_key, "signing private key (PEM), EF 001A", "FILE" },
    { "sign-ca-cert", 0, 0, G_OPTION_ARG_FILENAME, &flags.sign_ca_cert, "signing CA certificate (DER), EF 0002",
      "FILE" },
    { "sign-pin", 0, 0, G_OPTION_ARG_STRING, &flags.sign_pin, "signing PIN, EF 001B (6-16 of A-Z, 0-9)", "PIN" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "file keeping the PIN tries left", "FILE" },
    { "apdu-log", 0, 0, G_OPTION_ARG_FILENAME, &flags.apdu_log, "append one line per APDU received (PINs masked)",
      "FILE" },
    { "ready-file", 0, 0, G_OPTION_ARG_FILENAME, &ready, "written with the pid once vpcd has the ATR", "FILE" },
    { "connect-timeout-ms", 0, 0, G_OPTION_ARG_INT, &connect_timeout_ms, "give up connecting after this (10000)", "MS" },
    { NULL },
  };
  g_autoptr (GOptionContext) options = g_option_context_new ("- emulate a My Number Card (JPKI) in vpcd");
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (KioskSimCardProfile) profile = NULL;
  g_autoptr (KioskSimJpki) card = NULL;
  g_autoptr (KioskSimT0) t0 = NULL;
  g_autoptr (KioskSimApduLog) log = NULL;
  g_autoptr (GBytes) atr = NULL;
  g_autoptr (KioskSimVpcd) link = NULL;
  SimCard self = { 0 };
  KioskSimCardCounters counters = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error)) {
    g_printerr ("kiosk-sim-card: %s\n", error->message);
    return 2;
  }
  if (connect == NULL || state == NULL || connect_timeout_ms < 0) {
    g_printerr ("kiosk-sim-card: --connect and --state are required\n");
    return 2;
  }

  profile = sim_card_profile (profile_path, &flags, &error);
  sim_card_flags_clear (&flags);
  if (profile != NULL && kiosk_sim_card_state_start (state, profile, &counters, &error))
    card = sim_card_load (profile, &counters, &error);
  if (card != NULL && profile->apdu_log_path != NULL)
    log = kiosk_sim_apdu_log_open (profile->apdu_log_path, &error);
  if (card == NULL || (profile->apdu_log_path != NULL && log == NULL)) {
    g_printerr ("kiosk-sim-card: %s\n", error->message);
    return 2;
  }
  if (profile->transport == KIOSK_SIM_TRANSPORT_T0)
    t0 = kiosk_sim_t0_new (profile->max_response);
  atr = kiosk_sim_card_profile_get_atr (profile);

  loop = g_main_loop_new (NULL, FALSE);
  self.card = card;
  self.t0 = t0;
  self.log = log;
  self.atr = atr;
  self.tear_after = profile->tear_after;
  self.timing = profile->timed ? &profile->timing : NULL;
  self.loop = loop;
  self.state_path = state;
  self.ready_path = ready;
  self.exit_status = EXIT_FAILURE;
  link = kiosk_sim_vpcd_new (&sim_card_callbacks, &self);
  self.link = link;
  g_unix_signal_add (SIGTERM, sim_card_on_signal, &self);
  g_unix_signal_add (SIGINT, sim_card_on_signal, &self);

  kiosk_sim_vpcd_connect (link, connect, (guint) connect_timeout_ms);
  g_main_loop_run (loop);
  return self.exit_status;
}
