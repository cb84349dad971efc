/* sim-t0.h: an emulated card's answers framed as a T=0 card frames them (61 xx, 6C xx). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Answers one command APDU the T=1 way: data followed by SW1 SW2. */
typedef GBytes *(*KioskSimT0Inner) (const guint8 *apdu, gsize apdu_len, gpointer user_data);

typedef struct _KioskSimT0 KioskSimT0;

/* A T=0 framing whose answers carry at most @max_response (1..256) data bytes. */
KioskSimT0 *kiosk_sim_t0_new (guint max_response);

/* Answers @apdu through @inner, as a T=0 card would:
 * - a command without data (case 2) gets its data at once when Le is exactly what the card has
 *   for it (at most max_response bytes), else `6C xx` with that number;
 * - any other command whose answer holds data gets `61 xx`, and the data comes by
 *   GET RESPONSE (00 C0 00 00 Le), max_response bytes at a time;
 * - any command but GET RESPONSE drops data still waiting. */
GBytes *kiosk_sim_t0_process (KioskSimT0 *self, const guint8 *apdu, gsize apdu_len, KioskSimT0Inner inner,
                              gpointer user_data);

/* Power off, on or reset: data waiting for GET RESPONSE is dropped. */
void kiosk_sim_t0_reset (KioskSimT0 *self);

/* Frees @self; NULL is allowed. */
void kiosk_sim_t0_free (KioskSimT0 *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSimT0, kiosk_sim_t0_free)

G_END_DECLS
