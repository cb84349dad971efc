/* kiosk-application.c: loads the configuration, makes the session and shows the window. */
#include "ui/kiosk-application.h"

#include <glib/gi18n.h>

#include "app/kiosk-config.h"
#include "app/kiosk-session.h"
#include "ui/kiosk-ui.h"
#include "ui/kiosk-window.h"

struct _KioskApplication {
  GtkApplication parent_instance;

  KioskConfig *config;
  KioskSession *session;
  gboolean windowed; /* --windowed: not fullscreen (development, screenshots) */
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, N_("The terminal's configuration file"),
    N_("FILE") },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show a window instead of the full screen"),
    NULL },
  { NULL }
};

/* The application. */
KioskApplication *
kiosk_application_new (void)
{
  return g_object_new (KIOSK_TYPE_APPLICATION, "application-id", "jp.kiosk.Terminal", "flags",
                       G_APPLICATION_NON_UNIQUE, NULL);
}

/* Loads the configuration named by --config or $KIOSK_CONFIG before anything starts. */
static int
kiosk_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!g_variant_dict_lookup (options, "config", "^ay", &path))
    path = g_strdup (g_getenv ("KIOSK_CONFIG"));
  self->windowed = g_variant_dict_contains (options, "windowed");
  if (path == NULL)
    {
      g_printerr ("kiosk-terminal: no configuration: use --config FILE or set KIOSK_CONFIG\n");
      return EXIT_FAILURE;
    }
  self->config = kiosk_config_load (path, &error);
  if (self->config == NULL)
    {
      g_printerr ("kiosk-terminal: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return -1; /* go on */
}

/* Registers the resources and the style sheet, and makes the session. */
static void
kiosk_application_startup (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (application);
  kiosk_ui_init ();
  self->session = kiosk_session_new (self->config);
}

/* Shows the window (one per process). */
static void
kiosk_application_activate (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (kiosk_window_new (GTK_APPLICATION (application), self->session));
      if (!self->windowed)
        gtk_window_fullscreen (window);
    }
  gtk_window_present (window);
}

/* Drops the session before the configuration it borrows. */
static void
kiosk_application_dispose (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->config, kiosk_config_free);
  G_OBJECT_CLASS (kiosk_application_parent_class)->dispose (object);
}

/* Installs the vfuncs. */
static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_application_dispose;
  app_class->handle_local_options = kiosk_application_handle_local_options;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
}

/* Declares the command-line options. */
static void
kiosk_application_init (KioskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}
