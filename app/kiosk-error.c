/* kiosk-error.c: the KIOSK_ERROR domain. */
#include "app/kiosk-error.h"

G_DEFINE_QUARK (kiosk-error-quark, kiosk_error)

/* Stable names, indexed by KioskError. */
static const char *const code_names[] = {
  [KIOSK_ERROR_FAILED] = "failed",
  [KIOSK_ERROR_READER_MISSING] = "reader-missing",
  [KIOSK_ERROR_CARD_TIMEOUT] = "card-timeout",
  [KIOSK_ERROR_CARD_REMOVED] = "card-removed",
  [KIOSK_ERROR_CARD_MUTE] = "card-mute",
  [KIOSK_ERROR_NOT_MY_NUMBER_CARD] = "not-my-number-card",
  [KIOSK_ERROR_NO_CERTIFICATE] = "no-certificate",
  [KIOSK_ERROR_CERT_EXPIRED] = "cert-expired",
  [KIOSK_ERROR_CERT_NOT_YET_VALID] = "cert-not-yet-valid",
  [KIOSK_ERROR_CERT_REVOKED] = "cert-revoked",
  [KIOSK_ERROR_PIN_WRONG] = "pin-wrong",
  [KIOSK_ERROR_PIN_LOCKED] = "pin-locked",
  [KIOSK_ERROR_CENTER_UNREACHABLE] = "center-unreachable",
  [KIOSK_ERROR_AUTH_REJECTED] = "auth-rejected",
  [KIOSK_ERROR_REFUSED] = "refused",
  [KIOSK_ERROR_PROTOCOL] = "protocol",
  [KIOSK_ERROR_BINDING_MISMATCH] = "binding-mismatch",
  [KIOSK_ERROR_PRINT_FAILED] = "print-failed",
  [KIOSK_ERROR_TIMEOUT] = "timeout",
  [KIOSK_ERROR_CANCELLED] = "cancelled",
  [KIOSK_ERROR_JOURNAL] = "journal",
  [KIOSK_ERROR_CONFIG] = "config",
};

/* The stable name of @code. */
const char *
kiosk_error_code_name (KioskError code)
{
  if ((guint) code >= G_N_ELEMENTS (code_names) || code_names[code] == NULL)
    return "unknown";
  return code_names[code];
}
