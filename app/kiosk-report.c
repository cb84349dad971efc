/* kiosk-report.c: report lines on stdout. */
#include "app/kiosk-report.h"

#include <stdio.h>

/* Prints one flushed "kiosk: ..." line. */
void
kiosk_report (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  flockfile (stdout);
  fputs ("kiosk: ", stdout);
  vfprintf (stdout, format, args);
  fputc ('\n', stdout);
  fflush (stdout);
  funlockfile (stdout);
  va_end (args);
}
