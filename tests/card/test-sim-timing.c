/* test-sim-timing.c: the contactless timing model (sim/card/sim-timing.h), without a reader. */
#include <string.h>

#include "sim/card/sim-timing.h"

/* SELECT of the JPKI AP by DF name: 15 bytes. */
static const guint8 select_ap[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                                    0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
/* READ BINARY of 256 bytes (Le 00). */
static const guint8 read_binary[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

/* The model the hand-computed cases use, whatever the defaults become. */
static KioskSimTiming
model (guint bit_rate)
{
  KioskSimTiming t = { .bit_rate = bit_rate, .command_us = 1000, .rsa_ms = 200, .frame_size = 256 };
  return t;
}

/* COMPUTE DIGITAL SIGNATURE with a SHA-256 DigestInfo: 80 2A 00 80 33 <51 bytes> 00. */
static void
sign_command (guint8 cmd[57])
{
  memset (cmd, 0xAB, 57);
  cmd[0] = 0x80;
  cmd[1] = 0x2A;
  cmd[2] = 0x00;
  cmd[3] = 0x80;
  cmd[4] = 0x33;
  cmd[56] = 0x00;
}

static void
test_defaults_are_the_documented_ones (void)
{
  KioskSimTiming t;

  kiosk_sim_timing_init (&t);
  g_assert_cmpuint (t.bit_rate, ==, 212000);
  g_assert_cmpuint (t.command_us, ==, 1000);
  g_assert_cmpuint (t.rsa_ms, ==, 200);
  g_assert_cmpuint (t.frame_size, ==, 256);
}

/* By hand, at 212 kbit/s: the reader's frame is SOF 12 + (PCB + 15 + CRC_B) 18 bytes × 10 +
 * EOF 10 = 202 etu; the card's is 12 + (1 + 90 00 + 2) 5 × 10 + 10 = 72 etu; TR2 14 etu.
 * 288 etu / 212000 = 1358.49 µs, + TR1 1280/fc = 94.40 µs, + 1000 µs processing = 2452.89 µs. */
static void
test_select_at_212k_takes_the_hand_computed_time (void)
{
  KioskSimTiming t = model (212000);

  g_assert_cmpuint (kiosk_sim_timing_apdu_us (&t, select_ap, sizeof select_ap, 0, 0x9000), ==, 2453);
}

/* By hand: the 258 bytes of the answer take two blocks (253 + 5), so two exchanges:
 * 2 × 2 × 52 etu of frames + 2 × TR2 14 + 263 bytes × 10 = 2866 etu = 13518.87 µs,
 * + 2 × TR1 + 1 × TR0 = 3584/fc = 264.31 µs, + 1000 µs = 14783.18 µs. */
static void
test_read_binary_256_at_212k_takes_the_hand_computed_time (void)
{
  KioskSimTiming t = model (212000);

  g_assert_cmpuint (kiosk_sim_timing_apdu_us (&t, read_binary, sizeof read_binary, 256, 0x9000), ==, 14783);
}

static void
test_read_binary_256_is_slower_at_212k_than_at_424k (void)
{
  KioskSimTiming slow = model (212000), fast = model (424000);
  guint64 at_212k = kiosk_sim_timing_apdu_us (&slow, read_binary, sizeof read_binary, 256, 0x9000);
  guint64 at_424k = kiosk_sim_timing_apdu_us (&fast, read_binary, sizeof read_binary, 256, 0x9000);

  g_assert_cmpuint (at_212k, >, at_424k);
  /* Only the bits on the air halve; processing and guard times stay. */
  g_assert_cmpuint (at_212k, <, 2 * at_424k);
}

/* A block more than @one_block's costs, at 212 kbit/s, one more exchange: 2 frames of 52 etu +
 * TR2 14 + the extra byte's 10 = 128 etu (603.77 µs) + TR1 + TR0 (169.91 µs). */
static void
assert_one_exchange_more (guint64 one_block, guint64 two_blocks)
{
  g_assert_cmpuint (two_blocks - one_block, >=, 773);
  g_assert_cmpuint (two_blocks - one_block, <=, 775);
}

/* 251 data bytes + SW fill one 253-byte INF; one byte more needs a second block and an R(ACK). */
static void
test_answer_over_the_frame_size_is_chained (void)
{
  KioskSimTiming t = model (212000);
  guint64 one_block = kiosk_sim_timing_apdu_us (&t, read_binary, sizeof read_binary, 251, 0x9000);
  guint64 two_blocks = kiosk_sim_timing_apdu_us (&t, read_binary, sizeof read_binary, 252, 0x9000);

  assert_one_exchange_more (one_block, two_blocks);
}

/* With a 64-byte frame size (61 bytes of INF a block) a 61-byte command takes one block and a
 * 62-byte one two: one more exchange, as for the answer. */
static void
test_command_over_the_frame_size_is_chained (void)
{
  KioskSimTiming t = model (212000);
  guint8 cmd[62];
  guint64 one_block, two_blocks;

  t.frame_size = 64;
  memset (cmd, 0, sizeof cmd);
  cmd[1] = 0xD6; /* UPDATE BINARY */
  cmd[4] = 56;
  one_block = kiosk_sim_timing_apdu_us (&t, cmd, 61, 0, 0x9000);
  cmd[4] = 57;
  two_blocks = kiosk_sim_timing_apdu_us (&t, cmd, 62, 0, 0x9000);
  assert_one_exchange_more (one_block, two_blocks);
}

/* The signature's 258-byte answer takes 5 blocks of 61 bytes instead of 2 of 253: three more
 * exchanges of 118 etu (1669.81 µs) and 3 × (TR1 + TR0) = 6912/fc (509.73 µs). */
static void
test_small_frame_size_costs_exchanges (void)
{
  KioskSimTiming big = model (212000), small = model (212000);
  guint8 cmd[57];
  guint64 delta;

  small.frame_size = 64;
  sign_command (cmd);
  delta = kiosk_sim_timing_apdu_us (&small, cmd, sizeof cmd, 256, 0x9000) -
          kiosk_sim_timing_apdu_us (&big, cmd, sizeof cmd, 256, 0x9000);
  g_assert_cmpuint (delta, >=, 2178);
  g_assert_cmpuint (delta, <=, 2181);
}

static void
test_signature_is_dominated_by_rsa (void)
{
  KioskSimTiming t = model (212000);
  guint8 cmd[57];
  guint64 us;

  sign_command (cmd);
  us = kiosk_sim_timing_apdu_us (&t, cmd, sizeof cmd, 256, 0x9000);
  g_assert_cmpuint (us, >, 200000);
  g_assert_cmpuint (us - 200000, <, us / 10);
}

static void
test_refused_signature_costs_no_rsa (void)
{
  KioskSimTiming t = model (212000);
  guint8 cmd[57];

  sign_command (cmd);
  g_assert_cmpuint (kiosk_sim_timing_apdu_us (&t, cmd, sizeof cmd, 0, 0x6982), <, 10000);
  /* Over T=0 the card computes before it answers 61 00: that is the signature. */
  g_assert_cmpuint (kiosk_sim_timing_apdu_us (&t, cmd, sizeof cmd, 0, 0x6100), >, 200000);
}

static void
test_processing_never_undercuts_tr0 (void)
{
  KioskSimTiming quick = model (848000), instant = model (848000);

  quick.command_us = 76; /* just over TR0 = 1024/fc = 75.52 µs */
  instant.command_us = 0;
  g_assert_cmpuint (kiosk_sim_timing_apdu_us (&instant, select_ap, sizeof select_ap, 0, 0x9000), ==,
                    kiosk_sim_timing_apdu_us (&quick, select_ap, sizeof select_ap, 0, 0x9000));
}

static void
test_keys_parse_with_units (void)
{
  g_autoptr (GError) error = NULL;
  KioskSimTiming t;

  kiosk_sim_timing_init (&t);
  g_assert_true (kiosk_sim_timing_set (&t, "bit-rate", "424k", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t.bit_rate, ==, 424000);
  g_assert_true (kiosk_sim_timing_set (&t, "bit-rate", "106000", &error));
  g_assert_cmpuint (t.bit_rate, ==, 106000);
  g_assert_true (kiosk_sim_timing_set (&t, "rsa-ms", "450", &error));
  g_assert_cmpuint (t.rsa_ms, ==, 450);
  g_assert_true (kiosk_sim_timing_set (&t, "command-us", "0", &error));
  g_assert_cmpuint (t.command_us, ==, 0);
  g_assert_true (kiosk_sim_timing_set (&t, "frame-size", "128", &error));
  g_assert_cmpuint (t.frame_size, ==, 128);
  g_assert_true (kiosk_sim_timing_is_key ("rsa-ms"));
  g_assert_false (kiosk_sim_timing_is_key ("tear-after"));
}

static void
test_bad_values_are_refused_by_name (void)
{
  const char *bad[][2] = {
    { "bit-rate", "300000" }, { "bit-rate", "212kk" }, { "bit-rate", "" },      { "bit-rate", "-212000" },
    { "frame-size", "100" },  { "frame-size", "8" },   { "rsa-ms", "1.5" },     { "rsa-ms", "60001" },
    { "command-us", "x" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_autoptr (GError) error = NULL;
    KioskSimTiming t;

    kiosk_sim_timing_init (&t);
    g_assert_false (kiosk_sim_timing_set (&t, bad[i][0], bad[i][1], &error));
    g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
    g_assert_nonnull (strstr (error->message, bad[i][0]));
    g_assert_cmpuint (t.bit_rate, ==, KIOSK_SIM_TIMING_DEFAULT_BIT_RATE);
    g_assert_cmpuint (t.frame_size, ==, KIOSK_SIM_TIMING_DEFAULT_FRAME_SIZE);
    g_assert_cmpuint (t.rsa_ms, ==, KIOSK_SIM_TIMING_DEFAULT_RSA_MS);
  }
}

static void
test_unknown_key_is_refused (void)
{
  g_autoptr (GError) error = NULL;
  KioskSimTiming t;

  kiosk_sim_timing_init (&t);
  g_assert_false (kiosk_sim_timing_set (&t, "baud", "9600", &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-timing/defaults-are-the-documented-ones", test_defaults_are_the_documented_ones);
  g_test_add_func ("/sim-timing/select-at-212k-takes-the-hand-computed-time",
                   test_select_at_212k_takes_the_hand_computed_time);
  g_test_add_func ("/sim-timing/read-binary-256-at-212k-takes-the-hand-computed-time",
                   test_read_binary_256_at_212k_takes_the_hand_computed_time);
  g_test_add_func ("/sim-timing/read-binary-256-is-slower-at-212k-than-at-424k",
                   test_read_binary_256_is_slower_at_212k_than_at_424k);
  g_test_add_func ("/sim-timing/answer-over-the-frame-size-is-chained", test_answer_over_the_frame_size_is_chained);
  g_test_add_func ("/sim-timing/command-over-the-frame-size-is-chained", test_command_over_the_frame_size_is_chained);
  g_test_add_func ("/sim-timing/small-frame-size-costs-exchanges", test_small_frame_size_costs_exchanges);
  g_test_add_func ("/sim-timing/signature-is-dominated-by-rsa", test_signature_is_dominated_by_rsa);
  g_test_add_func ("/sim-timing/refused-signature-costs-no-rsa", test_refused_signature_costs_no_rsa);
  g_test_add_func ("/sim-timing/processing-never-undercuts-tr0", test_processing_never_undercuts_tr0);
  g_test_add_func ("/sim-timing/keys-parse-with-units", test_keys_parse_with_units);
  g_test_add_func ("/sim-timing/bad-values-are-refused-by-name", test_bad_values_are_refused_by_name);
  g_test_add_func ("/sim-timing/unknown-key-is-refused", test_unknown_key_is_refused);
  return g_test_run ();
}
