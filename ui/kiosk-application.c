/* kiosk-application.c: loads the configuration, makes the session and shows the window.
 * It reports each state on stdout ("kiosk: state NAME") the way the headless driver does, so
 * scripts (the demo) can follow a session on the touchscreen too. */
#include "ui/kiosk-application.h"

#include "app/kiosk-report.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "app/kiosk-config.h"
#include "app/kiosk-error.h"
#include "app/kiosk-session.h"
#include "ui/kiosk-ui.h"
#include "ui/kiosk-window.h"

struct _KioskApplication {
  GtkApplication parent_instance;

  KioskConfig *config;
  KioskSession *session;
  gboolean windowed; /* --windowed: not fullscreen (development, screenshots) */
  gboolean once;     /* --once: quit after one session (the demo) */
  int exit_status;   /* with --once: 0 printed, 1 not */
  gulong state_handler;
  guint dwell_source; /* --once: the end screen is showing; quit when it fires */
};

/* How long the end screen (done or failed) stays before --once quits, unless the resident taps. */
#define ONCE_DWELL_S 10

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, NULL, N_("The terminal's configuration file"),
    N_("FILE") },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show a window instead of the full screen"),
    NULL },
  { "once", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Quit after one session: exit status 0 if it printed, 1 if not"), NULL },
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
  self->once = g_variant_dict_contains (options, "once");
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

/* --once: the end screen has been read (or the resident tapped past it): quit. */
static gboolean
dwell_over_cb (gpointer user_data)
{
  KioskApplication *self = user_data;

  self->dwell_source = 0;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/* Reports the state the session entered (no personal data); with --once, ends after one session. */
static void
session_state_cb (KioskSession *session, GParamSpec *pspec, KioskApplication *self)
{
  KioskSessionState state = kiosk_session_get_state (session);
  const GError *error = kiosk_session_get_error (session);

  kiosk_report ("state %s", kiosk_session_state_name (state));
  if (state == KIOSK_SESSION_TAKE_CARD)
    {
      kiosk_report ("printed job %d", kiosk_session_get_print_job_id (session));
      kiosk_report ("take your card");
    }
  else if (state == KIOSK_SESSION_FAILED && error != NULL)
    kiosk_report ("failed %s: %s",
            error->domain == KIOSK_ERROR ? kiosk_error_code_name ((KioskError) error->code)
                                         : "failed",
            error->message);

  if (!self->once)
    return;
  if (state == KIOSK_SESSION_DONE || state == KIOSK_SESSION_FAILED)
    {
      self->exit_status = state == KIOSK_SESSION_DONE ? 0 : 1;
      self->dwell_source = g_timeout_add_seconds (ONCE_DWELL_S, dwell_over_cb, self);
    }
  else if (state == KIOSK_SESSION_IDLE && self->dwell_source != 0)
    {
      /* the resident tapped the end screen's button: no need to wait */
      g_clear_handle_id (&self->dwell_source, g_source_remove);
      g_application_quit (G_APPLICATION (self));
    }
}

/* Registers the resources and the style sheet, and makes the session. */
static void
kiosk_application_startup (GApplication *application)
{
  KioskApplication *self = KIOSK_APPLICATION (application);

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (application);
  kiosk_ui_init ();
  self->session = kiosk_session_new (self->config);
  self->state_handler = g_signal_connect (self->session, "notify::state",
                                          G_CALLBACK (session_state_cb), self);
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

  g_clear_handle_id (&self->dwell_source, g_source_remove);
  g_clear_signal_handler (&self->state_handler, self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->config, kiosk_config_free);
  G_OBJECT_CLASS (kiosk_application_parent_class)->dispose (object);
}

/* The exit status of --once: 0 if the session printed, 1 if it did not; 0 without --once. */
int
kiosk_application_get_exit_status (KioskApplication *self)
{
  g_return_val_if_fail (KIOSK_IS_APPLICATION (self), 1);
  return self->once ? self->exit_status : 0;
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
  self->exit_status = 1; /* until a session prints */
}
