/* sim-error.h: the wire error codes of docs/protocol.md as a GError domain for the simulators. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIM_ERROR (sim_error_quark ())

/* One code per row of the protocol's error table; each has one HTTP status and one wire name. */
typedef enum {
  SIM_ERROR_BAD_REQUEST,
  SIM_ERROR_NONCE_UNKNOWN,
  SIM_ERROR_AUTH_FAILED,
  SIM_ERROR_CERT_EXPIRED,
  SIM_ERROR_CERT_REVOKED,
  SIM_ERROR_CERT_STATUS_UNKNOWN,
  SIM_ERROR_REVOCATION_UNAVAILABLE,
  SIM_ERROR_SESSION_UNKNOWN,
  SIM_ERROR_RESIDENT_UNKNOWN,
  SIM_ERROR_REFUSED,            /* the GError message is the machine-readable reason */
  SIM_ERROR_TYPE_UNKNOWN,
  SIM_ERROR_MUNICIPAL_UNREACHABLE,
  SIM_ERROR_INTERNAL,
  SIM_ERROR_N_CODES,
} SimError;

GQuark sim_error_quark (void);

/* The wire name of @code ("bad-request"). */
const char *sim_error_code_name (SimError code);

/* The HTTP status the protocol gives @code. */
guint sim_error_http_status (SimError code);

/* The code whose wire name is @name, or SIM_ERROR_INTERNAL for an unknown name. */
SimError sim_error_from_name (const char *name);

G_END_DECLS
