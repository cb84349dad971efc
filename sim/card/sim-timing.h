/* sim-timing.h: how long one APDU keeps a contactless card busy (ISO/IEC 14443-4, Type B).
 *
 * The emulator answers over vpcd's TCP link in microseconds; a real My Number Card on a
 * kiosk's reader answers over 13.56 MHz radio at 106–848 kbit/s and computes RSA-2048 on its
 * chip. This model gives the time a real card would take, so that benchmarks (bench/run card)
 * and, through the profile, the emulator itself can see it. It is pure: no I/O, no clock.
 *
 * One APDU is one command–response pair of ISO/IEC 14443-4 blocks:
 *
 *   PCD  SOF [PCB INF CRC_B] EOF                           the command (I-block)
 *   PICC      ... card processing (≥ TR0) ... TR1 SOF [PCB INF CRC_B] EOF
 *   PCD                                                        ... TR2 ... (next frame)
 *
 * - A byte is 10 etu on the air (start bit, 8 bits, stop bit; Type B, ISO/IEC 14443-3); no
 *   extra guard time between bytes. 1 etu = 1 / bit rate.
 * - SOF is 12 etu (10 low + 2 high), EOF 10 etu: the minimums of ISO/IEC 14443-3 Type B.
 * - A block is PCB (1 byte, no CID, no NAD) + INF + CRC_B (2 bytes); R(ACK) blocks carry no INF.
 * - TR0 (the card's least guard time before answering) = 64/fs and TR1 (its subcarrier lead-in
 *   before SOF) = 80/fs, fs = 13.56 MHz / 16: the defaults of ISO/IEC 14443-2 at 106 kbit/s,
 *   which ATTRIB may shorten at higher rates; the model keeps them at every rate.
 * - TR2, the least time the reader leaves after the card's EOF before its next SOF: 14 etu.
 * - A command or answer longer than the frame size (FSC for the card, FSD for the reader, taken
 *   equal; PCB and CRC_B included) is chained: every block but the last is acknowledged by an
 *   R(ACK) from the other side, one more turnaround each.
 * - The card spends @command_us on every command before it answers, and @rsa_ms more on a
 *   COMPUTE DIGITAL SIGNATURE (INS 2A) it performs (answered 90 00 or 61 xx).
 * - Not modelled: S(WTX) frames during the signature (a few hundred µs against the RSA time),
 *   retransmissions, the reader's own USB/PC/SC latency, anticollision and activation.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ISO/IEC 14443 bit rates: fc/128, fc/64, fc/32 and fc/16, named as usual (bit/s). */
#define KIOSK_SIM_TIMING_106K 106000
#define KIOSK_SIM_TIMING_212K 212000
#define KIOSK_SIM_TIMING_424K 424000
#define KIOSK_SIM_TIMING_848K 848000

/* Defaults, and where they come from:
 * - 212 kbit/s: the rate the card benchmark reports at (docs/BENCHMARKS.md). Card and reader
 *   start at 106 kbit/s and may agree on up to 848; which rate a kiosk's reader reaches with a
 *   My Number Card is not public.
 * - 1000 µs a command: an assumption of the order of a chip's SELECT or READ BINARY answered
 *   from its non-volatile memory, kept low on purpose so that the model does not flatter a
 *   driver that sends fewer APDUs.
 * - 200 ms for RSA-2048 (CRT): the upper end of the 50–200 ms quoted for smart-card RSA
 *   coprocessors (smartcardfyi.com, "RSA" glossary), inside the 100–300 ms it gives for a
 *   typical chip ("RSA vs ECC on smart cards").
 * - Frame size 256 bytes: FSCI = FSDI = 8, the largest of ISO/IEC 14443-4:2001; the FSCI a My
 *   Number Card announces in its ATQB is not public either. */
#define KIOSK_SIM_TIMING_DEFAULT_BIT_RATE KIOSK_SIM_TIMING_212K
#define KIOSK_SIM_TIMING_DEFAULT_COMMAND_US 1000
#define KIOSK_SIM_TIMING_DEFAULT_RSA_MS 200
#define KIOSK_SIM_TIMING_DEFAULT_FRAME_SIZE 256

typedef struct {
  guint bit_rate;   /* bit/s in both directions: one of the four ISO/IEC 14443 rates */
  guint command_us; /* the card's processing time for any command, before it answers */
  guint rsa_ms;     /* added for a COMPUTE DIGITAL SIGNATURE (INS 2A) the card performs */
  guint frame_size; /* FSC = FSD in bytes, PCB and CRC_B included: 16..4096 */
} KioskSimTiming;

/* Sets every field of @self to its default. */
void kiosk_sim_timing_init (KioskSimTiming *self);

/* TRUE if @key is one the model reads: bit-rate, command-us, rsa-ms, frame-size. */
gboolean kiosk_sim_timing_is_key (const char *key);

/* Sets the field named @key from @value (decimal; bit-rate also takes 106k, 212k, 424k, 848k).
 * Fails with G_KEY_FILE_ERROR_INVALID_VALUE and a message naming the key for a value out of
 * range, and G_KEY_FILE_ERROR_KEY_NOT_FOUND for a key the model does not read. */
gboolean kiosk_sim_timing_set (KioskSimTiming *self, const char *key, const char *value, GError **error);

/* Microseconds one APDU takes on the link: @cmd (@cmd_len bytes, header included) sent, the
 * card's processing, and an answer of @resp_data_len data bytes plus the status word @sw. */
guint64 kiosk_sim_timing_apdu_us (const KioskSimTiming *self,
                                  const guint8 *cmd,
                                  gsize cmd_len,
                                  gsize resp_data_len,
                                  guint16 sw);

G_END_DECLS
