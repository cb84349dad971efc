/* kiosk-card-iso7816.h: the generic ISO 7816 layer over one PC/SC card connection. */
#pragma once

#include <glib.h>
#include <winscard.h>

G_BEGIN_DECLS

/* How long a card may take to answer one command (an RSA-2048 signature takes ~1 s). */
#define KIOSK_CARD_APDU_TIMEOUT_MS 5000

typedef struct _KioskCardLink KioskCardLink;

/* A link owning @context and @card (connected with @protocol); each command must be answered
 * within @timeout_ms or the card is taken as mute. The last unref resets the card (so nothing
 * stays verified), disconnects and releases the context. */
KioskCardLink *kiosk_card_link_new (SCARDCONTEXT context, SCARDHANDLE card, DWORD protocol, guint timeout_ms);

/* Adds a reference. */
KioskCardLink *kiosk_card_link_ref (KioskCardLink *self);

/* Drops a reference. */
void kiosk_card_link_unref (KioskCardLink *self);

/* Sends the short command APDU @apdu and returns the response data (without the status word,
 * which goes to @sw); follows `61 xx` with GET RESPONSE and `6C xx` by resending with Le = xx.
 * Fails with a KIOSK_ERROR for PC/SC failures (card removed, mute, reader gone). Every buffer
 * that held the command is wiped. */
GBytes *kiosk_card_link_transmit (KioskCardLink *self,
                                  const guint8 *apdu,
                                  gsize apdu_len,
                                  guint16 *sw,
                                  GError **error);

/* TRUE when PC/SC's @rv says the context is dead: pcscd stopped or restarted (a client blocked
 * in a call when pcscd goes sees its socket close: SCARD_F_COMM_ERROR), so only a new context
 * can reach the reader again. */
gboolean kiosk_card_pcsc_service_lost (LONG rv);

/* Sets @error to the KIOSK_ERROR that PC/SC's @rv means, saying what was being done. */
void kiosk_card_set_pcsc_error (GError **error, LONG rv, const char *doing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardLink, kiosk_card_link_unref)

G_END_DECLS
