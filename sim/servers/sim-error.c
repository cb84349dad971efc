/* sim-error.c: the SIM_ERROR domain and its mapping to the protocol's wire codes. */
#include "sim/servers/sim-error.h"

G_DEFINE_QUARK (sim-error-quark, sim_error)

/* The protocol's error table, indexed by SimError. */
static const struct {
  const char *name;
  guint status;
} error_table[SIM_ERROR_N_CODES] = {
  [SIM_ERROR_BAD_REQUEST] = { "bad-request", 400 },
  [SIM_ERROR_NONCE_UNKNOWN] = { "nonce-unknown", 401 },
  [SIM_ERROR_AUTH_FAILED] = { "auth-failed", 401 },
  [SIM_ERROR_CERT_EXPIRED] = { "cert-expired", 401 },
  [SIM_ERROR_CERT_REVOKED] = { "cert-revoked", 401 },
  [SIM_ERROR_CERT_STATUS_UNKNOWN] = { "cert-status-unknown", 401 },
  [SIM_ERROR_REVOCATION_UNAVAILABLE] = { "revocation-unavailable", 503 },
  [SIM_ERROR_SESSION_UNKNOWN] = { "session-unknown", 404 },
  [SIM_ERROR_RESIDENT_UNKNOWN] = { "resident-unknown", 404 },
  [SIM_ERROR_REFUSED] = { "refused", 409 },
  [SIM_ERROR_TYPE_UNKNOWN] = { "type-unknown", 400 },
  [SIM_ERROR_MUNICIPAL_UNREACHABLE] = { "municipal-unreachable", 502 },
  [SIM_ERROR_INTERNAL] = { "internal", 500 },
};

/* The wire name of @code. */
const char *
sim_error_code_name (SimError code)
{
  if ((guint) code >= SIM_ERROR_N_CODES)
    return error_table[SIM_ERROR_INTERNAL].name;
  return error_table[code].name;
}

/* The HTTP status of @code. */
guint
sim_error_http_status (SimError code)
{
  if ((guint) code >= SIM_ERROR_N_CODES)
    return error_table[SIM_ERROR_INTERNAL].status;
  return error_table[code].status;
}

/* The code named @name; unknown names are internal faults. */
SimError
sim_error_from_name (const char *name)
{
  for (guint i = 0; name != NULL && i < SIM_ERROR_N_CODES; i++)
    if (g_str_equal (name, error_table[i].name))
      return (SimError) i;
  return SIM_ERROR_INTERNAL;
}
