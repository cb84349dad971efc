/* kiosk-card-reader.c: the PC/SC reader: waiting for a card, connecting it, waiting for removal. */
#include "drivers/card/kiosk-card.h"

#include <string.h>

#include "app/kiosk-error.h"
#include "drivers/card/kiosk-card-iso7816.h"
#include "drivers/card/kiosk-card-jpki.h"

/* SCardGetStatusChange runs in slices this long, so a cancellation that lands just before a
 * slice starts (and that SCardCancel therefore misses) is seen within one slice. */
#define READER_WAIT_SLICE_MS 500

struct _KioskCardReader {
  SCARDCONTEXT context;
  char *name;
};

/* Opens a PC/SC context and picks the reader. */
KioskCardReader *
kiosk_card_reader_new (const char *reader_name, GError **error)
{
  g_autoptr (KioskCardReader) self = g_new0 (KioskCardReader, 1);
  g_autofree char *names = NULL;
  DWORD names_len = 0;
  LONG rv;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &self->context);
  if (rv != SCARD_S_SUCCESS) {
    self->context = 0;
    kiosk_card_set_pcsc_error (error, rv, "connecting to pcscd");
    return NULL;
  }
  rv = SCardListReaders (self->context, NULL, NULL, &names_len);
  if (rv == SCARD_S_SUCCESS) {
    names = g_malloc0 (names_len + 1);
    rv = SCardListReaders (self->context, NULL, names, &names_len);
  }
  if (rv != SCARD_S_SUCCESS) {
    kiosk_card_set_pcsc_error (error, rv, "listing the card readers");
    return NULL;
  }
  for (const char *name = names; *name != '\0'; name += strlen (name) + 1) {
    if (reader_name == NULL || g_strcmp0 (name, reader_name) == 0) {
      self->name = g_strdup (name);
      return g_steal_pointer (&self);
    }
  }
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_READER_MISSING, "The card reader \"%s\" is not connected",
               reader_name != NULL ? reader_name : "");
  return NULL;
}

/* Replaces a context pcscd no longer knows with a new one; FALSE if pcscd is not back. */
static gboolean
reader_reconnect (KioskCardReader *self)
{
  SCARDCONTEXT context = 0;

  if (SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context) != SCARD_S_SUCCESS)
    return FALSE;
  SCardReleaseContext (self->context);
  self->context = context;
  return TRUE;
}

/* The cancellable fired: wake up SCardGetStatusChange. */
static void
reader_cancelled (GCancellable *cancellable, gpointer user_data)
{
  KioskCardReader *self = user_data;

  SCardCancel (self->context);
}

/* Blocks until the reader holds a card (@want_card) or is empty; @timeout_code on timeout. */
static gboolean
reader_wait_state (KioskCardReader *self, gboolean want_card, guint timeout_ms, KioskError timeout_code,
                   GCancellable *cancellable, GError **error)
{
  SCARD_READERSTATE state = { .szReader = self->name, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gulong handler = 0;
  gboolean done = FALSE, reconnected = FALSE;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (reader_cancelled), self, NULL);

  while (!done) {
    gint64 remaining_ms = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
    LONG rv;

    if (g_cancellable_set_error_if_cancelled (cancellable, error)) {
      g_clear_error (error);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CANCELLED, "Cancelled");
      break;
    }
    if (remaining_ms <= 0) {
      g_set_error (error, KIOSK_ERROR, timeout_code, want_card ? "No card was placed in time" : "The card was not taken in time");
      break;
    }
    rv = SCardGetStatusChange (self->context, (DWORD) MIN (remaining_ms, READER_WAIT_SLICE_MS), &state, 1);
    if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED)
      continue; /* the loop's head says whether time ran out or we were cancelled */
    if (kiosk_card_pcsc_service_lost (rv)) {
      /* pcscd restarted since the last wait: a new context sees the reader again, if it is back. */
      if (!reconnected && reader_reconnect (self)) {
        reconnected = TRUE;
        state.dwCurrentState = SCARD_STATE_UNAWARE;
        continue;
      }
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_READER_MISSING, "The card reader \"%s\" is gone with pcscd (%s)",
                   self->name, pcsc_stringify_error (rv));
      break;
    }
    if (rv != SCARD_S_SUCCESS) {
      kiosk_card_set_pcsc_error (error, rv, "watching the card reader");
      break;
    }
    if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE | SCARD_STATE_IGNORE)) {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_READER_MISSING, "The card reader \"%s\" is gone", self->name);
      break;
    }
    if (want_card && (state.dwEventState & SCARD_STATE_PRESENT) && (state.dwEventState & SCARD_STATE_MUTE)) {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_MUTE, "The card does not answer");
      break;
    }
    /* A card still held exclusively (by us a moment ago, or by another program) is not ready. */
    if (want_card ? (state.dwEventState & SCARD_STATE_PRESENT) && !(state.dwEventState & SCARD_STATE_EXCLUSIVE)
                  : (state.dwEventState & SCARD_STATE_EMPTY))
      done = TRUE;
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
  }

  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  return done;
}

/* Connects the card in the reader (exclusively) and opens its JPKI AP; *@busy tells that another
 * handle held the card at that instant. */
static KioskCredential *
reader_open_card (KioskCardReader *self, gboolean *busy, GError **error)
{
  g_autoptr (KioskCardLink) link = NULL;
  SCARDCONTEXT context = 0;
  SCARDHANDLE card = 0;
  DWORD protocol = 0, state = 0, name_len = 0;
  guint8 atr[MAX_ATR_SIZE];
  DWORD atr_len = sizeof atr;
  LONG rv;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS) {
    kiosk_card_set_pcsc_error (error, rv, "connecting to pcscd");
    return NULL;
  }
  /* Exclusive: no other program may talk to (or select other applications on) the card. */
  rv = SCardConnect (context, self->name, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card,
                     &protocol);
  *busy = rv == SCARD_E_SHARING_VIOLATION;
  if (rv != SCARD_S_SUCCESS) {
    SCardReleaseContext (context);
    kiosk_card_set_pcsc_error (error, rv, "connecting to the card");
    return NULL;
  }
  /* The link owns the context from here; each card gets its own, so a mute card blocks no one. */
  link = kiosk_card_link_new (context, card, protocol, KIOSK_CARD_APDU_TIMEOUT_MS);
  rv = SCardStatus (card, NULL, &name_len, &state, &protocol, atr, &atr_len);
  if (rv != SCARD_S_SUCCESS) {
    kiosk_card_set_pcsc_error (error, rv, "reading the card's ATR");
    return NULL;
  }
  return kiosk_jpki_card_open (link, atr, atr_len, error);
}

/* Waits for a card and opens it; see kiosk-card.h. */
KioskCredential *
kiosk_card_reader_wait_card (KioskCardReader *self, guint timeout_ms, GCancellable *cancellable, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  g_return_val_if_fail (self != NULL, NULL);

  for (;;) {
    gint64 remaining_ms = MAX (0, (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND);
    g_autoptr (GError) local_error = NULL;
    KioskCredential *card;
    gboolean busy = FALSE;

    if (!reader_wait_state (self, TRUE, (guint) remaining_ms, KIOSK_ERROR_CARD_TIMEOUT, cancellable, error))
      return NULL;
    card = reader_open_card (self, &busy, &local_error);
    /* pcscd may report the card free an instant before it accepts an exclusive connection. */
    if (card != NULL || !busy || g_get_monotonic_time () >= deadline) {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return card;
    }
  }
}

/* Waits until the reader is empty. */
gboolean
kiosk_card_reader_wait_removal (KioskCardReader *self, guint timeout_ms, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return reader_wait_state (self, FALSE, timeout_ms, KIOSK_ERROR_TIMEOUT, cancellable, error);
}

/* The reader's PC/SC name. */
const char *
kiosk_card_reader_get_name (KioskCardReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/* Releases the context. */
void
kiosk_card_reader_free (KioskCardReader *self)
{
  if (self == NULL)
    return;
  if (self->context != 0)
    SCardReleaseContext (self->context);
  g_free (self->name);
  g_free (self);
}
