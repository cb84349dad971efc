/* test-gui-journey.c: the touchscreen over a real session in a real world (sim/world/kiosk-world:
 * pcscd with card 1, PIN 1234, the center, the municipal server, the printer).
 * Run outside a world, it starts one, runs itself inside it (kiosk-world exec) and stops it. */
#include <glib/gstdio.h>

#include "app/kiosk-config.h"
#include "app/kiosk-session.h"
#include "tests/gui/kiosk-test-screenshot.h"
#include "ui/kiosk-ui.h"
#include "ui/kiosk-window.h"

#define STATE_TIMEOUT_MS 30000

/* Runs kiosk-world with @args; FALSE (and the reason on stderr) if it fails. */
static gboolean
kiosk_world (const char *const *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KIOSK_WORLD_SCRIPT"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* the world's own output becomes TAP comments; the test run inside it writes the TAP */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     g_str_equal (args[0], "exec") ? NULL : &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("kiosk-world %s: %s\n", args[0], error->message);
      return FALSE;
    }
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_print ("# %s\n", lines[i]);
  return TRUE;
}

/* Starts a world, runs this program inside it with @argv, stops the world; the exit status. */
static int
run_in_world (char **argv)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "world", NULL);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *start[] = { "start", dir, NULL };
  const char *stop[] = { "stop", dir, NULL };
  g_autoptr (GPtrArray) exec = g_ptr_array_new ();
  int status;

  if (g_getenv ("KIOSK_WORLD_SCRIPT") == NULL || g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_printerr ("FAIL: KIOSK_WORLD_SCRIPT or G_TEST_BUILDDIR is not set (use meson test)\n");
      return 1;
    }
  if (!kiosk_world (start))
    return 1;
  g_ptr_array_add (exec, "exec");
  g_ptr_array_add (exec, dir);
  g_ptr_array_add (exec, "--");
  g_ptr_array_add (exec, self);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (exec, argv[i]);
  g_ptr_array_add (exec, NULL);
  status = kiosk_world ((const char *const *) exec->pdata) ? 0 : 1;
  kiosk_world (stop);
  return status;
}

typedef struct {
  KioskSession *session;
  KioskSessionState state;
} StateWait;

/* Whether the session reached the awaited state (or failed on the way). */
static gboolean
state_reached (gpointer user_data)
{
  StateWait *wait = user_data;
  KioskSessionState now = kiosk_session_get_state (wait->session);

  return now == wait->state || now == KIOSK_SESSION_FAILED;
}

/* Finds the button under @widget whose action is @action. */
static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0 &&
      gtk_widget_is_drawable (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Pressing the start button with card 1 on the reader brings the PIN screen. */
static void
test_start_button_leads_to_pin_screen (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load (g_getenv ("KIOSK_CONFIG"), &error);
  g_autoptr (KioskSession) session = NULL;
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screens", NULL);
  g_autofree char *path = g_build_filename (dir, "journey-pin.png", NULL);
  KioskWindow *window;
  GtkWidget *start;
  StateWait wait;

  g_assert_no_error (error);
  session = kiosk_session_new (config);
  window = kiosk_window_new (NULL, session);
  kiosk_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "idle");

  start = find_action_button (GTK_WIDGET (window), "kiosk.start");
  g_assert_nonnull (start);
  g_signal_emit_by_name (start, "clicked");

  wait = (StateWait) { session, KIOSK_SESSION_PIN };
  g_assert_true (kiosk_test_run_until (state_reached, &wait, STATE_TIMEOUT_MS));
  g_assert_cmpstr (kiosk_session_state_name (kiosk_session_get_state (session)), ==, "pin");
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "pin");

  kiosk_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  kiosk_test_save_screenshot (GTK_WIDGET (window), path);
  kiosk_test_assert_screenshot_size (GTK_WIDGET (window), path);

  kiosk_session_cancel (session);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Outside a world: starts one and reruns inside it. Inside: runs the tests. */
int
main (int argc, char **argv)
{
  if (g_getenv ("KIOSK_WORLD") == NULL)
    return run_in_world (argv);

  gtk_test_init (&argc, &argv, NULL);
  kiosk_ui_init ();
  g_test_add_func ("/gui/journey/start-button-leads-to-pin-screen",
                   test_start_button_leads_to_pin_screen);
  return g_test_run ();
}
