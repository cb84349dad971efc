/* kiosk-config.h: the terminal's configuration, a key file validated when loaded. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *terminal_id;        /* [terminal] id: must equal the CN of the client certificate */
  char *center_url;         /* [center] url: https://127.0.0.1:PORT */
  char *center_ca;          /* [center] ca: PEM of the pinned TLS CA */
  char *client_cert;        /* [center] cert: the terminal's client certificate (PEM) */
  char *client_key;         /* [center] key: its key (PEM), readable by the service only */
  char *municipal_ca;       /* [binding] ca: PEM of the municipal document-signing CA */
  char *reader;             /* [card] reader: PC/SC reader name, empty for the first */
  guint card_timeout_ms;    /* [card] timeout: how long to wait for a card (default 60000) */
  char *printer_uri;        /* [printer] uri: ipp://127.0.0.1:PORT/ipp/print */
  guint print_timeout_ms;   /* [printer] timeout (default 120000) */
  char *journal_path;       /* [journal] path: SQLite file */
  guint idle_timeout_ms;    /* [session] idle-timeout: no answer from the resident (default 90000) */
} KioskConfig;

/* Loads and validates @path; the error names the bad key (KIOSK_ERROR_CONFIG). */
KioskConfig *kiosk_config_load (const char *path, GError **error);

/* Frees @self. */
void kiosk_config_free (KioskConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskConfig, kiosk_config_free)

G_END_DECLS
