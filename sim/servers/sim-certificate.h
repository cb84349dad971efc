/* sim-certificate.h: the few facts the simulators read from X.509 certificates (OpenSSL). */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE, X509_STORE_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_STORE_CTX, X509_STORE_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)

/* Parses a DER certificate; NULL with @error set if it is not one. */
X509 *sim_certificate_from_der (GBytes *der, GError **error);

/* The subject's commonName as UTF-8, or NULL if it has none. */
char *sim_certificate_common_name (X509 *cert);

/* The serial number as upper-case hex without leading zeros ("5A000001"). */
char *sim_certificate_serial_hex (X509 *cert);

/* The SHA-256 of @der as lower-case hex. */
char *sim_certificate_fingerprint (GBytes *der);

/* Loads a PEM private key from @path. */
EVP_PKEY *sim_certificate_load_private_key (const char *path, GError **error);

G_END_DECLS
