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

/* Places card @n as card_world_insert() does, the emulator reading @profile (a card profile,
 * docs/card-emulator.md) too; card @n's certificate, key and PIN override the profile's. */
gboolean card_world_insert_profile (CardWorld *self, guint n, gboolean fresh, const char *profile, GError **error);

/* Takes the card off the reader (stops the emulator); returns once it has exited. */
gboolean card_world_remove (CardWorld *self, GError **error);

/* Takes the reader away as an unplugged USB reader or a stopped pcscd does (a card on it goes
 * too); returns once pcscd has exited. */
gboolean card_world_unplug_reader (CardWorld *self, GError **error);

/* Brings the reader back (pcscd starts again, empty); returns once pcscd serves clients. */
gboolean card_world_plug_reader (CardWorld *self, GError **error);

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

/* Starts a world into *@world, runs the registered tests and stops it; a test subprocess runs
 * without a world. Returns g_test_run()'s status, or 1 when the world does not start. */
int card_world_run_tests (CardWorld **world);

/* The bytes of @name in the world's pki/ directory (the test fails when it is missing). */
GBytes *card_world_pki_file (CardWorld *self, const char *name);

/* Asserts that @signature is an RSA PKCS#1 v1.5 SHA-256 signature of @data by the key of the
 * DER certificate @cert_der. */
void card_world_assert_signature (GBytes *signature, GBytes *data, GBytes *cert_der);

G_END_DECLS
