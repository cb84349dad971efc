/* sim-t0.c: T=0 framing of an emulated card's answers: GET RESPONSE and Le correction. */
#include "sim/card/sim-t0.h"

#include <string.h>

enum {
  SW_OK = 0x9000,
  SW_MORE_DATA = 0x6100,
  SW_NO_DATA_WAITING = 0x6985,
  SW_WRONG_P1P2 = 0x6A86,
  SW_WRONG_LE = 0x6C00,
};

struct _KioskSimT0 {
  guint max_response;
  GByteArray *waiting; /* data announced by 61 xx, not yet fetched */
  guint16 final_sw;    /* the status word that ends the last GET RESPONSE */
};

/* A T=0 framing. */
KioskSimT0 *
kiosk_sim_t0_new (guint max_response)
{
  KioskSimT0 *self = g_new0 (KioskSimT0, 1);

  g_return_val_if_fail (max_response >= 1 && max_response <= 256, NULL);
  self->max_response = max_response;
  self->waiting = g_byte_array_new ();
  return self;
}

/* Drops the data waiting for GET RESPONSE. */
void
kiosk_sim_t0_reset (KioskSimT0 *self)
{
  if (self->waiting->len > 0)
    explicit_bzero (self->waiting->data, self->waiting->len);
  g_byte_array_set_size (self->waiting, 0);
}

/* @len bytes of @data followed by @sw. */
static GBytes *
t0_answer (const guint8 *data, gsize len, guint16 sw)
{
  g_autoptr (GByteArray) out = g_byte_array_sized_new (len + 2);
  const guint8 trailer[2] = { sw >> 8, sw & 0xFF };

  if (len > 0)
    g_byte_array_append (out, data, len);
  g_byte_array_append (out, trailer, 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The status word that tells what is waiting: 61 xx (xx = the next portion), or the final one. */
static guint16
t0_waiting_sw (KioskSimT0 *self)
{
  if (self->waiting->len == 0)
    return self->final_sw;
  return SW_MORE_DATA | (MIN (self->waiting->len, self->max_response) & 0xFF);
}

/* GET RESPONSE: the next @le bytes of what is waiting. */
static GBytes *
t0_get_response (KioskSimT0 *self, const guint8 *apdu)
{
  gsize le = apdu[4] ? apdu[4] : 256;
  gsize available = MIN (self->waiting->len, self->max_response);
  g_autoptr (GByteArray) answer = NULL;
  guint16 sw;

  if (apdu[2] != 0x00 || apdu[3] != 0x00)
    return t0_answer (NULL, 0, SW_WRONG_P1P2);
  if (self->waiting->len == 0)
    return t0_answer (NULL, 0, SW_NO_DATA_WAITING);
  if (le > available)
    return t0_answer (NULL, 0, SW_WRONG_LE | (available & 0xFF));
  answer = g_byte_array_sized_new ((guint) le + 2);
  g_byte_array_append (answer, self->waiting->data, (guint) le);
  g_byte_array_remove_range (self->waiting, 0, (guint) le);
  sw = t0_waiting_sw (self);
  g_byte_array_append (answer, (const guint8[]) { sw >> 8, sw & 0xFF }, 2);
  return g_byte_array_free_to_bytes (g_steal_pointer (&answer));
}

/* Answers one command as a T=0 card; see sim-t0.h. */
GBytes *
kiosk_sim_t0_process (KioskSimT0 *self, const guint8 *apdu, gsize apdu_len, KioskSimT0Inner inner, gpointer user_data)
{
  g_autoptr (GBytes) answer = NULL;
  g_autofree guint8 *command = NULL;
  gboolean case2 = apdu_len == 5;
  gboolean case4 = apdu_len > 5 && apdu[4] != 0 && apdu_len == 6 + (gsize) apdu[4];
  const guint8 *data;
  gsize data_len, le, available;
  guint16 sw;

  if (case2 && apdu[0] == 0x00 && apdu[1] == 0xC0)
    return t0_get_response (self, apdu);
  kiosk_sim_t0_reset (self);

  /* T=0 never sends Le after data (case 4 goes as case 3); a case 2 command asks for all. */
  command = g_memdup2 (apdu, apdu_len);
  if (case2)
    command[4] = 0x00;
  answer = inner (command, case4 ? apdu_len - 1 : apdu_len, user_data);
  explicit_bzero (command, apdu_len);

  data = g_bytes_get_data (answer, &data_len);
  if (data_len <= 2)
    return g_steal_pointer (&answer);
  data_len -= 2;
  sw = (guint16) (data[data_len] << 8 | data[data_len + 1]);

  if (case2) {
    le = apdu[4] ? apdu[4] : 256;
    available = MIN (data_len, self->max_response);
    if (le != available)
      return t0_answer (NULL, 0, SW_WRONG_LE | (available & 0xFF));
    return t0_answer (data, available, sw);
  }
  g_byte_array_append (self->waiting, data, (guint) data_len);
  self->final_sw = sw;
  return t0_answer (NULL, 0, t0_waiting_sw (self));
}

/* Frees the framing, wiping what was waiting. */
void
kiosk_sim_t0_free (KioskSimT0 *self)
{
  if (self == NULL)
    return;
  kiosk_sim_t0_reset (self);
  g_byte_array_unref (self->waiting);
  g_free (self);
}
