/* main.c: kiosk-terminal, the touchscreen of a certificate-issuance terminal. */
#include <glib/gi18n.h>
#include <locale.h>

#include "ui/kiosk-application.h"

/* Runs the application; with --once, the exit status says whether the session printed. */
int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) application = NULL;
  int status;

  setlocale (LC_ALL, "");
  application = kiosk_application_new ();
  status = g_application_run (G_APPLICATION (application), argc, argv);
  return status != 0 ? status : kiosk_application_get_exit_status (application);
}
