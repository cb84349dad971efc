/* main.c: kiosk-terminal, the touchscreen of a certificate-issuance terminal. */
#include <glib/gi18n.h>
#include <locale.h>

#include "ui/kiosk-application.h"

/* Runs the application. */
int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) application = NULL;

  setlocale (LC_ALL, "");
  application = kiosk_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
