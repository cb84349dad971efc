/* sim-card-state.h: the PIN counters an emulated card keeps across insertions (--state FILE).
 *
 * A real card keeps its PIN retry counters in EEPROM; the emulator keeps them in a key file,
 * rewritten atomically whenever a counter changes:
 *
 *   # kiosk-sim-card: PIN tries left, kept across insertions
 *
 *   [tries-left]
 *   user-auth=3                 EF 0018, 0..3
 *   signing=5                   EF 001B, 0..5
 *
 * A missing key is a fresh counter. A file holding a single number (the format before the
 * signing PIN) is read as the user-auth counter with a fresh signing counter, and is rewritten
 * in the format above when the card starts.
 */
#pragma once

#include <glib.h>

#include "sim/card/sim-card-profile.h"

G_BEGIN_DECLS

/* The PIN tries left of both halves of the card. */
typedef struct {
  guint user_auth; /* 0..KIOSK_SIM_JPKI_MAX_TRIES */
  guint signing;   /* 0..KIOSK_SIM_JPKI_SIGN_MAX_TRIES */
} KioskSimCardCounters;

/* Reads the counters kept in @path into @counters: a fresh card's when @path does not exist.
 * Fails, naming @path, for a file that is neither format or holds a counter out of range. */
gboolean kiosk_sim_card_state_read (const char *path, KioskSimCardCounters *counters, GError **error);

/* Writes @counters to @path atomically, in the current format. */
gboolean kiosk_sim_card_state_write (const char *path, const KioskSimCardCounters *counters, GError **error);

/* The counters a card starts with: those kept in @path, except the ones @profile sets
 * (tries-left/locked, sign-tries-left/sign-locked); writes them back to @path. */
gboolean kiosk_sim_card_state_start (const char *path,
                                     const KioskSimCardProfile *profile,
                                     KioskSimCardCounters *counters,
                                     GError **error);

G_END_DECLS
