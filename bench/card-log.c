/* card-log.c: kiosk-bench-card-log, what one emulator APDU log cost: APDUs, bytes, card time.
 *
 *   kiosk-bench-card-log [--bit-rate R] [--command-us US] [--rsa-ms MS] [--frame-size N]
 *                        [--require-authentication] LOG
 *
 * LOG is the card emulator's log (sim/card/sim-apdu-log.h): `COMMAND SW DATA-LENGTH` a line,
 * a PIN written `**` after the header and Lc. Prints one `NAME VALUE` line each:
 *   apdus          APDUs the card received
 *   bytes          bytes exchanged: every command (header, Lc, data, Le) + response data + SW
 *   bytes_command  the commands' part of it; a masked PIN counts by its Lc
 *   bytes_response the answers' part (data + 2 status bytes each)
 *   time_us        the card time the contactless model gives (sim/card/sim-timing.h; options
 *                  as the model's keys, defaults there: 212 kbit/s, 1000 µs, 200 ms, 256)
 *   select, read_binary, verify, sign, other   APDUs by instruction
 * --require-authentication fails unless the log holds a READ BINARY with data, a VERIFY with a
 * PIN answered 90 00 and a signature the card made, so an empty or failed run gives no figure.
 * A line the card never answered (TEAR) or that does not parse is an error. Exit status 0, 1 on
 * a log that fails, 2 for bad usage.
 */
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>

#include "sim/card/sim-timing.h"

/* The longest short APDU: header, Lc, 255 data bytes, Le. */
#define LOG_APDU_MAX (4 + 1 + 255 + 1)

typedef struct {
  guint64 apdus, bytes_command, bytes_response, time_us;
  guint64 select, read_binary, verify, sign, other;
  gboolean read_data, pin_verified, signed_data;
} LogTotals;

/* One line of the log. */
typedef struct {
  guint8 apdu[LOG_APDU_MAX];
  gsize apdu_len;
  guint16 sw;
  gsize data_len;
} LogLine;

/* Decodes @len hex digits of @hex into @out; FALSE on a non-hex digit. */
static gboolean
log_decode_hex (const char *hex, gsize len, guint8 *out)
{
  for (gsize i = 0; i + 1 < len; i += 2) {
    int high = g_ascii_xdigit_value (hex[i]), low = g_ascii_xdigit_value (hex[i + 1]);

    if (high < 0 || low < 0)
      return FALSE;
    out[i / 2] = (guint8) (high << 4 | low);
  }
  return TRUE;
}

/* Parses the command field: hex, or the header and Lc in hex followed by `**` (a masked PIN,
 * restored as Lc zero bytes: the content does not change the cost). */
static gboolean
log_parse_command (const char *field, LogLine *line)
{
  gsize len = strlen (field);
  gboolean masked = len > 2 && g_str_has_suffix (field, "**");

  if (masked)
    len -= 2;
  if (len % 2 != 0 || len < 8 || len / 2 > LOG_APDU_MAX || !log_decode_hex (field, len, line->apdu))
    return FALSE;
  line->apdu_len = len / 2;
  if (masked) {
    /* Only the header and Lc are shown; a PIN command carries no Le on this card. */
    if (line->apdu_len != 5 || line->apdu[4] == 0)
      return FALSE;
    memset (line->apdu + 5, 0, line->apdu[4]);
    line->apdu_len = 5 + line->apdu[4];
  }
  return TRUE;
}

/* Parses `COMMAND SW DATA-LENGTH`; @number is the line number for the message. */
static gboolean
log_parse_line (const char *text, guint number, LogLine *line, GError **error)
{
  g_auto (GStrv) fields = g_strsplit (text, " ", -1);
  guint8 sw[2];
  guint64 data_len = 0;

  if (g_strv_length (fields) == 2 && g_str_equal (fields[1], "TEAR")) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "line %u: the card left the reader before answering", number);
    return FALSE;
  }
  if (g_strv_length (fields) != 3 || !log_parse_command (fields[0], line) || strlen (fields[1]) != 4 ||
      !log_decode_hex (fields[1], 4, sw) ||
      !g_ascii_string_to_unsigned (fields[2], 10, 0, 65536, &data_len, NULL)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %u is not `COMMAND SW DATA-LENGTH`: %s", number,
                 text);
    return FALSE;
  }
  line->sw = (guint16) (sw[0] << 8 | sw[1]);
  line->data_len = data_len;
  return TRUE;
}

/* Adds one APDU to the totals. */
static void
log_count (LogTotals *totals, const LogLine *line, const KioskSimTiming *timing)
{
  guint8 ins = line->apdu[1];

  totals->apdus++;
  totals->bytes_command += line->apdu_len;
  totals->bytes_response += line->data_len + 2;
  totals->time_us += kiosk_sim_timing_apdu_us (timing, line->apdu, line->apdu_len, line->data_len, line->sw);
  if (ins == 0xA4)
    totals->select++;
  else if (ins == 0xB0)
    totals->read_binary++;
  else if (ins == 0x20)
    totals->verify++;
  else if (ins == 0x2A)
    totals->sign++;
  else
    totals->other++;
  totals->read_data |= ins == 0xB0 && line->sw == 0x9000 && line->data_len > 0;
  totals->pin_verified |= ins == 0x20 && line->apdu_len > 5 && line->sw == 0x9000;
  totals->signed_data |= ins == 0x2A && line->sw == 0x9000 && line->data_len >= 128;
}

/* Reads the whole log into @totals. */
static gboolean
log_read (const char *path, const KioskSimTiming *timing, LogTotals *totals, GError **error)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  guint number = 0;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (char **text = lines; *text != NULL; text++) {
    LogLine line = { 0 };

    number++;
    if (**text == '\0')
      continue;
    if (!log_parse_line (*text, number, &line, error)) {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
    log_count (totals, &line, timing);
  }
  if (totals->apdus == 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no APDU in the log", path);
    return FALSE;
  }
  return TRUE;
}

/* Applies a --bit-rate style option to the model. */
static gboolean
log_option (const char *option_name, const char *value, gpointer data, GError **error)
{
  KioskSimTiming *timing = data;

  return kiosk_sim_timing_set (timing, option_name + 2, value, error);
}

int
main (int argc, char **argv)
{
  KioskSimTiming timing;
  LogTotals totals = { 0 };
  gboolean require_authentication = FALSE;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("LOG - APDUs, bytes and modelled card time of an APDU log");
  GOptionGroup *group;
  GOptionEntry model_entries[] = {
    { "bit-rate", 0, 0, G_OPTION_ARG_CALLBACK, log_option, "bit/s: 106000, 212000, 424000 or 848000", "R" },
    { "command-us", 0, 0, G_OPTION_ARG_CALLBACK, log_option, "the card's time for a command", "US" },
    { "rsa-ms", 0, 0, G_OPTION_ARG_CALLBACK, log_option, "the card's RSA-2048 signature time", "MS" },
    { "frame-size", 0, 0, G_OPTION_ARG_CALLBACK, log_option, "FSC = FSD in bytes", "N" },
    { NULL },
  };
  GOptionEntry entries[] = {
    { "require-authentication", 0, 0, G_OPTION_ARG_NONE, &require_authentication,
      "fail unless the log shows a certificate read, a PIN verified and a signature", NULL },
    { NULL },
  };

  kiosk_sim_timing_init (&timing);
  group = g_option_group_new ("model", "The timing model", "The timing model's keys", &timing, NULL);
  g_option_group_add_entries (group, model_entries);
  g_option_context_set_main_group (context, group);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2) {
    g_printerr ("kiosk-bench-card-log: %s\n", error != NULL ? error->message : "one LOG is needed (see --help)");
    return 2;
  }
  if (!log_read (argv[1], &timing, &totals, &error)) {
    g_printerr ("kiosk-bench-card-log: %s\n", error->message);
    return 1;
  }
  if (require_authentication && !(totals.read_data && totals.pin_verified && totals.signed_data)) {
    g_printerr ("kiosk-bench-card-log: %s shows no complete authentication:%s%s%s\n", argv[1],
                totals.read_data ? "" : " no READ BINARY with data;", totals.pin_verified ? "" : " no PIN verified;",
                totals.signed_data ? "" : " no signature made;");
    return 1;
  }
  printf ("apdus %" G_GUINT64_FORMAT "\n", totals.apdus);
  printf ("bytes %" G_GUINT64_FORMAT "\n", totals.bytes_command + totals.bytes_response);
  printf ("bytes_command %" G_GUINT64_FORMAT "\n", totals.bytes_command);
  printf ("bytes_response %" G_GUINT64_FORMAT "\n", totals.bytes_response);
  printf ("time_us %" G_GUINT64_FORMAT "\n", totals.time_us);
  printf ("select %" G_GUINT64_FORMAT "\n", totals.select);
  printf ("read_binary %" G_GUINT64_FORMAT "\n", totals.read_binary);
  printf ("verify %" G_GUINT64_FORMAT "\n", totals.verify);
  printf ("sign %" G_GUINT64_FORMAT "\n", totals.sign);
  printf ("other %" G_GUINT64_FORMAT "\n", totals.other);
  return 0;
}
