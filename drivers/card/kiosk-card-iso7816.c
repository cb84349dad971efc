/* kiosk-card-iso7816.c: APDU exchange with a deadline, GET RESPONSE and Le correction. */
#include "drivers/card/kiosk-card-iso7816.h"

#include <string.h>

#include "app/kiosk-error.h"

/* At most this many GET RESPONSE rounds for one command (a card looping on 61xx is broken). */
#define ISO7816_MAX_GET_RESPONSE 64
/* How long a failed exchange waits for the reader to report the card gone before calling it mute. */
#define ISO7816_REMOVAL_GRACE_MS 1500

struct _KioskCardLink {
  gint refs;
  SCARDCONTEXT context;
  SCARDHANDLE card;
  DWORD protocol;
  guint timeout_ms;
  gint mute; /* atomic: a command went unanswered; the card is not talked to again */
};

/* One SCardTransmit, run on its own thread so the caller can stop waiting for a mute card.
 * Shared by the caller and the thread; the last one out wipes and frees it. */
typedef struct {
  gint refs;
  GMutex lock;
  GCond cond;
  gboolean done;
  KioskCardLink *link;
  guint8 command[MAX_BUFFER_SIZE];
  DWORD command_len;
  guint8 response[MAX_BUFFER_SIZE];
  DWORD response_len;
  LONG rv;
} Exchange;

/* A link over a connected card. */
KioskCardLink *
kiosk_card_link_new (SCARDCONTEXT context, SCARDHANDLE card, DWORD protocol, guint timeout_ms)
{
  KioskCardLink *self = g_new0 (KioskCardLink, 1);

  self->refs = 1;
  self->context = context;
  self->card = card;
  self->protocol = protocol;
  self->timeout_ms = timeout_ms;
  return self;
}

/* Adds a reference. */
KioskCardLink *
kiosk_card_link_ref (KioskCardLink *self)
{
  g_atomic_int_inc (&self->refs);
  return self;
}

/* Drops a reference; the last one resets and disconnects the card. */
void
kiosk_card_link_unref (KioskCardLink *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->refs))
    return;
  SCardDisconnect (self->card, SCARD_RESET_CARD);
  SCardReleaseContext (self->context);
  g_free (self);
}

/* Drops a reference to @exchange, wiping it when it is the last. */
static void
exchange_unref (Exchange *exchange)
{
  if (!g_atomic_int_dec_and_test (&exchange->refs))
    return;
  kiosk_card_link_unref (exchange->link);
  g_mutex_clear (&exchange->lock);
  g_cond_clear (&exchange->cond);
  explicit_bzero (exchange, sizeof *exchange);
  g_free (exchange);
}

/* The exchange thread: blocks in SCardTransmit, then tells the caller (if it still waits). */
static gpointer
exchange_run (gpointer data)
{
  Exchange *exchange = data;
  const SCARD_IO_REQUEST *pci = exchange->link->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  DWORD response_len = sizeof exchange->response;
  LONG rv;

  rv = SCardTransmit (exchange->link->card, pci, exchange->command, exchange->command_len, NULL,
                      exchange->response, &response_len);
  g_mutex_lock (&exchange->lock);
  exchange->rv = rv;
  exchange->response_len = response_len;
  exchange->done = TRUE;
  g_cond_signal (&exchange->cond);
  g_mutex_unlock (&exchange->lock);
  exchange_unref (exchange);
  return NULL;
}

/* TRUE when the card has left the reader: PC/SC says so already, or the reader reports itself
 * empty within ISO7816_REMOVAL_GRACE_MS (pcscd notices a removal on its next poll). */
static gboolean
link_card_left (KioskCardLink *self)
{
  char name[MAX_READERNAME] = "";
  guint8 atr[MAX_ATR_SIZE];
  DWORD state = 0, protocol = 0, name_len = sizeof name, atr_len = sizeof atr;
  SCARD_READERSTATE reader = { .szReader = name, .dwCurrentState = SCARD_STATE_UNAWARE };
  gint64 deadline = g_get_monotonic_time () + ISO7816_REMOVAL_GRACE_MS * G_TIME_SPAN_MILLISECOND;
  LONG status;

  status = SCardStatus (self->card, name, &name_len, &state, &protocol, atr, &atr_len);
  if (status == SCARD_W_REMOVED_CARD || (status == SCARD_S_SUCCESS && !(state & SCARD_PRESENT)))
    return TRUE;
  if (status != SCARD_S_SUCCESS)
    return FALSE;
  for (;;) {
    gint64 remaining_ms = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;

    if (remaining_ms <= 0 || SCardGetStatusChange (self->context, (DWORD) remaining_ms, &reader, 1) != SCARD_S_SUCCESS)
      return FALSE;
    if (reader.dwEventState & SCARD_STATE_EMPTY)
      return TRUE;
    reader.dwCurrentState = reader.dwEventState & ~SCARD_STATE_CHANGED;
  }
}

/* Sets @error for a failed exchange, telling a removed card from a mute one. */
static void
link_set_transmit_error (KioskCardLink *self, LONG rv, GError **error)
{
  if ((rv == SCARD_E_NOT_TRANSACTED || rv == SCARD_F_COMM_ERROR) && link_card_left (self))
    rv = SCARD_W_REMOVED_CARD;
  kiosk_card_set_pcsc_error (error, rv, "talking to the card");
}

/* Sends one APDU as is and appends the answer's data to @data; the status word goes to @sw. */
static gboolean
link_transmit_raw (KioskCardLink *self, const guint8 *apdu, gsize apdu_len, GByteArray *data, guint16 *sw,
                   GError **error)
{
  g_autoptr (GThread) thread = NULL;
  g_autoptr (GError) thread_error = NULL;
  Exchange *exchange;
  gint64 deadline;
  gboolean answered;
  LONG rv;

  if (g_atomic_int_get (&self->mute)) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_MUTE, "The card stopped answering");
    return FALSE;
  }
  if (apdu_len < 4 || apdu_len > sizeof exchange->command) {
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "A command APDU of %zu bytes cannot be sent", apdu_len);
    return FALSE;
  }

  exchange = g_new0 (Exchange, 1);
  exchange->refs = 2; /* the caller and the thread */
  g_mutex_init (&exchange->lock);
  g_cond_init (&exchange->cond);
  exchange->link = kiosk_card_link_ref (self);
  memcpy (exchange->command, apdu, apdu_len);
  exchange->command_len = (DWORD) apdu_len;

  thread = g_thread_try_new ("kiosk-card-apdu", exchange_run, exchange, &thread_error);
  if (thread == NULL) {
    exchange->refs = 1;
    exchange_unref (exchange);
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_FAILED, "Cannot start a card exchange: %s", thread_error->message);
    return FALSE;
  }

  deadline = g_get_monotonic_time () + (gint64) self->timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&exchange->lock);
  while (!exchange->done && g_cond_wait_until (&exchange->cond, &exchange->lock, deadline))
    ;
  answered = exchange->done;
  g_mutex_unlock (&exchange->lock);

  if (!answered) {
    /* The thread stays blocked in pcscd; it frees the exchange and the link when it returns. */
    g_atomic_int_set (&self->mute, TRUE);
    exchange_unref (exchange);
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_MUTE, "The card did not answer within %u ms", self->timeout_ms);
    return FALSE;
  }

  rv = exchange->rv;
  if (rv != SCARD_S_SUCCESS) {
    exchange_unref (exchange);
    link_set_transmit_error (self, rv, error);
    return FALSE;
  }
  if (exchange->response_len < 2) {
    /* A card pulled away mid-command can leave vpcd (or a reader) with an empty answer. */
    exchange_unref (exchange);
    if (link_card_left (self))
      kiosk_card_set_pcsc_error (error, SCARD_W_REMOVED_CARD, "talking to the card");
    else
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_MUTE, "The card answered without a status word");
    return FALSE;
  }
  g_byte_array_append (data, exchange->response, exchange->response_len - 2);
  *sw = (guint16) ((exchange->response[exchange->response_len - 2] << 8) | exchange->response[exchange->response_len - 1]);
  exchange_unref (exchange);
  return TRUE;
}

/* Where the Le byte of short APDU @apdu goes (its offset), appending one when it has none. */
static gsize
iso7816_le_offset (const guint8 *apdu, gsize apdu_len)
{
  if (apdu_len == 4)
    return 4;                     /* case 1: append Le */
  if (apdu_len == 5)
    return 4;                     /* case 2: replace Le */
  if (apdu_len == 5 + (gsize) apdu[4])
    return apdu_len;              /* case 3: append Le */
  return apdu_len - 1;            /* case 4: replace Le */
}

/* Sends a command, following 6Cxx and 61xx; see kiosk-card-iso7816.h. */
GBytes *
kiosk_card_link_transmit (KioskCardLink *self, const guint8 *apdu, gsize apdu_len, guint16 *sw, GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 command[MAX_BUFFER_SIZE];
  gsize le_offset;
  gboolean ok;

  g_return_val_if_fail (self != NULL && apdu != NULL && sw != NULL, NULL);

  ok = link_transmit_raw (self, apdu, apdu_len, data, sw, error);

  if (ok && (*sw >> 8) == 0x6C && apdu_len + 1 <= sizeof command) {
    /* Wrong Le: the card says how many bytes it has; ask again for exactly that. */
    le_offset = iso7816_le_offset (apdu, apdu_len);
    memcpy (command, apdu, apdu_len);
    command[le_offset] = *sw & 0xFF;
    g_byte_array_set_size (data, 0);
    ok = link_transmit_raw (self, command, MAX (apdu_len, le_offset + 1), data, sw, error);
    explicit_bzero (command, sizeof command);
  }

  for (guint round = 0; ok && (*sw >> 8) == 0x61; round++) {
    const guint8 get_response[5] = { 0x00, 0xC0, 0x00, 0x00, *sw & 0xFF };

    if (round == ISO7816_MAX_GET_RESPONSE) {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_PROTOCOL, "The card kept announcing more data");
      ok = FALSE;
      break;
    }
    ok = link_transmit_raw (self, get_response, sizeof get_response, data, sw, error);
  }

  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* TRUE when the context is dead. */
gboolean
kiosk_card_pcsc_service_lost (LONG rv)
{
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_INVALID_HANDLE ||
         rv == SCARD_F_COMM_ERROR;
}

/* Maps PC/SC's @rv to a KIOSK_ERROR code. */
static KioskError
pcsc_error_code (LONG rv)
{
  switch (rv) {
  case SCARD_E_NO_SERVICE:
  case SCARD_E_SERVICE_STOPPED:
  case SCARD_E_NO_READERS_AVAILABLE:
  case SCARD_E_UNKNOWN_READER:
  case SCARD_E_READER_UNAVAILABLE:
    return KIOSK_ERROR_READER_MISSING;
  case SCARD_W_REMOVED_CARD:
  case SCARD_E_NO_SMARTCARD:
  case SCARD_W_RESET_CARD:
    return KIOSK_ERROR_CARD_REMOVED;
  case SCARD_E_TIMEOUT:
    return KIOSK_ERROR_CARD_TIMEOUT;
  case SCARD_W_UNRESPONSIVE_CARD:
  case SCARD_W_UNPOWERED_CARD:
  case SCARD_E_NOT_TRANSACTED:
  case SCARD_F_COMM_ERROR:
  case SCARD_E_PROTO_MISMATCH:
    return KIOSK_ERROR_CARD_MUTE;
  case SCARD_W_UNSUPPORTED_CARD:
  case SCARD_E_CARD_UNSUPPORTED:
    return KIOSK_ERROR_NOT_MY_NUMBER_CARD;
  case SCARD_E_CANCELLED:
    return KIOSK_ERROR_CANCELLED;
  default:
    return KIOSK_ERROR_FAILED;
  }
}

/* Sets @error from PC/SC's @rv. */
void
kiosk_card_set_pcsc_error (GError **error, LONG rv, const char *doing)
{
  g_set_error (error, KIOSK_ERROR, pcsc_error_code (rv), "PC/SC failed %s: %s (0x%08lX)", doing,
               pcsc_stringify_error (rv), (unsigned long) rv);
}
