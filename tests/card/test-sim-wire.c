/* test-sim-wire.c: what the emulator puts on the wire: T=0 framing and the APDU log. */
#include <string.h>

#include "sim/card/sim-apdu-log.h"
#include "sim/card/sim-t0.h"

/* A card with 100 bytes to read (READ BINARY), a 256-byte answer to 80 2A and 9000 otherwise. */
static GBytes *
inner_card (const guint8 *apdu, gsize len, gpointer user_data)
{
  guint8 answer[258];
  gsize data_len = 0;

  if (apdu[1] == 0xB0) {
    g_assert_cmpuint (len, ==, 5);
    data_len = MIN (apdu[4] ? apdu[4] : 256, 100);
  } else if (apdu[1] == 0x2A) {
    g_assert_cmpuint (len, ==, 5 + apdu[4]); /* T=0 never passes Le after data */
    data_len = 256;
  }
  for (gsize i = 0; i < data_len; i++)
    answer[i] = (guint8) i;
  answer[data_len] = 0x90;
  answer[data_len + 1] = 0x00;
  return g_bytes_new (answer, data_len + 2);
}

/* Sends @apdu (hex) through @t0 and returns the answer's status word; @data_len gets its data length. */
static guint16
send (KioskSimT0 *t0, const char *hex, gsize *data_len)
{
  guint8 apdu[300];
  gsize len = strlen (hex) / 2, size;
  g_autoptr (GBytes) answer = NULL;
  const guint8 *bytes;

  for (gsize i = 0; i < len; i++)
    apdu[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  answer = kiosk_sim_t0_process (t0, apdu, len, inner_card, NULL);
  bytes = g_bytes_get_data (answer, &size);
  g_assert_cmpuint (size, >=, 2);
  *data_len = size - 2;
  return (guint16) (bytes[size - 2] << 8 | bytes[size - 1]);
}

/* 80 2A 00 80 with 51 data bytes and Le 00. */
static char *
sign_command (void)
{
  GString *hex = g_string_new ("802A008033");

  for (int i = 0; i < 0x33; i++)
    g_string_append (hex, "AB");
  g_string_append (hex, "00");
  return g_string_free (hex, FALSE);
}

static void
test_t0_right_le_gets_data_at_once (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (256);
  gsize len;

  g_assert_cmphex (send (t0, "00B0000064", &len), ==, 0x9000);
  g_assert_cmpuint (len, ==, 100);
}

static void
test_t0_wrong_le_gets_6c (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (256);
  gsize len;

  g_assert_cmphex (send (t0, "00B0000000", &len), ==, 0x6C64);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmphex (send (t0, "00B0000010", &len), ==, 0x6C64); /* too little is wrong too */
}

static void
test_t0_max_response_caps_le (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (60);
  gsize len;

  g_assert_cmphex (send (t0, "00B0000064", &len), ==, 0x6C3C);
  g_assert_cmphex (send (t0, "00B000003C", &len), ==, 0x9000);
  g_assert_cmpuint (len, ==, 60);
}

static void
test_t0_data_after_data_comes_by_get_response (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (200);
  g_autofree char *sign = sign_command ();
  gsize len;

  g_assert_cmphex (send (t0, sign, &len), ==, 0x61C8);
  g_assert_cmpuint (len, ==, 0);
  g_assert_cmphex (send (t0, "00C00000C8", &len), ==, 0x6138);
  g_assert_cmpuint (len, ==, 200);
  g_assert_cmphex (send (t0, "00C0000038", &len), ==, 0x9000);
  g_assert_cmpuint (len, ==, 56);
  g_assert_cmphex (send (t0, "00C0000010", &len), ==, 0x6985); /* nothing left */
}

static void
test_t0_get_response_asking_too_much_gets_6c (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (256);
  g_autofree char *sign = sign_command ();
  gsize len;

  g_assert_cmphex (send (t0, sign, &len), ==, 0x6100);
  g_assert_cmphex (send (t0, "00C0000010", &len), ==, 0x61F0); /* less is fine: the rest waits */
  g_assert_cmpuint (len, ==, 16);
  g_assert_cmphex (send (t0, "00C0000000", &len), ==, 0x6CF0);
}

static void
test_t0_other_command_drops_waiting_data (void)
{
  g_autoptr (KioskSimT0) t0 = kiosk_sim_t0_new (256);
  g_autofree char *sign = sign_command ();
  gsize len;

  g_assert_cmphex (send (t0, sign, &len), ==, 0x6100);
  g_assert_cmphex (send (t0, "00A4020C02000A", &len), ==, 0x9000);
  g_assert_cmphex (send (t0, "00C0000000", &len), ==, 0x6985);
}

static void
test_log_line_is_command_sw_and_length (void)
{
  static const guint8 select[] = { 0x00, 0xA4, 0x04, 0x0C, 0x02, 0xD3, 0x92 };
  static const guint8 answer[] = { 0x01, 0x02, 0x03, 0x90, 0x00 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (answer, sizeof answer);
  g_autofree char *line = kiosk_sim_apdu_log_format (select, sizeof select, bytes);

  g_assert_cmpstr (line, ==, "00A4040C02D392 9000 3");
}

static void
test_log_masks_pin_commands (void)
{
  static const guint8 verify[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
  static const guint8 change[] = { 0x00, 0x24, 0x00, 0x80, 0x08, '1', '2', '3', '4', '5', '6', '7', '8' };
  static const guint8 tries[] = { 0x00, 0x20, 0x00, 0x80 };
  static const guint8 answer[] = { 0x63, 0xC2 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (answer, sizeof answer);
  g_autofree char *verify_line = kiosk_sim_apdu_log_format (verify, sizeof verify, bytes);
  g_autofree char *change_line = kiosk_sim_apdu_log_format (change, sizeof change, bytes);
  g_autofree char *tries_line = kiosk_sim_apdu_log_format (tries, sizeof tries, bytes);

  g_assert_cmpstr (verify_line, ==, "0020008004** 63C2 0");
  g_assert_cmpstr (change_line, ==, "0024008008** 63C2 0");
  g_assert_cmpstr (tries_line, ==, "00200080 63C2 0");
}

static void
test_log_marks_a_torn_command (void)
{
  static const guint8 read[] = { 0x00, 0xB0, 0x01, 0x00, 0x00 };
  g_autofree char *line = kiosk_sim_apdu_log_format (read, sizeof read, NULL);

  g_assert_cmpstr (line, ==, "00B0010000 TEAR");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/t0/right-le-gets-data-at-once", test_t0_right_le_gets_data_at_once);
  g_test_add_func ("/sim/t0/wrong-le-gets-6c", test_t0_wrong_le_gets_6c);
  g_test_add_func ("/sim/t0/max-response-caps-le", test_t0_max_response_caps_le);
  g_test_add_func ("/sim/t0/data-after-data-comes-by-get-response", test_t0_data_after_data_comes_by_get_response);
  g_test_add_func ("/sim/t0/get-response-asking-too-much-gets-6c", test_t0_get_response_asking_too_much_gets_6c);
  g_test_add_func ("/sim/t0/other-command-drops-waiting-data", test_t0_other_command_drops_waiting_data);
  g_test_add_func ("/sim/log/line-is-command-sw-and-length", test_log_line_is_command_sw_and_length);
  g_test_add_func ("/sim/log/masks-pin-commands", test_log_masks_pin_commands);
  g_test_add_func ("/sim/log/marks-a-torn-command", test_log_marks_a_torn_command);
  return g_test_run ();
}
