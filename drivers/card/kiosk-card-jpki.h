/* kiosk-card-jpki.h: the My Number Card's JPKI AP as a KioskCredential (private to drivers/card). */
#pragma once

#include "app/kiosk-credential.h"
#include "drivers/card/kiosk-card-iso7816.h"

G_BEGIN_DECLS

/* User-authentication PIN tries of a card whose counter is full. */
#define KIOSK_JPKI_CARD_PIN_TRIES 3

/* Checks that @atr is a My Number Card's and selects the JPKI AP over @link (a reference is
 * taken). Fails with KIOSK_ERROR_NOT_MY_NUMBER_CARD for any other card. */
KioskCredential *kiosk_jpki_card_open (KioskCardLink *link, const guint8 *atr, gsize atr_len, GError **error);

G_END_DECLS
