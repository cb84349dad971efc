/* kiosk-credential.h: what the session needs of whatever proves who the resident is. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KioskCredential KioskCredential;

/*
 * A credential is a table of operations; the JPKI card (drivers/card) is one implementation,
 * a smartphone JPKI credential can be another without touching the session.
 * Every operation may block (card I/O) and is called from a worker thread, never the UI thread.
 * Errors are in the KIOSK_ERROR domain.
 */
typedef struct {
  const char *kind; /* "jpki-card", ... */
  /* The DER user-authentication certificate; KIOSK_ERROR_CERT_EXPIRED or _NOT_YET_VALID outside
   * its validity. */
  GBytes *(*read_certificate) (KioskCredential *self, GError **error);
  /* Tries left for the user-authentication PIN, or -1 with @error set. */
  int (*pin_tries_left) (KioskCredential *self, GError **error);
  /* Verifies @pin (NUL-terminated digits); always wipes it with explicit_bzero before returning.
   * A wrong PIN fails with KIOSK_ERROR_PIN_WRONG and *tries_left set, or KIOSK_ERROR_PIN_LOCKED. */
  gboolean (*verify_pin) (KioskCredential *self, char *pin, int *tries_left, GError **error);
  /* RSA PKCS#1 v1.5 signature over the SHA-256 DigestInfo of @data, made by the credential. */
  GBytes *(*sign) (KioskCredential *self, GBytes *data, GError **error);
  /* Releases the credential (disconnects the card). */
  void (*free) (KioskCredential *self);
} KioskCredentialOps;

struct _KioskCredential {
  const KioskCredentialOps *ops;
};

/* Reads the DER certificate. */
GBytes *kiosk_credential_read_certificate (KioskCredential *self, GError **error);
/* Tries left for the PIN, -1 on error. */
int kiosk_credential_pin_tries_left (KioskCredential *self, GError **error);
/* Verifies and wipes @pin. */
gboolean kiosk_credential_verify_pin (KioskCredential *self, char *pin, int *tries_left, GError **error);
/* Signs @data (SHA-256, PKCS#1 v1.5). */
GBytes *kiosk_credential_sign (KioskCredential *self, GBytes *data, GError **error);
/* Frees @self; NULL is allowed. */
void kiosk_credential_free (KioskCredential *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCredential, kiosk_credential_free)

G_END_DECLS
