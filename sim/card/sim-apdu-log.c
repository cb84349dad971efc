/* sim-apdu-log.c: one line per APDU received, PINs masked (see sim-apdu-log.h). */
#include "sim/card/sim-apdu-log.h"

#include <errno.h>
#include <stdio.h>

struct _KioskSimApduLog {
  FILE *file;
  char *path;
  gboolean failed; /* a write failed and was reported */
};

/* Opens the log for appending. */
KioskSimApduLog *
kiosk_sim_apdu_log_open (const char *path, GError **error)
{
  KioskSimApduLog *self;
  FILE *file = fopen (path, "a");

  if (file == NULL) {
    int saved = errno;

    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "cannot open the APDU log %s: %s", path,
                 g_strerror (saved));
    return NULL;
  }
  self = g_new0 (KioskSimApduLog, 1);
  self->file = file;
  self->path = g_strdup (path);
  return self;
}

/* TRUE for the instructions whose data is a PIN. */
static gboolean
apdu_carries_pin (guint8 ins)
{
  return ins == 0x20 || ins == 0x24 || ins == 0x2C;
}

/* The line for one APDU. */
char *
kiosk_sim_apdu_log_format (const guint8 *apdu, gsize apdu_len, GBytes *answer)
{
  GString *line = g_string_sized_new (2 * apdu_len + 16);
  /* Header and Lc in clear; the rest is the PIN (a PIN command has no Le on this card). */
  gsize shown = apdu_len > 5 && apdu_carries_pin (apdu[1]) ? 5 : apdu_len;
  const guint8 *data;
  gsize len;

  for (gsize i = 0; i < shown; i++)
    g_string_append_printf (line, "%02X", apdu[i]);
  if (shown < apdu_len)
    g_string_append (line, "**");
  if (answer == NULL) {
    g_string_append (line, " TEAR");
    return g_string_free (line, FALSE);
  }
  data = g_bytes_get_data (answer, &len);
  if (len >= 2)
    g_string_append_printf (line, " %02X%02X %zu", data[len - 2], data[len - 1], len - 2);
  else
    g_string_append_printf (line, " ---- %zu", len);
  return g_string_free (line, FALSE);
}

/* Appends one line and flushes, so a reader sees it at once. */
void
kiosk_sim_apdu_log_write (KioskSimApduLog *self, const guint8 *apdu, gsize apdu_len, GBytes *answer)
{
  g_autofree char *line = NULL;

  if (self == NULL)
    return;
  line = kiosk_sim_apdu_log_format (apdu, apdu_len, answer);
  if ((fprintf (self->file, "%s\n", line) < 0 || fflush (self->file) != 0) && !self->failed) {
    self->failed = TRUE;
    g_printerr ("kiosk-sim-card: cannot write the APDU log %s: %s\n", self->path, g_strerror (errno));
  }
}

/* Closes the log. */
void
kiosk_sim_apdu_log_close (KioskSimApduLog *self)
{
  if (self == NULL)
    return;
  fclose (self->file);
  g_free (self->path);
  g_free (self);
}
