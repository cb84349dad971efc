/* kiosk-card-monitor.c: a thread that follows one reader with SCardGetStatusChange and posts
 * what changed to the owner's main context. */
#include "drivers/card/kiosk-card-monitor.h"

#include <string.h>

#include "drivers/card/kiosk-card-iso7816.h"

/* Each wait lasts at most this long, so a stop that lands just before a wait starts (and that
 * SCardCancel therefore misses) is seen within one slice. */
#define MONITOR_WAIT_SLICE_MS 1000
/* While pcscd is not running, how often the monitor tries to reach it again. */
#define MONITOR_RECONNECT_MS 250
/* pcsc-lite's name for "tell me when the list of readers changes". */
#define MONITOR_PNP_READER "\\\\?PnP?\\Notification"

/* What the thread and the owner share; the last reference frees it. */
typedef struct {
  gint refs;
  GMutex lock;
  GCond cond;
  gboolean stopping;         /* the owner is going: the thread ends, events are dropped */
  SCARDCONTEXT pcsc;         /* the thread's context, for SCardCancel; 0 when none */
  char *reader_name;         /* as configured; NULL: the first reader */
  GMainContext *context;     /* where events are delivered */
  KioskCardEventFunc func;
  gpointer user_data;
  /* Owner's side, main context only: the state as of the last event delivered. */
  gboolean reader_present;
  gboolean card_present;
} Watch;

struct _KioskCardMonitor {
  Watch *watch;
  GThread *thread;
};

/* One event on its way to the main context. */
typedef struct {
  Watch *watch;
  KioskCardEvent event;
  char *reader;
} Delivery;

static const char *const event_names[] = {
  [KIOSK_CARD_EVENT_READER_ADDED] = "reader-added",
  [KIOSK_CARD_EVENT_READER_REMOVED] = "reader-removed",
  [KIOSK_CARD_EVENT_CARD_INSERTED] = "card-inserted",
  [KIOSK_CARD_EVENT_CARD_REMOVED] = "card-removed",
};

/* A stable name for @event. */
const char *
kiosk_card_event_name (KioskCardEvent event)
{
  if ((guint) event >= G_N_ELEMENTS (event_names))
    return "unknown";
  return event_names[event];
}

/* Adds a reference to @watch. */
static Watch *
watch_ref (Watch *watch)
{
  g_atomic_int_inc (&watch->refs);
  return watch;
}

/* Drops a reference to @watch. */
static void
watch_unref (Watch *watch)
{
  if (!g_atomic_int_dec_and_test (&watch->refs))
    return;
  g_mutex_clear (&watch->lock);
  g_cond_clear (&watch->cond);
  g_main_context_unref (watch->context);
  g_free (watch->reader_name);
  g_free (watch);
}

/* TRUE once the owner asked the thread to end. */
static gboolean
watch_is_stopping (Watch *watch)
{
  gboolean stopping;

  g_mutex_lock (&watch->lock);
  stopping = watch->stopping;
  g_mutex_unlock (&watch->lock);
  return stopping;
}

/* Main context: hands one event to the owner unless it has gone meanwhile. */
static gboolean
delivery_dispatch (gpointer data)
{
  Delivery *delivery = data;
  Watch *watch = delivery->watch;

  if (watch_is_stopping (watch))
    return G_SOURCE_REMOVE;
  switch (delivery->event) {
  case KIOSK_CARD_EVENT_READER_ADDED:
    watch->reader_present = TRUE;
    break;
  case KIOSK_CARD_EVENT_READER_REMOVED:
    watch->reader_present = FALSE;
    watch->card_present = FALSE;
    break;
  case KIOSK_CARD_EVENT_CARD_INSERTED:
    watch->card_present = TRUE;
    break;
  case KIOSK_CARD_EVENT_CARD_REMOVED:
    watch->card_present = FALSE;
    break;
  }
  watch->func (delivery->event, delivery->reader, watch->user_data);
  return G_SOURCE_REMOVE;
}

/* Frees a delivery. */
static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  watch_unref (delivery->watch);
  g_free (delivery->reader);
  g_free (delivery);
}

/* Thread: posts @event about @reader to the main context. */
static void
watch_post (Watch *watch, KioskCardEvent event, const char *reader)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->watch = watch_ref (watch);
  delivery->event = event;
  delivery->reader = g_strdup (reader);
  /* The context owns the delivery from here and frees it with delivery_free. */
  g_main_context_invoke_full (watch->context, G_PRIORITY_DEFAULT, delivery_dispatch, delivery, delivery_free);
  /* cppcheck-suppress memleak */
}

/* Thread: waits @ms unless the owner stops the monitor first; FALSE when stopping. */
static gboolean
watch_pause (Watch *watch, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;
  gboolean stopping;

  g_mutex_lock (&watch->lock);
  while (!watch->stopping && g_cond_wait_until (&watch->cond, &watch->lock, deadline))
    ;
  stopping = watch->stopping;
  g_mutex_unlock (&watch->lock);
  return !stopping;
}

/* Thread: the name of the watched reader among pcscd's readers, NULL when it is not there. */
static char *
watch_find_reader (Watch *watch, SCARDCONTEXT pcsc, LONG *rv)
{
  g_autofree char *names = NULL;
  DWORD names_len = 0;

  *rv = SCardListReaders (pcsc, NULL, NULL, &names_len);
  if (*rv == SCARD_S_SUCCESS) {
    names = g_malloc0 (names_len + 1);
    *rv = SCardListReaders (pcsc, NULL, names, &names_len);
  }
  if (*rv == SCARD_E_NO_READERS_AVAILABLE)
    *rv = SCARD_S_SUCCESS;
  if (*rv != SCARD_S_SUCCESS || names == NULL)
    return NULL;
  for (const char *name = names; *name != '\0'; name += strlen (name) + 1)
    if (watch->reader_name == NULL || g_strcmp0 (name, watch->reader_name) == 0)
      return g_strdup (name);
  return NULL;
}

/* The thread's memory of the reader, to tell what changed. */
typedef struct {
  char *reader;        /* NULL: not present */
  gboolean card;
  DWORD reader_state;  /* for SCardGetStatusChange's dwCurrentState */
  DWORD pnp_state;
} Seen;

/* Thread: the reader is gone (unplugged or pcscd lost), and a card in it with it: one event,
 * so that the owner tells the resident of a broken reader, not of a card taken away. */
static void
seen_reader_gone (Watch *watch, Seen *seen)
{
  if (seen->reader == NULL)
    return;
  watch_post (watch, KIOSK_CARD_EVENT_READER_REMOVED, seen->reader);
  g_clear_pointer (&seen->reader, g_free);
  seen->card = FALSE;
  seen->reader_state = SCARD_STATE_UNAWARE;
}

/* Thread: compares the reader's new state with what was seen and posts the differences. A
 * removal and an insertion between two looks show only in pcsc-lite's event counter (the
 * state's upper 16 bits), so a card swapped in an instant is reported as both. */
static void
seen_card_update (Watch *watch, Seen *seen, DWORD event_state)
{
  gboolean card = (event_state & SCARD_STATE_PRESENT) != 0;
  guint old_count = (seen->reader_state >> 16) & 0xFFFF;
  guint new_count = (event_state >> 16) & 0xFFFF;
  gboolean first_look = seen->reader_state == SCARD_STATE_UNAWARE;

  if (seen->card && card && !first_look && new_count != old_count) {
    watch_post (watch, KIOSK_CARD_EVENT_CARD_REMOVED, seen->reader);
    watch_post (watch, KIOSK_CARD_EVENT_CARD_INSERTED, seen->reader);
  } else if (card != seen->card) {
    watch_post (watch, card ? KIOSK_CARD_EVENT_CARD_INSERTED : KIOSK_CARD_EVENT_CARD_REMOVED, seen->reader);
  }
  seen->card = card;
  seen->reader_state = event_state & ~SCARD_STATE_CHANGED;
}

/* Thread: follows the reader through one pcscd context until the service is lost or the
 * owner stops the monitor. */
static void
watch_follow (Watch *watch, SCARDCONTEXT pcsc, Seen *seen)
{
  while (!watch_is_stopping (watch)) {
    SCARD_READERSTATE states[2] = {
      { .szReader = MONITOR_PNP_READER, .dwCurrentState = seen->pnp_state },
      { .szReader = seen->reader, .dwCurrentState = seen->reader_state },
    };
    DWORD count = seen->reader != NULL ? 2 : 1;
    LONG rv;

    if (seen->reader == NULL) {
      char *reader = watch_find_reader (watch, pcsc, &rv);

      if (kiosk_card_pcsc_service_lost (rv))
        return;
      if (reader != NULL) {
        seen->reader = reader;
        seen->reader_state = SCARD_STATE_UNAWARE;
        watch_post (watch, KIOSK_CARD_EVENT_READER_ADDED, reader);
        continue;
      }
    }

    rv = SCardGetStatusChange (pcsc, MONITOR_WAIT_SLICE_MS, states, count);
    if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED)
      continue;
    if (rv != SCARD_S_SUCCESS) {
      if (kiosk_card_pcsc_service_lost (rv))
        return;
      g_warning ("card monitor: watching the reader failed: %s", pcsc_stringify_error (rv));
      if (!watch_pause (watch, MONITOR_RECONNECT_MS))
        return;
      continue;
    }
    seen->pnp_state = states[0].dwEventState & ~SCARD_STATE_CHANGED;
    if (count < 2)
      continue; /* the list of readers changed: look for ours again */
    if (states[1].dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE | SCARD_STATE_IGNORE)) {
      seen_reader_gone (watch, seen);
      continue;
    }
    if (states[1].dwEventState & SCARD_STATE_CHANGED || seen->reader_state == SCARD_STATE_UNAWARE)
      seen_card_update (watch, seen, states[1].dwEventState);
  }
}

/* The monitor's thread: reaches pcscd (again and again if it restarts) and follows the reader. */
static gpointer
watch_run (gpointer data)
{
  Watch *watch = data;
  Seen seen = { .reader_state = SCARD_STATE_UNAWARE, .pnp_state = SCARD_STATE_UNAWARE };

  while (!watch_is_stopping (watch)) {
    SCARDCONTEXT pcsc = 0;
    LONG rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &pcsc);

    if (rv != SCARD_S_SUCCESS) {
      if (!watch_pause (watch, MONITOR_RECONNECT_MS))
        break;
      continue;
    }
    g_mutex_lock (&watch->lock);
    watch->pcsc = pcsc;
    g_mutex_unlock (&watch->lock);

    seen.pnp_state = SCARD_STATE_UNAWARE;
    watch_follow (watch, pcsc, &seen);

    g_mutex_lock (&watch->lock);
    watch->pcsc = 0;
    g_mutex_unlock (&watch->lock);
    SCardReleaseContext (pcsc);
    seen_reader_gone (watch, &seen);
  }
  g_free (seen.reader);
  watch_unref (watch);
  return NULL;
}

/* Starts the monitor's thread; see kiosk-card-monitor.h. */
KioskCardMonitor *
kiosk_card_monitor_new (const char *reader_name, KioskCardEventFunc func, gpointer user_data)
{
  KioskCardMonitor *self = g_new0 (KioskCardMonitor, 1);
  Watch *watch = g_new0 (Watch, 1);

  g_return_val_if_fail (func != NULL, NULL);

  watch->refs = 1;
  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->reader_name = g_strdup (reader_name);
  watch->context = g_main_context_ref_thread_default ();
  watch->func = func;
  watch->user_data = user_data;
  self->watch = watch;
  self->thread = g_thread_new ("kiosk-card-monitor", watch_run, watch_ref (watch));
  return self;
}

/* TRUE while the reader is known to be there. */
gboolean
kiosk_card_monitor_get_reader_present (KioskCardMonitor *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->watch->reader_present;
}

/* TRUE while a card is known to be on the reader. */
gboolean
kiosk_card_monitor_get_card_present (KioskCardMonitor *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->watch->card_present;
}

/* Stops and joins the thread. */
void
kiosk_card_monitor_free (KioskCardMonitor *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->watch->lock);
  self->watch->stopping = TRUE;
  if (self->watch->pcsc != 0)
    SCardCancel (self->watch->pcsc);
  g_cond_broadcast (&self->watch->cond);
  g_mutex_unlock (&self->watch->lock);
  g_thread_join (self->thread);
  watch_unref (self->watch);
  g_free (self);
}
