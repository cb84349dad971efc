/* kiosk-credential.c: dispatch to a credential's operations. */
#include "app/kiosk-credential.h"

/* Reads the DER certificate. */
GBytes *
kiosk_credential_read_certificate (KioskCredential *self, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->ops->read_certificate (self, error);
}

/* Tries left for the PIN, -1 on error. */
int
kiosk_credential_pin_tries_left (KioskCredential *self, GError **error)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->ops->pin_tries_left (self, error);
}

/* Verifies and wipes @pin. */
gboolean
kiosk_credential_verify_pin (KioskCredential *self, char *pin, int *tries_left, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->ops->verify_pin (self, pin, tries_left, error);
}

/* Signs @data. */
GBytes *
kiosk_credential_sign (KioskCredential *self, GBytes *data, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->ops->sign (self, data, error);
}

/* Frees @self. */
void
kiosk_credential_free (KioskCredential *self)
{
  if (self != NULL)
    self->ops->free (self);
}
