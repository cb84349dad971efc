/* kiosk-error.h: the project's error domain; each code maps to one thing the resident is told. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_ERROR (kiosk_error_quark ())

/* Every failure a person can meet; the UI and the headless driver map codes to words. */
typedef enum {
  KIOSK_ERROR_FAILED,              /* an internal fault: staff are called, nothing is charged */
  KIOSK_ERROR_READER_MISSING,      /* no card reader is connected */
  KIOSK_ERROR_CARD_TIMEOUT,        /* nobody placed a card in time */
  KIOSK_ERROR_CARD_REMOVED,        /* the card left the reader mid-session */
  KIOSK_ERROR_CARD_MUTE,           /* the card does not answer: place it again */
  KIOSK_ERROR_NOT_MY_NUMBER_CARD,  /* another card (bank card, old 住基カード) */
  KIOSK_ERROR_NO_CERTIFICATE,      /* the card has no user-authentication certificate */
  KIOSK_ERROR_CERT_EXPIRED,        /* the certificate expired: renew it at the municipal counter */
  KIOSK_ERROR_CERT_NOT_YET_VALID,  /* the certificate's validity has not begun (or our clock is wrong) */
  KIOSK_ERROR_CERT_REVOKED,        /* the certificate is revoked or suspended */
  KIOSK_ERROR_PIN_WRONG,           /* wrong PIN, tries left in the session */
  KIOSK_ERROR_PIN_LOCKED,          /* no tries left: reset at the municipal counter */
  KIOSK_ERROR_CENTER_UNREACHABLE,  /* the issuance center cannot be reached: try later */
  KIOSK_ERROR_AUTH_REJECTED,       /* the center did not accept the card's authentication */
  KIOSK_ERROR_REFUSED,             /* the municipality does not issue this here: go to the counter */
  KIOSK_ERROR_PROTOCOL,            /* a reply that does not follow the protocol */
  KIOSK_ERROR_BINDING_MISMATCH,    /* the document is not provably this session's: never printed */
  KIOSK_ERROR_PRINT_FAILED,        /* the printer failed: refunded */
  KIOSK_ERROR_TIMEOUT,             /* the resident did not answer in time */
  KIOSK_ERROR_CANCELLED,           /* the resident cancelled */
  KIOSK_ERROR_JOURNAL,             /* the journal could not be written: out of service */
  KIOSK_ERROR_CONFIG,              /* the configuration is invalid */
} KioskError;

GQuark kiosk_error_quark (void);

/* A short machine name for @code ("pin-wrong"), stable for logs and tests. */
const char *kiosk_error_code_name (KioskError code);

G_END_DECLS
