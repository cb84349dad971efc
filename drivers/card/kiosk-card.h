/* kiosk-card.h: the PC/SC card reader and the JPKI card behind the KioskCredential interface. */
#pragma once

#include <gio/gio.h>

#include "app/kiosk-credential.h"

G_BEGIN_DECLS

typedef struct _KioskCardReader KioskCardReader;

/* Opens a PC/SC context; @reader_name NULL means the first reader found.
 * Fails with KIOSK_ERROR_READER_MISSING when pcscd or the reader is not there. */
KioskCardReader *kiosk_card_reader_new (const char *reader_name, GError **error);

/* Blocks until a card is present (or @timeout_ms passes, or @cancellable fires), connects,
 * checks it is a My Number Card and selects the JPKI AP. The credential stays valid until freed;
 * it never selects any other application. */
KioskCredential *kiosk_card_reader_wait_card (KioskCardReader *self,
                                              guint timeout_ms,
                                              GCancellable *cancellable,
                                              GError **error);

/* Blocks until the reader is empty (or timeout / cancel): the "take your card" step. */
gboolean kiosk_card_reader_wait_removal (KioskCardReader *self,
                                         guint timeout_ms,
                                         GCancellable *cancellable,
                                         GError **error);

/* The reader's PC/SC name. */
const char *kiosk_card_reader_get_name (KioskCardReader *self);

/* Releases the context. */
void kiosk_card_reader_free (KioskCardReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardReader, kiosk_card_reader_free)

G_END_DECLS
