/* kiosk-sim-card.c: the JPKI card emulator's command line: loads the card, plugs it into vpcd. */
#include <errno.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sim/card/sim-jpki.h"
#include "sim/card/sim-vpcd.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* The My Number Card's ATR (DOMAIN.md). */
static const guint8 card_atr[] = { 0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14 };

/* The running emulator. */
typedef struct {
  KioskSimJpki *card;
  KioskSimVpcd *link;
  GMainLoop *loop;
  char *state_path;
  char *ready_path;
  gboolean ready;
  int exit_status;
} SimCard;

/* Reads the PIN tries left from @path, creating it with a fresh card's count when missing. */
static gboolean
sim_card_load_state (const char *path, guint *tries_left, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;
  guint64 value;

  if (!g_file_get_contents (path, &text, NULL, &local_error)) {
    if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
    *tries_left = KIOSK_SIM_JPKI_MAX_TRIES;
    return g_file_set_contents (path, "3\n", -1, error);
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

/* Loads the card's files and key; fails clearly when one is missing or they do not match. */
static KioskSimJpki *
sim_card_load (const char *cert_path, const char *key_path, const char *ca_path, const char *pin,
               guint tries_left, GError **error)
{
  g_autofree char *cert_der = NULL, *ca_der = NULL;
  gsize cert_len = 0, ca_len = 0;
  g_autoptr (BIO) bio = NULL;
  g_autoptr (EVP_PKEY) key = NULL;
  g_autoptr (X509) cert = NULL;
  g_autoptr (GBytes) cert_bytes = NULL, ca_bytes = NULL;
  const unsigned char *p;

  if (!g_file_get_contents (cert_path, &cert_der, &cert_len, error) ||
      !g_file_get_contents (ca_path, &ca_der, &ca_len, error))
    return NULL;
  p = (const unsigned char *) cert_der;
  cert = d2i_X509 (NULL, &p, (long) cert_len);
  if (cert == NULL || cert_len > 0x7FFF) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a DER certificate that fits the card", cert_path);
    return NULL;
  }
  if (ca_len == 0 || ca_len > 0x7FFF) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not fit the card", ca_path);
    return NULL;
  }
  bio = BIO_new_file (key_path, "r");
  if (bio != NULL)
    key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (key == NULL || EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a PEM RSA private key", key_path);
    return NULL;
  }
  if (X509_check_private_key (cert, key) != 1) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s does not match %s", key_path, cert_path);
    return NULL;
  }
  cert_bytes = g_bytes_new_take (g_steal_pointer (&cert_der), cert_len);
  ca_bytes = g_bytes_new_take (g_steal_pointer (&ca_der), ca_len);
  return kiosk_sim_jpki_new (cert_bytes, ca_bytes, key, pin, tries_left);
}

/* vpcd powered the card off, on or reset it: the card forgets its security state. */
static void
sim_card_control (KioskSimVpcdControl control, gpointer user_data)
{
  SimCard *self = user_data;

  kiosk_sim_jpki_reset (self->card);
}

/* The ATR for vpcd. */
static GBytes *
sim_card_get_atr (gpointer user_data)
{
  return g_bytes_new_static (card_atr, sizeof card_atr);
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

/* Answers a command APDU; a changed PIN counter is saved before the answer leaves. */
static GBytes *
sim_card_transmit (const guint8 *apdu, gsize apdu_len, gpointer user_data)
{
  SimCard *self = user_data;
  guint before = kiosk_sim_jpki_get_tries_left (self->card);
  GBytes *answer = kiosk_sim_jpki_process (self->card, apdu, apdu_len);

  if (kiosk_sim_jpki_get_tries_left (self->card) != before)
    sim_card_save_state (self);
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

/* Parses the command line, loads the card and serves vpcd until signalled or disconnected. */
int
main (int argc, char **argv)
{
  g_autofree char *connect = NULL, *cert = NULL, *key = NULL, *ca_cert = NULL, *state = NULL, *ready = NULL;
  char *pin = NULL;
  gint connect_timeout_ms = 10000;
  const GOptionEntry entries[] = {
    { "connect", 0, 0, G_OPTION_ARG_STRING, &connect, "vpcd's address", "HOST:PORT" },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "user-auth certificate (DER), EF 000A", "FILE" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "user-auth private key (PEM), EF 0017", "FILE" },
    { "ca-cert", 0, 0, G_OPTION_ARG_FILENAME, &ca_cert, "CA certificate (DER), EF 000B", "FILE" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin, "user-auth PIN, EF 0018", "DIGITS" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "file keeping the PIN tries left", "FILE" },
    { "ready-file", 0, 0, G_OPTION_ARG_FILENAME, &ready, "written with the pid once vpcd has the ATR", "FILE" },
    { "connect-timeout-ms", 0, 0, G_OPTION_ARG_INT, &connect_timeout_ms, "give up connecting after this (10000)", "MS" },
    { NULL },
  };
  g_autoptr (GOptionContext) options = g_option_context_new ("- emulate a My Number Card (JPKI) in vpcd");
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (KioskSimJpki) card = NULL;
  g_autoptr (KioskSimVpcd) link = NULL;
  SimCard self = { 0 };
  guint tries_left = 0;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error)) {
    g_printerr ("kiosk-sim-card: %s\n", error->message);
    wipe_free (pin);
    return 2;
  }
  if (connect == NULL || cert == NULL || key == NULL || ca_cert == NULL || pin == NULL || state == NULL ||
      connect_timeout_ms < 0 || *pin == '\0') {
    g_printerr ("kiosk-sim-card: --connect, --cert, --key, --ca-cert, --pin and --state are required\n");
    wipe_free (pin);
    return 2;
  }

  if (sim_card_load_state (state, &tries_left, &error))
    card = sim_card_load (cert, key, ca_cert, pin, tries_left, &error);
  wipe_free (pin);
  if (card == NULL) {
    g_printerr ("kiosk-sim-card: %s\n", error->message);
    return 2;
  }

  loop = g_main_loop_new (NULL, FALSE);
  self.card = card;
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
