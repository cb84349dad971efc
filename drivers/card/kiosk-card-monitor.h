/* kiosk-card-monitor.h: the reader and its card as events, whenever they happen.
 *
 * A monitor watches one PC/SC reader from its own thread and tells its owner, on the owner's
 * main context, when the reader appears or goes (unplugged, pcscd stopped or restarted) and when
 * a card arrives or leaves — also in the middle of a command another thread is sending. It
 * never talks to the card. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KIOSK_CARD_EVENT_READER_ADDED,   /* the reader is there (also its first sighting) */
  KIOSK_CARD_EVENT_READER_REMOVED, /* the reader or pcscd is gone, and a card in it with it */
  KIOSK_CARD_EVENT_CARD_INSERTED,  /* a card is on the reader */
  KIOSK_CARD_EVENT_CARD_REMOVED,   /* the card left the reader */
} KioskCardEvent;

typedef struct _KioskCardMonitor KioskCardMonitor;

/* Called on the main context of the monitor's creator; @reader is the reader's PC/SC name. */
typedef void (*KioskCardEventFunc) (KioskCardEvent event, const char *reader, gpointer user_data);

/* Starts watching @reader_name (NULL: the first reader that appears). Events go to @func on the
 * thread-default main context of the caller, in the order they happened. Never fails: while
 * pcscd or the reader is missing the monitor waits for them to come. */
KioskCardMonitor *kiosk_card_monitor_new (const char *reader_name, KioskCardEventFunc func, gpointer user_data);

/* TRUE while the reader is known to be there (as of the last event delivered). */
gboolean kiosk_card_monitor_get_reader_present (KioskCardMonitor *self);

/* TRUE while a card is known to be on the reader (as of the last event delivered). */
gboolean kiosk_card_monitor_get_card_present (KioskCardMonitor *self);

/* A stable name for @event ("card-removed"), for logs and tests. */
const char *kiosk_card_event_name (KioskCardEvent event);

/* Stops the thread; events not yet delivered are dropped. */
void kiosk_card_monitor_free (KioskCardMonitor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardMonitor, kiosk_card_monitor_free)

G_END_DECLS
