/* sim-jpki.c: the emulated JPKI card: SELECT, READ BINARY, VERIFY and COMPUTE SIGNATURE. */
#include "sim/card/sim-jpki.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rsa.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)

/* ISO 7816-4 status words this card answers. */
enum {
  SW_OK = 0x9000,
  SW_WRONG_LENGTH = 0x6700,
  SW_INCOMPATIBLE_FILE = 0x6981,
  SW_SECURITY_NOT_SATISFIED = 0x6982,
  SW_PIN_BLOCKED = 0x6983,
  SW_NO_CURRENT_EF = 0x6986,
  SW_WRONG_DATA = 0x6A80,
  SW_NOT_FOUND = 0x6A82,
  SW_WRONG_P1P2 = 0x6A86,
  SW_WRONG_OFFSET = 0x6B00,
  SW_WRONG_LE = 0x6C00,
  SW_INS_UNSUPPORTED = 0x6D00,
  SW_CLA_UNSUPPORTED = 0x6E00,
  SW_UNKNOWN = 0x6F00,
  SW_TRIES_LEFT = 0x63C0,
};

/* The elementary files of the JPKI AP's user-authentication half (DOMAIN.md). */
typedef enum {
  EF_NONE,
  EF_CERT,    /* 000A: user-authentication certificate */
  EF_CA_CERT, /* 000B: its CA certificate */
  EF_KEY,     /* 0017: user-authentication private key */
  EF_PIN,     /* 0018: user-authentication PIN */
} JpkiEf;

static const guint8 jpki_aid[] = { 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };

struct _KioskSimJpki {
  GBytes *cert;
  GBytes *ca_cert;
  EVP_PKEY *key;
  char *pin;
  guint tries_left;
  gboolean ap_present;  /* FALSE: not a My Number Card */
  gboolean ap_selected; /* the JPKI AP is the current DF */
  JpkiEf current_ef;
  gboolean verified; /* the user-auth PIN was verified in this power cycle and AP selection */
};

/* A command APDU split into its ISO 7816-3 parts (short lengths only). */
typedef struct {
  guint8 cla, ins, p1, p2;
  const guint8 *data;
  gsize lc;
  gboolean has_le;
  gsize le; /* 1..256 */
} Apdu;

/* Splits @buf into @apdu; FALSE when the lengths do not add up (or use extended length). */
static gboolean
apdu_parse (const guint8 *buf, gsize len, Apdu *apdu)
{
  memset (apdu, 0, sizeof *apdu);
  if (len < 4)
    return FALSE;
  apdu->cla = buf[0];
  apdu->ins = buf[1];
  apdu->p1 = buf[2];
  apdu->p2 = buf[3];
  if (len == 4)
    return TRUE;
  if (len == 5) {
    apdu->has_le = TRUE;
    apdu->le = buf[4] ? buf[4] : 256;
    return TRUE;
  }
  apdu->lc = buf[4];
  if (apdu->lc == 0)
    return FALSE;
  apdu->data = buf + 5;
  if (len == 5 + apdu->lc)
    return TRUE;
  if (len == 6 + apdu->lc) {
    apdu->has_le = TRUE;
    apdu->le = buf[len - 1] ? buf[len - 1] : 256;
    return TRUE;
  }
  return FALSE;
}

/* A response of @len data bytes followed by @sw. */
static GBytes *
respond_data (const guint8 *data, gsize len, guint sw)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 2);
  guint8 trailer[2] = { (sw >> 8) & 0xFF, sw & 0xFF };

  if (len > 0)
    g_byte_array_append (out, data, len);
  g_byte_array_append (out, trailer, 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A response made of @sw alone. */
static GBytes *
respond (guint sw)
{
  return respond_data (NULL, 0, sw);
}

/* A card holding the given files; see sim-jpki.h. */
KioskSimJpki *
kiosk_sim_jpki_new (GBytes *cert, GBytes *ca_cert, EVP_PKEY *key, const char *pin, guint tries_left)
{
  KioskSimJpki *self;

  self = g_new0 (KioskSimJpki, 1);
  self->cert = cert != NULL ? g_bytes_ref (cert) : NULL;
  self->ca_cert = ca_cert != NULL ? g_bytes_ref (ca_cert) : NULL;
  if (key != NULL)
    EVP_PKEY_up_ref (key);
  self->key = key;
  self->pin = g_strdup (pin);
  self->ap_present = TRUE;
  self->tries_left = MIN (tries_left, KIOSK_SIM_JPKI_MAX_TRIES);
  kiosk_sim_jpki_reset (self);
  return self;
}

/* Takes the JPKI AP off the card or puts it back. */
void
kiosk_sim_jpki_set_application_present (KioskSimJpki *self, gboolean present)
{
  self->ap_present = present;
  kiosk_sim_jpki_reset (self);
}

/* TRUE when the card holds EF @ef. */
static gboolean
jpki_has_ef (KioskSimJpki *self, JpkiEf ef)
{
  switch (ef) {
  case EF_CERT:
    return self->cert != NULL;
  case EF_CA_CERT:
    return self->ca_cert != NULL;
  case EF_KEY:
    return self->key != NULL;
  case EF_PIN:
    return self->pin != NULL;
  default:
    return FALSE;
  }
}

/* Forgets the selection and the PIN verification, as a power cycle does. */
void
kiosk_sim_jpki_reset (KioskSimJpki *self)
{
  self->ap_selected = FALSE;
  self->current_ef = EF_NONE;
  self->verified = FALSE;
}

/* The user-auth PIN tries left. */
guint
kiosk_sim_jpki_get_tries_left (KioskSimJpki *self)
{
  return self->tries_left;
}

/* SELECT by DF name (P1 04) or by EF identifier (P1 02), without FCI (P2 0C). */
static GBytes *
jpki_select (KioskSimJpki *self, const Apdu *apdu)
{
  static const struct { guint16 fid; JpkiEf ef; } efs[] = {
    { 0x000A, EF_CERT }, { 0x000B, EF_CA_CERT }, { 0x0017, EF_KEY }, { 0x0018, EF_PIN },
  };
  guint16 fid;

  if ((apdu->p1 != 0x04 && apdu->p1 != 0x02) || apdu->p2 != 0x0C)
    return respond (SW_WRONG_P1P2);
  if (apdu->data == NULL || apdu->has_le)
    return respond (SW_WRONG_LENGTH);

  if (apdu->p1 == 0x04) {
    /* Selecting an application, found or not, leaves the security state of the old one. */
    self->ap_selected = self->ap_present && apdu->lc == sizeof jpki_aid &&
                        memcmp (apdu->data, jpki_aid, apdu->lc) == 0;
    self->current_ef = EF_NONE;
    self->verified = FALSE;
    return respond (self->ap_selected ? SW_OK : SW_NOT_FOUND);
  }

  if (apdu->lc != 2)
    return respond (SW_WRONG_LENGTH);
  if (!self->ap_selected)
    return respond (SW_NOT_FOUND);
  fid = (guint16) ((apdu->data[0] << 8) | apdu->data[1]);
  for (gsize i = 0; i < G_N_ELEMENTS (efs); i++) {
    if (efs[i].fid == fid && jpki_has_ef (self, efs[i].ef)) {
      self->current_ef = efs[i].ef;
      return respond (SW_OK);
    }
  }
  return respond (SW_NOT_FOUND);
}

/* READ BINARY of the current certificate EF at the offset in P1P2. */
static GBytes *
jpki_read_binary (KioskSimJpki *self, const Apdu *apdu)
{
  GBytes *file;
  const guint8 *bytes;
  gsize size, offset, count;

  if (apdu->data != NULL || !apdu->has_le)
    return respond (SW_WRONG_LENGTH);
  if (apdu->p1 & 0x80) /* short EF identifiers are not supported */
    return respond (SW_WRONG_P1P2);
  if (!self->ap_selected || self->current_ef == EF_NONE)
    return respond (SW_NO_CURRENT_EF);
  if (self->current_ef == EF_CERT)
    file = self->cert;
  else if (self->current_ef == EF_CA_CERT)
    file = self->ca_cert;
  else
    return respond (SW_INCOMPATIBLE_FILE);

  bytes = g_bytes_get_data (file, &size);
  offset = ((gsize) apdu->p1 << 8) | apdu->p2;
  if (offset >= size)
    return respond (SW_WRONG_OFFSET);
  count = MIN (apdu->le, size - offset);
  return respond_data (bytes + offset, count, SW_OK);
}

/* VERIFY of the user-auth PIN (EF 0018 current): with no data it only reports tries left. */
static GBytes *
jpki_verify (KioskSimJpki *self, const Apdu *apdu)
{
  gsize pin_len;

  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return respond (SW_WRONG_P1P2);
  if (apdu->has_le)
    return respond (SW_WRONG_LENGTH);
  if (!self->ap_selected || self->current_ef != EF_PIN)
    return respond (SW_NO_CURRENT_EF);
  if (self->tries_left == 0)
    return respond (SW_PIN_BLOCKED);
  if (apdu->data == NULL)
    return respond (SW_TRIES_LEFT | self->tries_left);

  pin_len = strlen (self->pin);
  if (apdu->lc == pin_len && CRYPTO_memcmp (apdu->data, self->pin, pin_len) == 0) {
    self->tries_left = KIOSK_SIM_JPKI_MAX_TRIES;
    self->verified = TRUE;
    return respond (SW_OK);
  }
  self->tries_left--;
  self->verified = FALSE;
  return respond (SW_TRIES_LEFT | self->tries_left);
}

/* COMPUTE DIGITAL SIGNATURE: raw RSA PKCS#1 v1.5 over the DigestInfo sent by the terminal. */
static GBytes *
jpki_compute_signature (KioskSimJpki *self, const Apdu *apdu)
{
  g_autoptr (EVP_PKEY_CTX) ctx = NULL;
  g_autofree guint8 *signature = NULL;
  size_t signature_len = 0;

  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return respond (SW_WRONG_P1P2);
  if (apdu->data == NULL)
    return respond (SW_WRONG_LENGTH);
  if (!self->ap_selected || self->current_ef != EF_KEY || !self->verified)
    return respond (SW_SECURITY_NOT_SATISFIED);
  if (apdu->lc + 11 > (gsize) EVP_PKEY_get_size (self->key))
    return respond (SW_WRONG_DATA);

  ctx = EVP_PKEY_CTX_new_from_pkey (NULL, self->key, NULL);
  if (ctx == NULL || EVP_PKEY_sign_init (ctx) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_sign (ctx, NULL, &signature_len, apdu->data, apdu->lc) <= 0)
    return respond (SW_UNKNOWN);
  signature = g_malloc (signature_len);
  if (EVP_PKEY_sign (ctx, signature, &signature_len, apdu->data, apdu->lc) <= 0)
    return respond (SW_UNKNOWN);
  if (apdu->has_le && apdu->le < signature_len)
    return respond (SW_WRONG_LE | (signature_len & 0xFF));
  return respond_data (signature, signature_len, SW_OK);
}

/* Dispatches one command APDU; see sim-jpki.h. */
GBytes *
kiosk_sim_jpki_process (KioskSimJpki *self, const guint8 *buf, gsize len)
{
  Apdu apdu;
  gboolean parsed;

  g_return_val_if_fail (self != NULL, NULL);

  if (buf == NULL || len < 4)
    return respond (SW_WRONG_LENGTH);
  if (buf[0] != 0x00 && buf[0] != 0x80)
    return respond (SW_CLA_UNSUPPORTED);

  parsed = apdu_parse (buf, len, &apdu);
  switch (buf[1]) {
  case 0xA4:
  case 0xB0:
  case 0x20:
    if (buf[0] != 0x00)
      return respond (SW_CLA_UNSUPPORTED);
    break;
  case 0x2A:
    if (buf[0] != 0x80)
      return respond (SW_CLA_UNSUPPORTED);
    break;
  default:
    return respond (SW_INS_UNSUPPORTED);
  }
  if (!parsed)
    return respond (SW_WRONG_LENGTH);

  switch (apdu.ins) {
  case 0xA4:
    return jpki_select (self, &apdu);
  case 0xB0:
    return jpki_read_binary (self, &apdu);
  case 0x20:
    return jpki_verify (self, &apdu);
  default:
    return jpki_compute_signature (self, &apdu);
  }
}

/* Wipes the PIN and frees the card. */
void
kiosk_sim_jpki_free (KioskSimJpki *self)
{
  if (self == NULL)
    return;
  if (self->pin != NULL)
    explicit_bzero (self->pin, strlen (self->pin));
  g_free (self->pin);
  g_clear_pointer (&self->cert, g_bytes_unref);
  g_clear_pointer (&self->ca_cert, g_bytes_unref);
  EVP_PKEY_free (self->key);
  g_free (self);
}
