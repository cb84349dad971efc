/* sim-card-profile.h: what an emulated card is (files, PIN, faults), read from a key file.
 *
 * A profile is a GKeyFile with one group, [card]; every key is optional, an unknown key or
 * group is an error naming it, and a relative path is taken from the profile's directory.
 * The emulator's command-line flags (--cert, --key, --ca-cert, --pin, --sign-cert, --sign-key,
 * --sign-ca-cert, --sign-pin, --apdu-log) override the profile's keys of the same name.
 * docs/card-emulator.md has examples.
 *
 *   [card]
 *   cert=card-1.der             user-auth certificate (DER), EF 000A
 *   key=card-1.key              its private key (PEM), EF 0017
 *   ca-cert=jpki-ca.der         the CA certificate (DER), EF 000B
 *   pin=1234                    user-auth PIN, EF 0018
 *   tries-left=3                PIN tries left when the card starts (0..3); written to the
 *                               state file, so it overrides the counter kept there
 *   locked=false                true: tries-left=0
 *   user-auth-certificate=true  false: EF 000A and EF 0017 are not on the card (6A 82)
 *   sign-cert=card-1-sign.der   signing certificate (DER), EF 0001, read after the signing PIN
 *   sign-key=card-1-sign.key    its private key (PEM), EF 001A
 *   sign-ca-cert=jpki-sign-ca.der  the signing CA's certificate (DER), EF 0002
 *   sign-pin=ABCD1234           signing PIN, EF 001B: 6 to 16 of A-Z and 0-9
 *                               (the four sign-* files and PIN come together or not at all:
 *                               without them EFs 0001, 0002, 001A and 001B answer 6A 82)
 *   sign-tries-left=5           signing PIN tries left when the card starts (0..5); written to
 *                               the state file, as tries-left is
 *   sign-locked=false           true: sign-tries-left=0
 *   jpki=true                   false: not a My Number Card: another ATR, and SELECT of the
 *                               JPKI AP answers 6A 82
 *   atr=3BE000FF8131FE4514      the ATR in hex (default: the My Number Card's, or with
 *                               jpki=false a generic T=1 card's)
 *   transport=t1                t0: answers as a T=0 card does: data of a command that sent
 *                               data comes by GET RESPONSE after 61 xx, a wrong Le gets 6C xx
 *   max-response=256            t0 only: the most data bytes the card puts in one answer
 *   tear-after=0                N > 0: the card answers N APDUs, then leaves the reader
 *                               (disconnects from vpcd) when the next one arrives
 *   apdu-log=apdus.log          appends one line per APDU received (see sim-apdu-log.h)
 *   bit-rate=212k               any of these four keys turns the contactless timing model on:
 *   command-us=1000             the card then answers each APDU only after the time a real
 *   rsa-ms=200                  card would take on a 14443 link (sim-timing.h has the model
 *   frame-size=256              and the defaults); without them it answers at once
 */
#pragma once

#include <glib.h>

#include "sim/card/sim-timing.h"

G_BEGIN_DECLS

/* How the card frames its answers. */
typedef enum {
  KIOSK_SIM_TRANSPORT_T1, /* data and status word in one answer */
  KIOSK_SIM_TRANSPORT_T0, /* 61 xx / GET RESPONSE, 6C xx */
} KioskSimTransport;

typedef struct {
  char *cert_path;              /* NULL: none given */
  char *key_path;
  char *ca_cert_path;
  char *pin;                    /* wiped when freed */
  gint tries_left;              /* -1: as the state file says */
  char *sign_cert_path;         /* NULL: none given (the signing half needs all four) */
  char *sign_key_path;
  char *sign_ca_cert_path;
  char *sign_pin;               /* wiped when freed */
  gint sign_tries_left;         /* -1: as the state file says */
  gboolean user_auth_certificate;
  gboolean jpki;
  GBytes *atr;                  /* NULL: the default for @jpki */
  KioskSimTransport transport;
  guint max_response;           /* 1..256 */
  guint tear_after;             /* 0: never */
  char *apdu_log_path;          /* NULL: no log */
  gboolean timed;               /* a timing key was given: answers take the modelled time */
  KioskSimTiming timing;
} KioskSimCardProfile;

/* A profile with every key at its default: a fresh My Number Card over T=1, no files yet. */
KioskSimCardProfile *kiosk_sim_card_profile_new (void);

/* Reads the key file @path into @self (keys it does not set keep their values). Fails with a
 * message naming @path and the key for an unknown group or key, a bad value or a missing file. */
gboolean kiosk_sim_card_profile_load (KioskSimCardProfile *self, const char *path, GError **error);

/* Checks that @self describes a card the emulator can present: the files and PIN a JPKI card
 * needs are given, and the signing half is either whole (with a well-formed PIN) or absent. */
gboolean kiosk_sim_card_profile_check (KioskSimCardProfile *self, GError **error);

/* Replaces the string in *@field with a copy of @value when @value is not NULL. */
void kiosk_sim_card_profile_override (char **field, const char *value);

/* TRUE when the card has a signing half (EFs 0001, 0002, 001A, 001B); after a successful
 * kiosk_sim_card_profile_check() its four files and PIN are all given. */
gboolean kiosk_sim_card_profile_has_signing (KioskSimCardProfile *self);

/* The ATR the card presents. */
GBytes *kiosk_sim_card_profile_get_atr (KioskSimCardProfile *self);

/* Wipes the PINs and frees @self; NULL is allowed. */
void kiosk_sim_card_profile_free (KioskSimCardProfile *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSimCardProfile, kiosk_sim_card_profile_free)

G_END_DECLS
