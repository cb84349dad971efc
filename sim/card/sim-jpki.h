/* sim-jpki.h: the emulated JPKI card's APDU logic, a function of its state and one command. */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

/* User-authentication PIN tries of a fresh card (DOMAIN.md: 3 tries, then locked). */
#define KIOSK_SIM_JPKI_MAX_TRIES 3
/* Signing PIN tries of a fresh card (DOMAIN.md: 5 tries, then locked). */
#define KIOSK_SIM_JPKI_SIGN_MAX_TRIES 5

typedef struct _KioskSimJpki KioskSimJpki;

/* A card holding @cert (EF 000A), @ca_cert (EF 000B), @key (EF 0017, a reference is taken) and
 * @pin (EF 0018, copied) with @tries_left user-auth PIN tries; the card starts powered off.
 * Any of them may be NULL: that EF is not on the card (SELECT answers 6A 82). The card has no
 * signing half until kiosk_sim_jpki_set_signing() gives it one. */
KioskSimJpki *kiosk_sim_jpki_new (GBytes *cert,
                                  GBytes *ca_cert,
                                  EVP_PKEY *key,
                                  const char *pin,
                                  guint tries_left);

/* Gives the card its signing half: @cert (EF 0001, readable only once the signing PIN is
 * verified), @ca_cert (EF 0002), @key (EF 001A, a reference is taken) and @pin (EF 001B, copied)
 * with @tries_left signing PIN tries. NULL ones are not on the card (6A 82), as before the call. */
void kiosk_sim_jpki_set_signing (KioskSimJpki *self,
                                 GBytes *cert,
                                 GBytes *ca_cert,
                                 EVP_PKEY *key,
                                 const char *pin,
                                 guint tries_left);

/* With @present FALSE the card has no JPKI AP: SELECT of its AID answers 6A 82 (another card). */
void kiosk_sim_jpki_set_application_present (KioskSimJpki *self, gboolean present);

/* Power off, power on or reset: no application selected, no PIN verified. */
void kiosk_sim_jpki_reset (KioskSimJpki *self);

/* The user-auth PIN tries left (0 = locked), for the caller to persist. */
guint kiosk_sim_jpki_get_tries_left (KioskSimJpki *self);

/* The signing PIN tries left (0 = locked), for the caller to persist. */
guint kiosk_sim_jpki_get_sign_tries_left (KioskSimJpki *self);

/* Answers one command APDU: response data followed by SW1 SW2, never less than two bytes.
 * Any input, however malformed, gets an ISO 7816-4 status word. */
GBytes *kiosk_sim_jpki_process (KioskSimJpki *self, const guint8 *apdu, gsize apdu_len);

/* Wipes the PINs and frees the card; NULL is allowed. */
void kiosk_sim_jpki_free (KioskSimJpki *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSimJpki, kiosk_sim_jpki_free)

G_END_DECLS
