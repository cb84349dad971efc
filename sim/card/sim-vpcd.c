/* sim-vpcd.c: vpcd's framing (2-byte big-endian length, then payload) over TCP, both ways. */
#include "sim/card/sim-vpcd.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/* vpcd's default port, used when @host_port names none. */
#define VPCD_DEFAULT_PORT 35963
/* The one control frame that needs an answer. */
#define VPCD_GET_ATR 0x04
/* How long to wait before connecting again while vpcd does not listen yet. */
#define VPCD_RETRY_MS 50

struct _KioskSimVpcd {
  const KioskSimVpcdCallbacks *callbacks;
  gpointer user_data;
  char *host_port;
  gint64 deadline;     /* monotonic µs after which connecting gives up */
  guint retry_source;
  GCancellable *cancellable;
  GSocketClient *client;
  GSocketConnection *connection;
  guint8 header[2];
  guint8 *payload;     /* the frame being read, wiped once handled */
  gsize payload_len;
};

static void vpcd_read_header (KioskSimVpcd *self);
static void vpcd_try_connect (KioskSimVpcd *self);

/* A link that will serve @callbacks. */
KioskSimVpcd *
kiosk_sim_vpcd_new (const KioskSimVpcdCallbacks *callbacks, gpointer user_data)
{
  KioskSimVpcd *self = g_new0 (KioskSimVpcd, 1);

  self->callbacks = callbacks;
  self->user_data = user_data;
  self->cancellable = g_cancellable_new ();
  self->client = g_socket_client_new ();
  return self;
}

/* Wipes and drops the frame being read. */
static void
vpcd_drop_payload (KioskSimVpcd *self)
{
  if (self->payload != NULL)
    explicit_bzero (self->payload, self->payload_len);
  g_clear_pointer (&self->payload, g_free);
  self->payload_len = 0;
}

/* Tears the link down and tells the card why. */
static void
vpcd_fail (KioskSimVpcd *self, const GError *error)
{
  kiosk_sim_vpcd_close (self);
  if (self->callbacks->closed != NULL)
    self->callbacks->closed (error, self->user_data);
}

/* Sends one frame: the 2-byte length, then @payload. */
static gboolean
vpcd_send (KioskSimVpcd *self, GBytes *payload, GError **error)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  gsize len = g_bytes_get_size (payload);
  guint8 header[2] = { (len >> 8) & 0xFF, len & 0xFF };

  if (len > G_MAXUINT16) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "answer of %zu bytes does not fit a vpcd frame", len);
    return FALSE;
  }
  return g_output_stream_write_all (out, header, 2, NULL, self->cancellable, error) &&
         g_output_stream_write_all (out, g_bytes_get_data (payload, NULL), len, NULL, self->cancellable, error);
}

/* Handles one complete frame from vpcd: a control byte or a command APDU. */
static gboolean
vpcd_handle_frame (KioskSimVpcd *self, GError **error)
{
  g_autoptr (GBytes) answer = NULL;
  guint8 control;

  if (self->payload_len > 1) {
    answer = self->callbacks->transmit (self->payload, self->payload_len, self->user_data);
    if (answer == NULL) {
      kiosk_sim_vpcd_close (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the card left the reader");
      return FALSE;
    }
    return vpcd_send (self, answer, error);
  }

  control = self->payload[0];
  switch (control) {
  case KIOSK_SIM_VPCD_POWER_OFF:
  case KIOSK_SIM_VPCD_POWER_ON:
  case KIOSK_SIM_VPCD_RESET:
    self->callbacks->control ((KioskSimVpcdControl) control, self->user_data);
    return TRUE;
  case VPCD_GET_ATR:
    answer = self->callbacks->get_atr (self->user_data);
    if (!vpcd_send (self, answer, error))
      return FALSE;
    if (self->callbacks->atr_sent != NULL)
      self->callbacks->atr_sent (self->user_data);
    return TRUE;
  default:
    g_message ("vpcd sent unknown control byte 0x%02X; ignored", control);
    return TRUE;
  }
}

/* Finishes a read of @expected bytes; FALSE (the link failed, or was cancelled) if short. */
static gboolean
vpcd_read_done (KioskSimVpcd *self, GObject *source, GAsyncResult *result, gsize expected, const char *short_read)
{
  g_autoptr (GError) error = NULL;
  gsize got = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &got, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      vpcd_fail (self, error);
    return FALSE;
  }
  if (got < expected) {
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, short_read);
    vpcd_fail (self, error);
    return FALSE;
  }
  return TRUE;
}

/* The payload arrived (or the connection ended). */
static void
vpcd_payload_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskSimVpcd *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!vpcd_read_done (self, source, result, self->payload_len, "vpcd closed the connection mid-frame"))
    return;
  if (!vpcd_handle_frame (self, &error)) {
    vpcd_drop_payload (self);
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      vpcd_fail (self, error);
    return;
  }
  vpcd_drop_payload (self);
  vpcd_read_header (self);
}

/* The 2-byte length arrived (or the connection ended). */
static void
vpcd_header_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskSimVpcd *self = user_data;

  if (!vpcd_read_done (self, source, result, sizeof self->header, "vpcd closed the connection"))
    return;
  self->payload_len = ((gsize) self->header[0] << 8) | self->header[1];
  self->payload = g_malloc0 (MAX (self->payload_len, 1));
  if (self->payload_len == 0) { /* vpcd never sends empty frames; skip one if it does */
    vpcd_drop_payload (self);
    vpcd_read_header (self);
    return;
  }
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)),
                                 self->payload, self->payload_len, G_PRIORITY_DEFAULT,
                                 self->cancellable, vpcd_payload_read, self);
}

/* Waits for the next frame's length. */
static void
vpcd_read_header (KioskSimVpcd *self)
{
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)),
                                 self->header, sizeof self->header, G_PRIORITY_DEFAULT,
                                 self->cancellable, vpcd_header_read, self);
}

/* Time to try connecting again. */
static gboolean
vpcd_retry (gpointer user_data)
{
  KioskSimVpcd *self = user_data;

  self->retry_source = 0;
  vpcd_try_connect (self);
  return G_SOURCE_REMOVE;
}

/* A connection attempt finished. */
static void
vpcd_connected (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KioskSimVpcd *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL) {
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      return;
    if (g_get_monotonic_time () < self->deadline) {
      self->retry_source = g_timeout_add (VPCD_RETRY_MS, vpcd_retry, self);
      return;
    }
    g_prefix_error (&error, "cannot connect to vpcd at %s: ", self->host_port);
    vpcd_fail (self, error);
    return;
  }
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  self->connection = g_steal_pointer (&connection);
  if (self->callbacks->connected != NULL)
    self->callbacks->connected (self->user_data);
  vpcd_read_header (self);
}

/* One connection attempt. */
static void
vpcd_try_connect (KioskSimVpcd *self)
{
  g_socket_client_connect_to_host_async (self->client, self->host_port, VPCD_DEFAULT_PORT,
                                         self->cancellable, vpcd_connected, self);
}

/* Connects to vpcd, retrying until @timeout_ms passes. */
void
kiosk_sim_vpcd_connect (KioskSimVpcd *self, const char *host_port, guint timeout_ms)
{
  g_return_if_fail (self != NULL && host_port != NULL && self->connection == NULL);

  g_free (self->host_port);
  self->host_port = g_strdup (host_port);
  self->deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  vpcd_try_connect (self);
}

/* Closes the connection: pending I/O is cancelled and vpcd sees the card leave. */
void
kiosk_sim_vpcd_close (KioskSimVpcd *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
}

/* Closes and frees the link. */
void
kiosk_sim_vpcd_free (KioskSimVpcd *self)
{
  if (self == NULL)
    return;
  kiosk_sim_vpcd_close (self);
  vpcd_drop_payload (self);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->host_port);
  g_free (self);
}
