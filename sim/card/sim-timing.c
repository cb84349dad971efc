/* sim-timing.c: the contactless timing model of one APDU (see sim-timing.h). */
#include "sim/card/sim-timing.h"

#include <string.h>

/* The carrier, 13.56 MHz; the card's subcarrier fs is fc / 16. */
#define TIMING_FC_HZ G_GUINT64_CONSTANT (13560000)

/* ISO/IEC 14443-3 Type B framing, in etu. */
enum {
  ETU_PER_BYTE = 10, /* start bit, 8 data bits, stop bit */
  ETU_SOF = 12,      /* 10 etu low, 2 etu high */
  ETU_EOF = 10,
  ETU_TR2 = 14,      /* the reader's least pause after the card's EOF */
};

/* ISO/IEC 14443-2 Type B guard times, in carrier cycles (1/fs = 16 cycles). */
enum {
  FC_TR0 = 64 * 16, /* the card's least wait before answering */
  FC_TR1 = 80 * 16, /* the card's unmodulated subcarrier before its SOF */
};

/* A block's bytes around its INF: PCB (no CID, no NAD) and CRC_B. */
#define BLOCK_OVERHEAD 3

/* FSC / FSD values ISO/IEC 14443-4 can announce (FSCI 0..12). */
static const guint frame_sizes[] = { 16, 24, 32, 40, 48, 64, 96, 128, 256, 512, 1024, 2048, 4096 };

/* Fills @self with the defaults. */
void
kiosk_sim_timing_init (KioskSimTiming *self)
{
  self->bit_rate = KIOSK_SIM_TIMING_DEFAULT_BIT_RATE;
  self->command_us = KIOSK_SIM_TIMING_DEFAULT_COMMAND_US;
  self->rsa_ms = KIOSK_SIM_TIMING_DEFAULT_RSA_MS;
  self->frame_size = KIOSK_SIM_TIMING_DEFAULT_FRAME_SIZE;
}

/* TRUE for the model's keys. */
gboolean
kiosk_sim_timing_is_key (const char *key)
{
  return g_strcmp0 (key, "bit-rate") == 0 || g_strcmp0 (key, "command-us") == 0 || g_strcmp0 (key, "rsa-ms") == 0 ||
         g_strcmp0 (key, "frame-size") == 0;
}

/* Parses a bit rate: one of the four ISO rates in bit/s, or the same with a k for 1000. */
static gboolean
timing_parse_bit_rate (const char *value, guint *bit_rate)
{
  static const guint rates[] = { KIOSK_SIM_TIMING_106K, KIOSK_SIM_TIMING_212K, KIOSK_SIM_TIMING_424K,
                                 KIOSK_SIM_TIMING_848K };
  g_autofree char *digits = g_strdup (value);
  gsize len = strlen (digits);
  guint64 number = 0, scale = 1;

  if (len > 1 && (digits[len - 1] == 'k' || digits[len - 1] == 'K')) {
    digits[len - 1] = '\0';
    scale = 1000;
  }
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT / 1000, &number, NULL))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (rates); i++) {
    if (number * scale == rates[i]) {
      *bit_rate = rates[i];
      return TRUE;
    }
  }
  return FALSE;
}

/* Parses a frame size ISO/IEC 14443-4 can announce. */
static gboolean
timing_parse_frame_size (const char *value, guint *frame_size)
{
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (value, 10, 16, 4096, &number, NULL))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (frame_sizes); i++) {
    if (number == frame_sizes[i]) {
      *frame_size = frame_sizes[i];
      return TRUE;
    }
  }
  return FALSE;
}

/* Parses @value as a whole number of @unit from 0 to @max into *@field, or names @key in @error. */
static gboolean
timing_set_number (const char *key, const char *value, guint max, const char *unit, guint *field, GError **error)
{
  guint64 number = 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, max, &number, NULL)) {
    *field = (guint) number;
    return TRUE;
  }
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s=%s: not a number of %s from 0 to %u", key,
               value, unit, max);
  return FALSE;
}

/* Sets one field from its key and text. */
gboolean
kiosk_sim_timing_set (KioskSimTiming *self, const char *key, const char *value, GError **error)
{
  g_return_val_if_fail (self != NULL && key != NULL && value != NULL, FALSE);

  if (g_strcmp0 (key, "bit-rate") == 0) {
    if (timing_parse_bit_rate (value, &self->bit_rate))
      return TRUE;
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 "bit-rate=%s: not an ISO/IEC 14443 bit rate (106000, 212000, 424000 or 848000)", value);
    return FALSE;
  }
  if (g_strcmp0 (key, "frame-size") == 0) {
    if (timing_parse_frame_size (value, &self->frame_size))
      return TRUE;
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 "frame-size=%s: not an ISO/IEC 14443-4 frame size (16, 24, 32, 40, 48, 64, 96, 128, 256, "
                 "512, 1024, 2048 or 4096)", value);
    return FALSE;
  }
  /* A command or a signature taking more than a minute is no card a terminal could use. */
  if (g_strcmp0 (key, "command-us") == 0)
    return timing_set_number (key, value, 60000000, "microseconds", &self->command_us, error);
  if (g_strcmp0 (key, "rsa-ms") == 0)
    return timing_set_number (key, value, 60000, "milliseconds", &self->rsa_ms, error);
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND, "%s: not a key of the timing model", key);
  return FALSE;
}

/* The number of blocks @len bytes of INF take (an empty INF still takes one block). */
static guint64
timing_blocks (gsize len, gsize inf_max)
{
  return len == 0 ? 1 : (len + inf_max - 1) / inf_max;
}

/* TRUE when @sw says the card did what the command asked (90 00, or 61 xx: data waiting). */
static gboolean
timing_sw_performed (guint16 sw)
{
  return sw == 0x9000 || (sw & 0xFF00) == 0x6100;
}

/* Microseconds for one APDU; see sim-timing.h for what is counted. */
guint64
kiosk_sim_timing_apdu_us (const KioskSimTiming *self, const guint8 *cmd, gsize cmd_len, gsize resp_data_len,
                          guint16 sw)
{
  gsize inf_max;
  guint64 command_blocks, answer_blocks, exchanges, etu, fc_cycles, processing_ns, ns;

  g_return_val_if_fail (self != NULL && self->bit_rate > 0 && self->frame_size > BLOCK_OVERHEAD, 0);
  g_return_val_if_fail (cmd != NULL || cmd_len == 0, 0);

  inf_max = self->frame_size - BLOCK_OVERHEAD;
  command_blocks = timing_blocks (cmd_len, inf_max);
  answer_blocks = timing_blocks (resp_data_len + 2, inf_max);
  /* Every chained block but the last is answered by an R(ACK): one frame each way per exchange. */
  exchanges = command_blocks + answer_blocks - 1;

  /* Each exchange: a reader frame, a card frame, then the reader's pause TR2. The I-blocks carry
   * the command and the answer; the other frames of the exchanges are R(ACK)s (PCB + CRC_B). */
  etu = 2 * exchanges * (ETU_SOF + ETU_EOF + ETU_PER_BYTE * BLOCK_OVERHEAD) + exchanges * ETU_TR2 +
        ETU_PER_BYTE * (guint64) (cmd_len + resp_data_len + 2);
  /* Before every card frame, its subcarrier lead-in TR1; before all but the one after the last
   * command block, only the least guard time TR0 (the card has nothing to compute). */
  fc_cycles = exchanges * FC_TR1 + (exchanges - 1) * FC_TR0;

  processing_ns = (guint64) self->command_us * 1000;
  if (cmd_len >= 2 && cmd[1] == 0x2A && timing_sw_performed (sw))
    processing_ns += (guint64) self->rsa_ms * 1000000;
  processing_ns = MAX (processing_ns, (FC_TR0 * G_GUINT64_CONSTANT (1000000000) + TIMING_FC_HZ / 2) / TIMING_FC_HZ);

  ns = (etu * G_GUINT64_CONSTANT (1000000000) + self->bit_rate / 2) / self->bit_rate +
       (fc_cycles * G_GUINT64_CONSTANT (1000000000) + TIMING_FC_HZ / 2) / TIMING_FC_HZ + processing_ns;
  return (ns + 500) / 1000;
}
