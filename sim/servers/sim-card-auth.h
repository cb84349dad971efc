/* sim-card-auth.h: the center's check of a card's authentication (chain, validity, signature). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SimCardAuth SimCardAuth;

/* What the center learns of an authenticated card. */
typedef struct {
  char *fingerprint; /* SHA-256 hex of the DER certificate */
  char *serial;      /* upper-case hex, as municipal registries key residents */
} SimCardIdentity;

/* A verifier trusting the JPKI user-authentication CA in @jpki_ca_path (PEM). */
SimCardAuth *sim_card_auth_new (const char *jpki_ca_path, GError **error);

/* Frees the verifier. */
void sim_card_auth_free (SimCardAuth *self);

/* The exact bytes the card signs: "kiosk-auth-v1\n<nonce>\n<terminal_id>\n<terminal_time>". */
GBytes *sim_card_auth_challenge (const char *nonce, const char *terminal_id,
                                 const char *terminal_time);

/* Verifies @certificate_der chains to the CA and is valid now, and that @signature is its RSA
 * PKCS#1 v1.5 SHA-256 signature over @challenge. Errors: SIM_ERROR_CERT_EXPIRED,
 * SIM_ERROR_AUTH_FAILED, SIM_ERROR_BAD_REQUEST (not a certificate). */
SimCardIdentity *sim_card_auth_verify (SimCardAuth *self, GBytes *certificate_der,
                                       GBytes *challenge, GBytes *signature, GError **error);

/* Frees an identity. */
void sim_card_identity_free (SimCardIdentity *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCardAuth, sim_card_auth_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCardIdentity, sim_card_identity_free)

G_END_DECLS
