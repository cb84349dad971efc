/* card-world.h: the card suite's fixture: a world (pcscd + vpcd + emulator) from kiosk-world. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CardWorld CardWorld;

/* Starts a world with pcscd and no card (sim/world/kiosk-world start DIR --only card --card 0)
 * and points libpcsclite at its pcscd; the world is stopped even if this process dies. */
CardWorld *card_world_start (GError **error);

/* Places card @n on the reader; @fresh starts it with a full PIN counter. Returns once pcscd
 * has read the card's ATR. */
gboolean card_world_insert (CardWorld *self, guint n, gboolean fresh, GError **error);

/* Takes the card off the reader (stops the emulator); returns once it has exited. */
gboolean card_world_remove (CardWorld *self, GError **error);

/* Starts taking the card off without waiting; card_world_remove_finish waits for it. */
gboolean card_world_remove_begin (CardWorld *self, GError **error);

/* Waits (up to @timeout_ms) for the removal started by card_world_remove_begin. */
gboolean card_world_remove_finish (CardWorld *self, guint timeout_ms, GError **error);

/* The emulator's pid, 0 when no card is in. */
GPid card_world_card_pid (CardWorld *self);

/* The world's directory (pki/ holds the card certificates). */
const char *card_world_dir (CardWorld *self);

/* Stops the world and frees @self. */
void card_world_stop (CardWorld *self);

G_END_DECLS
