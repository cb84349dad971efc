/* kiosk-card-jpki.c: the JPKI AP: certificate, user-auth PIN and signature, over ISO 7816. */
#include "drivers/card/kiosk-card-jpki.h"

#include <string.h>

#include <openssl/x509.h>

#include "app/kiosk-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

/* ISO 7816-4 status words the JPKI AP answers. */
enum {
  SW_OK = 0x9000,
  SW_SECURITY_NOT_SATISFIED = 0x6982,
  SW_PIN_BLOCKED = 0x6983,
  SW_PIN_UNUSABLE = 0x6984,
  SW_NOT_FOUND = 0x6A82,
  SW_WRONG_OFFSET = 0x6B00,
};

/* The JPKI AP's files for user authentication (DOMAIN.md). */
enum {
  JPKI_EF_CERT = 0x000A,
  JPKI_EF_KEY = 0x0017,
  JPKI_EF_PIN = 0x0018,
};

/* The user-auth certificate is about 1 KiB; anything far larger is not a certificate. */
#define JPKI_CERT_MAX 0x7FFF
/* The user-auth PIN is four digits. */
#define JPKI_PIN_LEN 4

static const guint8 jpki_atr[] = { 0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14 };
static const guint8 jpki_aid[] = { 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
/* DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2, note 1). */
static const guint8 sha256_digest_info_prefix[] = {
  0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};

typedef struct {
  KioskCredential parent;
  KioskCardLink *link;
  guint16 current_ef; /* the EF the card has selected, 0 when unknown; saves a repeated SELECT */
} KioskJpkiCard;

/* Sends CLA INS P1 P2 [Lc data] [Le] (@le < 0: none, 256 is sent as 00), wiping the command. */
static GBytes *
jpki_command (KioskJpkiCard *self, guint8 cla, guint8 ins, guint8 p1, guint8 p2, const guint8 *data, gsize lc,
              int le, guint16 *sw, GError **error)
{
  guint8 apdu[4 + 1 + 255 + 1];
  gsize len = 0;
  GBytes *answer;

  g_return_val_if_fail (lc <= 255 && le <= 256, NULL);

  apdu[len++] = cla;
  apdu[len++] = ins;
  apdu[len++] = p1;
  apdu[len++] = p2;
  if (lc > 0) {
    apdu[len++] = (guint8) lc;
    memcpy (apdu + len, data, lc);
    len += lc;
  }
  if (le >= 0)
    apdu[len++] = (guint8) (le & 0xFF);
  answer = kiosk_card_link_transmit (self->link, apdu, len, sw, error);
  explicit_bzero (apdu, sizeof apdu);
  if (answer == NULL)
    self->current_ef = 0; /* what the card made of a lost command is unknown */
  return answer;
}

/* Sets @error for status word @sw, answered to @doing, that the caller does not expect. */
static void
jpki_set_sw_error (guint16 sw, const char *doing, GError **error)
{
  if (sw == SW_PIN_BLOCKED || sw == SW_PIN_UNUSABLE || sw == 0x63C0)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "The PIN is locked (card answered %04X to %s)", sw, doing);
  else if (sw == SW_SECURITY_NOT_SATISFIED)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "The card wants the PIN first (%s)", doing);
  else
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The card answered %04X to %s", sw, doing);
}

/* SELECT EF @fid in the JPKI AP; @sw gets the card's answer. The EF still selected by the last
 * SELECT (the PIN's, between asking for the tries left and VERIFY) is not selected again. */
static gboolean
jpki_select_ef (KioskJpkiCard *self, guint16 fid, guint16 *sw, GError **error)
{
  const guint8 fid_bytes[2] = { fid >> 8, fid & 0xFF };
  g_autoptr (GBytes) answer = NULL;

  if (fid == self->current_ef) {
    *sw = SW_OK;
    return TRUE;
  }
  self->current_ef = 0;
  answer = jpki_command (self, 0x00, 0xA4, 0x02, 0x0C, fid_bytes, 2, -1, sw, error);
  if (answer != NULL && *sw == SW_OK)
    self->current_ef = fid;
  return answer != NULL;
}

/* SELECT EF @fid, which must exist. */
static gboolean
jpki_select_ef_or_fail (KioskJpkiCard *self, guint16 fid, GError **error)
{
  g_autofree char *doing = g_strdup_printf ("SELECT EF %04X", fid);
  guint16 sw;

  if (!jpki_select_ef (self, fid, &sw, error))
    return FALSE;
  if (sw != SW_OK) {
    jpki_set_sw_error (sw, doing, error);
    return FALSE;
  }
  return TRUE;
}

/* The total DER length announced by the first bytes of a certificate, 0 if they do not parse. */
static gsize
jpki_der_length (const guint8 *der, gsize len)
{
  if (len < 2)
    return 0;
  if (der[1] < 0x80)
    return 2 + der[1];
  if (der[1] == 0x81 && len >= 3)
    return 3 + der[2];
  if (der[1] == 0x82 && len >= 4)
    return 4 + ((gsize) der[2] << 8 | der[3]);
  return 0;
}

/* Fails with KIOSK_ERROR_CERT_EXPIRED or _NOT_YET_VALID unless now lies within @der's validity
 * period, so that such a card is told before its PIN is asked; a certificate OpenSSL cannot
 * parse is refused. */
static gboolean
jpki_check_validity (GBytes *der, GError **error)
{
  gsize len;
  const unsigned char *start = g_bytes_get_data (der, &len);
  const unsigned char *p = start;
  g_autoptr (X509) cert = d2i_X509 (NULL, &p, (long) len);
  int after, before;

  if (cert == NULL || p != start + len) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "EF 000A does not hold a DER certificate");
    return FALSE;
  }
  after = X509_cmp_current_time (X509_get0_notAfter (cert));
  before = X509_cmp_current_time (X509_get0_notBefore (cert));
  if (after == 0 || before == 0) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The certificate's validity dates do not parse");
    return FALSE;
  }
  if (after < 0 || before > 0) {
    if (after < 0)
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CERT_EXPIRED, "The certificate has expired");
    else
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CERT_NOT_YET_VALID, "The certificate is not valid yet");
    return FALSE;
  }
  return TRUE;
}

/* Reads EF 000A in as few READ BINARY as the card allows: the first asks for a whole short
 * answer (256 bytes), whose first 4 bytes give the certificate's length; a card that answers
 * fewer bytes than asked (directly, or through 6C xx) has shown its largest answer, and the
 * remaining reads ask for exactly that much, so none is refused and repeated. */
static GBytes *
jpki_read_certificate (KioskCredential *credential, GError **error)
{
  KioskJpkiCard *self = (KioskJpkiCard *) credential;
  g_autoptr (GByteArray) cert = g_byte_array_new ();
  g_autoptr (GBytes) der = NULL;
  guint16 sw;
  gsize total = 0;
  gsize max_le = 256;

  if (!jpki_select_ef (self, JPKI_EF_CERT, &sw, error))
    return NULL;
  if (sw == SW_NOT_FOUND) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_CERTIFICATE, "The card holds no user-authentication certificate");
    return NULL;
  }
  if (sw != SW_OK) {
    jpki_set_sw_error (sw, "SELECT EF 000A", error);
    return NULL;
  }

  do {
    gsize offset = cert->len;
    int le = total == 0 ? (int) max_le : (int) MIN (max_le, total - offset);
    g_autoptr (GBytes) chunk = jpki_command (self, 0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF, NULL, 0, le,
                                             &sw, error);
    gsize chunk_len;
    const guint8 *bytes;

    if (chunk == NULL)
      return NULL;
    bytes = g_bytes_get_data (chunk, &chunk_len);
    if (total == 0 && (sw == SW_WRONG_OFFSET || (sw == SW_OK && (chunk_len == 0 || bytes[0] != 0x30)))) {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NO_CERTIFICATE, "EF 000A holds no certificate");
      return NULL;
    }
    if (sw != SW_OK) {
      jpki_set_sw_error (sw, "READ BINARY of EF 000A", error);
      return NULL;
    }
    if (chunk_len == 0) {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The certificate ends after %zu of %zu bytes", offset, total);
      return NULL;
    }
    g_byte_array_append (cert, bytes, chunk_len);
    if (total == 0) {
      total = jpki_der_length (cert->data, cert->len);
      if (total == 0 || total > JPKI_CERT_MAX) {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The certificate's DER header is not valid");
        return NULL;
      }
    }
    if (chunk_len < (gsize) le && cert->len < total)
      max_le = chunk_len;
  } while (cert->len < total);

  g_byte_array_set_size (cert, total);
  der = g_byte_array_free_to_bytes (g_steal_pointer (&cert));
  if (!jpki_check_validity (der, error))
    return NULL;
  return g_steal_pointer (&der);
}

/* Asks the card, with VERIFY and no PIN, how many tries are left; never costs a try. */
static int
jpki_pin_tries_left (KioskCredential *credential, GError **error)
{
  KioskJpkiCard *self = (KioskJpkiCard *) credential;
  g_autoptr (GBytes) answer = NULL;
  guint16 sw;

  if (!jpki_select_ef_or_fail (self, JPKI_EF_PIN, error))
    return -1;
  answer = jpki_command (self, 0x00, 0x20, 0x00, 0x80, NULL, 0, -1, &sw, error);
  if (answer == NULL)
    return -1;
  if ((sw & 0xFFF0) == 0x63C0)
    return sw & 0x0F;
  if (sw == SW_PIN_BLOCKED || sw == SW_PIN_UNUSABLE)
    return 0;
  if (sw == SW_OK) /* already verified in this session: the counter is full */
    return KIOSK_JPKI_CARD_PIN_TRIES;
  jpki_set_sw_error (sw, "VERIFY (tries left)", error);
  return -1;
}

/* TRUE if @pin has the user-auth PIN's form: four ASCII digits. */
static gboolean
jpki_pin_is_well_formed (const char *pin)
{
  gsize i;

  for (i = 0; pin[i] != '\0'; i++)
    if (i >= JPKI_PIN_LEN || !g_ascii_isdigit (pin[i]))
      return FALSE;
  return i == JPKI_PIN_LEN;
}

/* VERIFY of the user-auth PIN; @pin is always wiped. */
static gboolean
jpki_verify_pin_unwiped (KioskJpkiCard *self, const char *pin, int *tries_left, GError **error)
{
  g_autoptr (GBytes) answer = NULL;
  guint16 sw;
  int left;

  if (!jpki_pin_is_well_formed (pin)) {
    /* Not sent to the card, so it costs no try. */
    left = jpki_pin_tries_left ((KioskCredential *) self, error);
    if (left < 0)
      return FALSE;
    if (tries_left != NULL)
      *tries_left = left;
    g_set_error (error, KIOSK_ERROR, left == 0 ? KIOSK_ERROR_PIN_LOCKED : KIOSK_ERROR_PIN_WRONG,
                 "The PIN must be %d digits", JPKI_PIN_LEN);
    return FALSE;
  }

  if (!jpki_select_ef_or_fail (self, JPKI_EF_PIN, error))
    return FALSE;
  answer = jpki_command (self, 0x00, 0x20, 0x00, 0x80, (const guint8 *) pin, JPKI_PIN_LEN, -1, &sw, error);
  if (answer == NULL)
    return FALSE;
  if (sw == SW_OK) {
    if (tries_left != NULL)
      *tries_left = KIOSK_JPKI_CARD_PIN_TRIES;
    return TRUE;
  }
  if ((sw & 0xFFF0) == 0x63C0 && (sw & 0x0F) > 0) {
    if (tries_left != NULL)
      *tries_left = sw & 0x0F;
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PIN_WRONG, "Wrong PIN, %d tries left", sw & 0x0F);
    return FALSE;
  }
  if (tries_left != NULL && (sw == 0x63C0 || sw == SW_PIN_BLOCKED || sw == SW_PIN_UNUSABLE))
    *tries_left = 0;
  jpki_set_sw_error (sw, "VERIFY", error);
  return FALSE;
}

/* Verifies the user-auth PIN and wipes @pin whatever happens. */
static gboolean
jpki_verify_pin (KioskCredential *credential, char *pin, int *tries_left, GError **error)
{
  gboolean ok = jpki_verify_pin_unwiped ((KioskJpkiCard *) credential, pin, tries_left, error);

  explicit_bzero (pin, strlen (pin));
  return ok;
}

/* Has the card sign the SHA-256 DigestInfo of @data with the user-auth key (EF 0017). */
static GBytes *
jpki_sign (KioskCredential *credential, GBytes *data, GError **error)
{
  KioskJpkiCard *self = (KioskJpkiCard *) credential;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest_info[sizeof sha256_digest_info_prefix + 32];
  gsize digest_len = 32;
  g_autoptr (GBytes) signature = NULL;
  guint16 sw;

  g_checksum_update (checksum, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  memcpy (digest_info, sha256_digest_info_prefix, sizeof sha256_digest_info_prefix);
  g_checksum_get_digest (checksum, digest_info + sizeof sha256_digest_info_prefix, &digest_len);

  if (!jpki_select_ef_or_fail (self, JPKI_EF_KEY, error))
    return NULL;
  signature = jpki_command (self, 0x80, 0x2A, 0x00, 0x80, digest_info, sizeof digest_info, 256, &sw, error);
  if (signature == NULL)
    return NULL;
  if (sw != SW_OK) {
    jpki_set_sw_error (sw, "COMPUTE DIGITAL SIGNATURE", error);
    return NULL;
  }
  if (g_bytes_get_size (signature) < 128) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The card's signature is only %zu bytes",
                 g_bytes_get_size (signature));
    return NULL;
  }
  return g_steal_pointer (&signature);
}

/* Releases the card: the link's last reference resets it, so no PIN stays verified. */
static void
jpki_free (KioskCredential *credential)
{
  KioskJpkiCard *self = (KioskJpkiCard *) credential;

  kiosk_card_link_unref (self->link);
  g_free (self);
}

static const KioskCredentialOps jpki_ops = {
  .kind = "jpki-card",
  .read_certificate = jpki_read_certificate,
  .pin_tries_left = jpki_pin_tries_left,
  .verify_pin = jpki_verify_pin,
  .sign = jpki_sign,
  .free = jpki_free,
};

/* Checks the ATR and selects the JPKI AP, the only application this driver ever selects. */
KioskCredential *
kiosk_jpki_card_open (KioskCardLink *link, const guint8 *atr, gsize atr_len, GError **error)
{
  g_autoptr (KioskCredential) credential = NULL;
  KioskJpkiCard *self;
  g_autoptr (GBytes) answer = NULL;
  guint16 sw;

  if (atr_len != sizeof jpki_atr || memcmp (atr, jpki_atr, atr_len) != 0) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_MY_NUMBER_CARD, "The card's ATR is not a My Number Card's");
    return NULL;
  }

  self = g_new0 (KioskJpkiCard, 1);
  self->parent.ops = &jpki_ops;
  self->link = kiosk_card_link_ref (link);
  credential = &self->parent;

  answer = jpki_command (self, 0x00, 0xA4, 0x04, 0x0C, jpki_aid, sizeof jpki_aid, -1, &sw, error);
  if (answer == NULL)
    return NULL;
  if (sw == SW_NOT_FOUND) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_MY_NUMBER_CARD, "The card has no JPKI application");
    return NULL;
  }
  if (sw != SW_OK) {
    jpki_set_sw_error (sw, "SELECT of the JPKI AP", error);
    return NULL;
  }
  return g_steal_pointer (&credential);
}
