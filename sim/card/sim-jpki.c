/* sim-jpki.c: the emulated JPKI card: SELECT, READ BINARY, VERIFY and COMPUTE SIGNATURE, over
 * its user-authentication and signing halves. */
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

/* The JPKI AP's two key pairs, each with its certificate, CA certificate and PIN (DOMAIN.md). */
typedef enum {
  HALF_USER_AUTH,
  HALF_SIGNING,
  N_HALVES,
} JpkiHalf;

/* What one elementary file of a half holds. */
typedef enum {
  PART_CERT,
  PART_CA_CERT,
  PART_KEY,
  PART_PIN,
} JpkiPart;

/* The JPKI AP's elementary files, by identifier. */
static const struct {
  guint16 fid;
  JpkiHalf half;
  JpkiPart part;
} jpki_efs[] = {
  { 0x000A, HALF_USER_AUTH, PART_CERT }, { 0x000B, HALF_USER_AUTH, PART_CA_CERT },
  { 0x0017, HALF_USER_AUTH, PART_KEY },  { 0x0018, HALF_USER_AUTH, PART_PIN },
  { 0x0001, HALF_SIGNING, PART_CERT },   { 0x0002, HALF_SIGNING, PART_CA_CERT },
  { 0x001A, HALF_SIGNING, PART_KEY },    { 0x001B, HALF_SIGNING, PART_PIN },
};

/* No EF is current. */
#define EF_NONE (-1)

static const guint8 jpki_aid[] = { 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };

/* One half of the AP: its files (NULL: not on the card), its PIN counter and security state. */
typedef struct {
  GBytes *cert;
  GBytes *ca_cert;
  EVP_PKEY *key;
  char *pin;
  guint tries_left;
  guint max_tries;
  gboolean verified; /* its PIN was verified in this power cycle and AP selection */
} JpkiKeyPair;

struct _KioskSimJpki {
  JpkiKeyPair halves[N_HALVES];
  gboolean ap_present;  /* FALSE: not a My Number Card */
  gboolean ap_selected; /* the JPKI AP is the current DF */
  gint current_ef;      /* index in jpki_efs, or EF_NONE */
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

/* Wipes the PIN of @pair and drops its files: that half is no longer on the card. */
static void
key_pair_clear (JpkiKeyPair *pair)
{
  if (pair->pin != NULL)
    explicit_bzero (pair->pin, strlen (pair->pin));
  g_clear_pointer (&pair->pin, g_free);
  g_clear_pointer (&pair->cert, g_bytes_unref);
  g_clear_pointer (&pair->ca_cert, g_bytes_unref);
  g_clear_pointer (&pair->key, EVP_PKEY_free);
}

/* Puts the given files (any may be NULL) into @pair, with @tries_left of its @max_tries. */
static void
key_pair_set (JpkiKeyPair *pair, GBytes *cert, GBytes *ca_cert, EVP_PKEY *key, const char *pin, guint tries_left,
              guint max_tries)
{
  key_pair_clear (pair);
  pair->cert = cert != NULL ? g_bytes_ref (cert) : NULL;
  pair->ca_cert = ca_cert != NULL ? g_bytes_ref (ca_cert) : NULL;
  if (key != NULL)
    EVP_PKEY_up_ref (key);
  pair->key = key;
  pair->pin = g_strdup (pin);
  pair->max_tries = max_tries;
  pair->tries_left = MIN (tries_left, max_tries);
  pair->verified = FALSE;
}

/* A card holding the given files; see sim-jpki.h. */
KioskSimJpki *
kiosk_sim_jpki_new (GBytes *cert, GBytes *ca_cert, EVP_PKEY *key, const char *pin, guint tries_left)
{
  KioskSimJpki *self;

  self = g_new0 (KioskSimJpki, 1);
  key_pair_set (&self->halves[HALF_USER_AUTH], cert, ca_cert, key, pin, tries_left, KIOSK_SIM_JPKI_MAX_TRIES);
  key_pair_set (&self->halves[HALF_SIGNING], NULL, NULL, NULL, NULL, KIOSK_SIM_JPKI_SIGN_MAX_TRIES,
                KIOSK_SIM_JPKI_SIGN_MAX_TRIES);
  self->ap_present = TRUE;
  kiosk_sim_jpki_reset (self);
  return self;
}

/* Gives the card its signing half; see sim-jpki.h. */
void
kiosk_sim_jpki_set_signing (KioskSimJpki *self, GBytes *cert, GBytes *ca_cert, EVP_PKEY *key, const char *pin,
                            guint tries_left)
{
  g_return_if_fail (self != NULL);

  key_pair_set (&self->halves[HALF_SIGNING], cert, ca_cert, key, pin, tries_left, KIOSK_SIM_JPKI_SIGN_MAX_TRIES);
  kiosk_sim_jpki_reset (self);
}

/* Takes the JPKI AP off the card or puts it back. */
void
kiosk_sim_jpki_set_application_present (KioskSimJpki *self, gboolean present)
{
  self->ap_present = present;
  kiosk_sim_jpki_reset (self);
}

/* TRUE when the card holds the EF at @index in jpki_efs. */
static gboolean
jpki_has_ef (KioskSimJpki *self, gsize index)
{
  const JpkiKeyPair *pair = &self->halves[jpki_efs[index].half];

  switch (jpki_efs[index].part) {
  case PART_CERT:
    return pair->cert != NULL;
  case PART_CA_CERT:
    return pair->ca_cert != NULL;
  case PART_KEY:
    return pair->key != NULL;
  case PART_PIN:
    return pair->pin != NULL;
  default:
    return FALSE;
  }
}

/* Forgets the PIN verifications of both halves, as leaving the AP does. */
static void
jpki_forget_verification (KioskSimJpki *self)
{
  for (gsize i = 0; i < N_HALVES; i++)
    self->halves[i].verified = FALSE;
}

/* Forgets the selection and the PIN verifications, as a power cycle does. */
void
kiosk_sim_jpki_reset (KioskSimJpki *self)
{
  self->ap_selected = FALSE;
  self->current_ef = EF_NONE;
  jpki_forget_verification (self);
}

/* The user-auth PIN tries left. */
guint
kiosk_sim_jpki_get_tries_left (KioskSimJpki *self)
{
  return self->halves[HALF_USER_AUTH].tries_left;
}

/* The signing PIN tries left. */
guint
kiosk_sim_jpki_get_sign_tries_left (KioskSimJpki *self)
{
  return self->halves[HALF_SIGNING].tries_left;
}

/* The current EF when it is a @part EF (of either half), else NULL. */
static JpkiKeyPair *
jpki_current (KioskSimJpki *self, JpkiPart part)
{
  if (!self->ap_selected || self->current_ef == EF_NONE || jpki_efs[self->current_ef].part != part)
    return NULL;
  return &self->halves[jpki_efs[self->current_ef].half];
}

/* SELECT by DF name (P1 04) or by EF identifier (P1 02), without FCI (P2 0C). */
static GBytes *
jpki_select (KioskSimJpki *self, const Apdu *apdu)
{
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
    jpki_forget_verification (self);
    return respond (self->ap_selected ? SW_OK : SW_NOT_FOUND);
  }

  if (apdu->lc != 2)
    return respond (SW_WRONG_LENGTH);
  if (!self->ap_selected)
    return respond (SW_NOT_FOUND);
  fid = (guint16) ((apdu->data[0] << 8) | apdu->data[1]);
  for (gsize i = 0; i < G_N_ELEMENTS (jpki_efs); i++) {
    if (jpki_efs[i].fid == fid && jpki_has_ef (self, i)) {
      self->current_ef = (gint) i;
      return respond (SW_OK);
    }
  }
  return respond (SW_NOT_FOUND);
}

/* READ BINARY of the current certificate EF at the offset in P1P2. The signing certificate
 * names its holder, so it is read only after the signing PIN (DOMAIN.md). */
static GBytes *
jpki_read_binary (KioskSimJpki *self, const Apdu *apdu)
{
  const JpkiKeyPair *pair;
  GBytes *file;
  const guint8 *bytes;
  gsize size, offset, count;

  if (apdu->data != NULL || !apdu->has_le)
    return respond (SW_WRONG_LENGTH);
  if (apdu->p1 & 0x80) /* short EF identifiers are not supported */
    return respond (SW_WRONG_P1P2);
  if (!self->ap_selected || self->current_ef == EF_NONE)
    return respond (SW_NO_CURRENT_EF);
  pair = &self->halves[jpki_efs[self->current_ef].half];
  if (jpki_efs[self->current_ef].part == PART_CERT) {
    if (jpki_efs[self->current_ef].half == HALF_SIGNING && !pair->verified)
      return respond (SW_SECURITY_NOT_SATISFIED);
    file = pair->cert;
  } else if (jpki_efs[self->current_ef].part == PART_CA_CERT)
    file = pair->ca_cert;
  else
    return respond (SW_INCOMPATIBLE_FILE);

  bytes = g_bytes_get_data (file, &size);
  offset = ((gsize) apdu->p1 << 8) | apdu->p2;
  if (offset >= size)
    return respond (SW_WRONG_OFFSET);
  count = MIN (apdu->le, size - offset);
  return respond_data (bytes + offset, count, SW_OK);
}

/* VERIFY of the current PIN EF (0018 or 001B): with no data it only reports tries left. */
static GBytes *
jpki_verify (KioskSimJpki *self, const Apdu *apdu)
{
  JpkiKeyPair *pair;
  gsize pin_len;

  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return respond (SW_WRONG_P1P2);
  if (apdu->has_le)
    return respond (SW_WRONG_LENGTH);
  pair = jpki_current (self, PART_PIN);
  if (pair == NULL)
    return respond (SW_NO_CURRENT_EF);
  /* A locked PIN refuses a PIN (69 83) but still answers the query with 63 C0, as the
   * query's answer is always 63 Cx (OpenSC's JPKI driver requires SW1 63). */
  if (apdu->data == NULL)
    return respond (SW_TRIES_LEFT | pair->tries_left);
  if (pair->tries_left == 0)
    return respond (SW_PIN_BLOCKED);

  pin_len = strlen (pair->pin);
  if (apdu->lc == pin_len && CRYPTO_memcmp (apdu->data, pair->pin, pin_len) == 0) {
    pair->tries_left = pair->max_tries;
    pair->verified = TRUE;
    return respond (SW_OK);
  }
  pair->tries_left--;
  pair->verified = FALSE;
  return respond (SW_TRIES_LEFT | pair->tries_left);
}

/* COMPUTE DIGITAL SIGNATURE with the current key EF (0017 or 001A), once its own PIN is
 * verified: raw RSA PKCS#1 v1.5 over the DigestInfo sent by the terminal. */
static GBytes *
jpki_compute_signature (KioskSimJpki *self, const Apdu *apdu)
{
  g_autoptr (EVP_PKEY_CTX) ctx = NULL;
  g_autofree guint8 *signature = NULL;
  size_t signature_len = 0;
  JpkiKeyPair *pair;

  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return respond (SW_WRONG_P1P2);
  if (apdu->data == NULL)
    return respond (SW_WRONG_LENGTH);
  pair = jpki_current (self, PART_KEY);
  if (pair == NULL || !pair->verified)
    return respond (SW_SECURITY_NOT_SATISFIED);
  if (apdu->lc + 11 > (gsize) EVP_PKEY_get_size (pair->key))
    return respond (SW_WRONG_DATA);

  ctx = EVP_PKEY_CTX_new_from_pkey (NULL, pair->key, NULL);
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

/* Wipes the PINs and frees the card. */
void
kiosk_sim_jpki_free (KioskSimJpki *self)
{
  if (self == NULL)
    return;
  for (gsize i = 0; i < N_HALVES; i++)
    key_pair_clear (&self->halves[i]);
  g_free (self);
}
