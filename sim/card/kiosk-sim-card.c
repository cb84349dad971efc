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
  guint apdus;            /* APDUs received so far */
  KioskSimVpcd *link;
  GMainLoop *loop;
  char *state_path;
  char *ready_path;
  gboolean ready;
  int exit_status;
} SimCard;

/* Reads the PIN tries left from @path; when @initial >= 0 (the profile says) or the file is
 * missing, the card starts with @initial (or a fresh card's count) and the file says so. */
static gboolean
sim_card_load_state (const char *path, gint initial, guint *tries_left, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;
  guint64 value;

  if (initial >= 0 || !g_file_get_contents (path, &text, NULL, &local_error)) {
    if (local_error != NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    *tries_left = initial >= 0 ? (guint) initial : KIOSK_SIM_JPKI_MAX_TRIES;
    g_free (text);
    text = g_strdup_printf ("%u\n", *tries_left);
    return g_file_set_contents (path, text, -1, error);
  }
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 0, KIOSK_SIM_JPKI_MAX_TRIES, &value, &local_error)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "state file %s: %s", path, local_error->message);
    return FALSE;
  }
  *tries_left = (guint) value;
  return TRUE;
}

/* Writes the PIN tries left, atomically, as the card's EEPROM would keep them. */
static void
sim_card_save_state (SimCard *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%u\n", kiosk_sim_jpki_get_tries_left (self->card));

  if (!g_file_set_contents (self->state_path, text, -1, &error))
    g_printerr ("kiosk-sim-card: cannot save the PIN counter: %s\n", error->message);
}

/* Reads a DER file that must fit EF @ef (at most 32 KiB). */
static GBytes *
sim_card_read_der (const char *path, GError **error)
{
  g_autofree char *der = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &der, &len, error))
    return NULL;
  if (len == 0 || len > 0x7FFF) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not fit the card", path);
    return NULL;
  }
  return g_bytes_new_take (g_steal_pointer (&der), len);
}

/* Loads the files @profile names; fails clearly when one is missing or they do not match. */
static KioskSimJpki *
sim_card_load (KioskSimCardProfile *profile, guint tries_left, GError **error)
{
  g_autoptr (BIO) bio = NULL;
  g_autoptr (EVP_PKEY) key = NULL;
  g_autoptr (X509) cert = NULL;
  g_autoptr (GBytes) cert_bytes = NULL, ca_bytes = NULL;
  KioskSimJpki *card;
  const unsigned char *p;

  if (profile->jpki && profile->user_auth_certificate) {
    cert_bytes = sim_card_read_der (profile->cert_path, error);
    if (cert_bytes == NULL)
      return NULL;
    p = g_bytes_get_data (cert_bytes, NULL);
    cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (cert_bytes));
    if (cert == NULL) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a DER certificate", profile->cert_path);
      return NULL;
    }
    bio = BIO_new_file (profile->key_path, "r");
    if (bio != NULL)
      key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
    if (key == NULL || EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a PEM RSA private key", profile->key_path);
      return NULL;
    }
    if (X509_check_private_key (cert, key) != 1) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not match %s", profile->key_path, profile->cert_path);
      return NULL;
    }
  }
  if (profile->jpki) {
    ca_bytes = sim_card_read_der (profile->ca_cert_path, error);
    if (ca_bytes == NULL)
      return NULL;
  }
  card = kiosk_sim_jpki_new (cert_bytes, ca_bytes, key, profile->jpki ? profile->pin : NULL, tries_left);
  kiosk_sim_jpki_set_application_present (card, profile->jpki);
  return card;
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

/* Answers a command APDU (or leaves the reader, torn); a changed PIN counter is saved before
 * the answer leaves, and the APDU is logged. */
static GBytes *
sim_card_transmit (const guint8 *apdu, gsize apdu_len, gpointer user_data)
{
  SimCard *self = user_data;
  guint before = kiosk_sim_jpki_get_tries_left (self->card);
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
  if (kiosk_sim_jpki_get_tries_left (self->card) != before)
    sim_card_save_state (self);
  kiosk_sim_apdu_log_write (self->log, apdu, apdu_len, answer);
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

/* Wipes a string that held the PIN, then frees it. */
static void
wipe_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* The card's description: the profile file, if any, with the command line's files on top. */
static KioskSimCardProfile *
sim_card_profile (const char *profile_path, const char *cert, const char *key, const char *ca_cert,
                  const char *pin, const char *apdu_log, GError **error)
{
  g_autoptr (KioskSimCardProfile) profile = kiosk_sim_card_profile_new ();

  if (profile_path != NULL && !kiosk_sim_card_profile_load (profile, profile_path, error))
    return NULL;
  kiosk_sim_card_profile_override (&profile->cert_path, cert);
  kiosk_sim_card_profile_override (&profile->key_path, key);
  kiosk_sim_card_profile_override (&profile->ca_cert_path, ca_cert);
  kiosk_sim_card_profile_override (&profile->pin, pin);
  kiosk_sim_card_profile_override (&profile->apdu_log_path, apdu_log);
  if (!kiosk_sim_card_profile_check (profile, error))
    return NULL;
  return g_steal_pointer (&profile);
}

/* Parses the command line, loads the card and serves vpcd until signalled or disconnected. */
int
main (int argc, char **argv)
{
  g_autofree char *connect = NULL, *cert = NULL, *key = NULL, *ca_cert = NULL, *state = NULL, *ready = NULL;
  g_autofree char *profile_path = NULL, *apdu_log = NULL;
  char *pin = NULL;
  gint connect_timeout_ms = 10000;
  const GOptionEntry entries[] = {
    { "connect", 0, 0, G_OPTION_ARG_STRING, &connect, "vpcd's address", "HOST:PORT" },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile_path, "the card's profile (see docs/card-emulator.md)", "FILE" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "user-auth certificate (DER), EF 000A", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "user-auth private key (PEM), EF 0017", "FILE" },
    { "ca-cert", 0, 0, G_OPTION_ARG_FILENAME, &ca_cert, "CA certificate (DER), EF 000B", "FILE" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin, "user-auth PIN, EF 0018", "DIGITS" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "file keeping the PIN tries left", "FILE" },
    { "apdu-log", 0, 0, G_OPTION_ARG_FILENAME, &apdu_log, "append one line per APDU received (PINs masked)", "FILE" },
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
  guint tries_left = 0;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error)) {
    g_printerr ("kiosk-sim-card: %s\n", error->message);
    wipe_free (pin);
    return 2;
  }
  if (connect == NULL || state == NULL || connect_timeout_ms < 0) {
    g_printerr ("kiosk-sim-card: --connect and --state are required\n");
    wipe_free (pin);
    return 2;
  }

  profile = sim_card_profile (profile_path, cert, key, ca_cert, pin, apdu_log, &error);
  wipe_free (pin);
  if (profile != NULL && sim_card_load_state (state, profile->tries_left, &tries_left, &error))
    card = sim_card_load (profile, tries_left, &error);
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
