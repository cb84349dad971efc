/* sim-ocsp.h: the center's revocation check of card certificates with OCSP (RFC 6960), with a short
 * cache of good answers. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a good answer is reused by default, in seconds (docs/protocol.md, "Revocation"). */
#define SIM_OCSP_DEFAULT_CACHE_SECONDS 60

typedef struct _SimOcsp SimOcsp;

/* A checker asking the responder at @url (plain HTTP) about certificates of the CA in @ca_path
 * (PEM), trusting only answers signed by that CA or by a certificate it issued for OCSP signing;
 * a good answer is reused for @cache_seconds at most (0: never), and never past its nextUpdate. */
SimOcsp *sim_ocsp_new (const char *url, const char *ca_path, guint cache_seconds, GError **error);

/* Frees the checker. */
void sim_ocsp_free (SimOcsp *self);

/* Asks whether @certificate_der (already verified to chain to the CA) is good; blocks at most a
 * few seconds. Thread-safe. Errors: SIM_ERROR_CERT_REVOKED, SIM_ERROR_CERT_STATUS_UNKNOWN,
 * SIM_ERROR_REVOCATION_UNAVAILABLE (no answer, or one that is garbled, stale, not for this
 * certificate or not signed by the CA's responder), SIM_ERROR_BAD_REQUEST (not a certificate). */
gboolean sim_ocsp_check (SimOcsp *self, GBytes *certificate_der, GError **error);

/* The same in a worker thread; @callback runs in the caller's main context. */
void sim_ocsp_check_async (SimOcsp *self, GBytes *certificate_der, GAsyncReadyCallback callback,
                           gpointer user_data);

/* Finishes sim_ocsp_check_async(). */
gboolean sim_ocsp_check_finish (SimOcsp *self, GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimOcsp, sim_ocsp_free)

G_END_DECLS
