/* sim-certificate.c: certificate facts with OpenSSL: subject CN, serial, fingerprint, keys. */
#include "sim/servers/sim-certificate.h"

#include <gio/gio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>

#include "sim/servers/sim-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

/* Parses DER bytes into an X509, refusing trailing garbage. */
X509 *
sim_certificate_from_der (GBytes *der, GError **error)
{
  gsize len = 0;
  const unsigned char *data = g_bytes_get_data (der, &len);
  const unsigned char *p = data;
  X509 *cert = NULL;

  if (len > 0 && len < G_MAXINT)
    cert = d2i_X509 (NULL, &p, (long) len);
  if (cert == NULL || (gsize) (p - data) != len)
    {
      X509_free (cert);
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "not a DER X.509 certificate");
      return NULL;
    }
  return cert;
}

/* Reads the subject's CN through OpenSSL's name API. */
char *
sim_certificate_common_name (X509 *cert)
{
  X509_NAME *name = X509_get_subject_name (cert);
  int index = X509_NAME_get_index_by_NID (name, NID_commonName, -1);
  unsigned char *utf8 = NULL;
  char *result;
  int len;

  if (index < 0)
    return NULL;
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));
  if (len < 0)
    return NULL;
  result = g_strndup ((const char *) utf8, (gsize) len);
  OPENSSL_free (utf8);
  return result;
}

/* Formats the serial as the registry keys it: upper-case hex. */
char *
sim_certificate_serial_hex (X509 *cert)
{
  g_autoptr (BIGNUM) bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  char *hex;
  char *result;

  if (bn == NULL || (hex = BN_bn2hex (bn)) == NULL)
    return NULL;
  result = g_strdup (hex);
  OPENSSL_free (hex);
  return result;
}

/* SHA-256 of the DER bytes, lower-case hex (GLib's checksum). */
char *
sim_certificate_fingerprint (GBytes *der)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

/* Loads a PEM private key file. */
EVP_PKEY *
sim_certificate_load_private_key (const char *path, GError **error)
{
  g_autoptr (BIO) bio = BIO_new_file (path, "r");
  EVP_PKEY *key = NULL;

  if (bio != NULL)
    key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (key == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "cannot read private key %s", path);
  return key;
}
