/* sim-card-auth.c: X509_verify_cert against the JPKI CA and RSA signature checks with OpenSSL. */
#include "sim/servers/sim-card-auth.h"

#include <gio/gio.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "sim/servers/sim-certificate.h"
#include "sim/servers/sim-error.h"

struct _SimCardAuth {
  X509_STORE *store;
};

/* Loads the CA into an X509_STORE. */
SimCardAuth *
sim_card_auth_new (const char *jpki_ca_path, GError **error)
{
  g_autoptr (SimCardAuth) self = g_new0 (SimCardAuth, 1);

  self->store = X509_STORE_new ();
  if (self->store == NULL || X509_STORE_load_file (self->store, jpki_ca_path) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot load JPKI CA %s",
                   jpki_ca_path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Frees the store. */
void
sim_card_auth_free (SimCardAuth *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->store, X509_STORE_free);
  g_free (self);
}

/* Frees an identity. */
void
sim_card_identity_free (SimCardIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->fingerprint);
  g_free (identity->serial);
  g_free (identity);
}

/* Builds the challenge bytes. */
GBytes *
sim_card_auth_challenge (const char *nonce, const char *terminal_id, const char *terminal_time)
{
  char *text = g_strdup_printf ("kiosk-auth-v1\n%s\n%s\n%s", nonce, terminal_id, terminal_time);

  return g_bytes_new_take (text, strlen (text));
}

/* Checks the chain and validity at the current time; expiry has its own code. */
static gboolean
sim_card_auth_verify_chain (SimCardAuth *self, X509 *cert, GError **error)
{
  g_autoptr (X509_STORE_CTX) ctx = X509_STORE_CTX_new ();
  int verdict;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, self->store, cert, NULL) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cannot set up verification");
      return FALSE;
    }
  if (X509_verify_cert (ctx) == 1)
    return TRUE;
  verdict = X509_STORE_CTX_get_error (ctx);
  if (verdict == X509_V_ERR_CERT_HAS_EXPIRED || verdict == X509_V_ERR_CERT_NOT_YET_VALID)
    g_set_error (error, SIM_ERROR, SIM_ERROR_CERT_EXPIRED, "card certificate outside validity");
  else
    g_set_error (error, SIM_ERROR, SIM_ERROR_AUTH_FAILED, "card certificate: %s",
                 X509_verify_cert_error_string (verdict));
  return FALSE;
}

/* Verifies an RSA PKCS#1 v1.5 SHA-256 signature with the certificate's key. */
static gboolean
sim_card_auth_verify_signature (X509 *cert, GBytes *challenge, GBytes *signature, GError **error)
{
  EVP_PKEY *key = X509_get0_pubkey (cert);
  g_autoptr (EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  gsize data_len = 0, sig_len = 0;
  const guint8 *data = g_bytes_get_data (challenge, &data_len);
  const guint8 *sig = g_bytes_get_data (signature, &sig_len);

  if (key == NULL || EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA || ctx == NULL
      || EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, key) != 1
      || EVP_DigestVerify (ctx, sig, sig_len, data, data_len) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_AUTH_FAILED, "card signature does not verify");
      return FALSE;
    }
  return TRUE;
}

/* Verifies the card and returns its identity. */
SimCardIdentity *
sim_card_auth_verify (SimCardAuth *self, GBytes *certificate_der, GBytes *challenge,
                      GBytes *signature, GError **error)
{
  g_autoptr (X509) cert = sim_certificate_from_der (certificate_der, error);
  SimCardIdentity *identity;

  if (cert == NULL || !sim_card_auth_verify_chain (self, cert, error)
      || !sim_card_auth_verify_signature (cert, challenge, signature, error))
    return NULL;
  identity = g_new0 (SimCardIdentity, 1);
  identity->fingerprint = sim_certificate_fingerprint (certificate_der);
  identity->serial = sim_certificate_serial_hex (cert);
  return identity;
}
