/* test-gui-journey.c: the touchscreen over a real session in a real world (sim/world/kiosk-world:
 * pcscd with card 1, PIN 1234, the center, the municipal server, the printer). Every step is a
 * tap on a button a resident sees, and every wait is on the session's notify::state.
 * Run outside a world, it starts one, runs itself inside it (kiosk-world exec) and stops it. */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <stdio.h>
#include <unistd.h>

#include "app/kiosk-config.h"
#include "app/kiosk-session.h"
#include "tests/gui/kiosk-test-screenshot.h"
#include "tests/lib/kiosk-test-world.h"
#include "ui/kiosk-application.h"
#include "ui/kiosk-pin-page.h"
#include "ui/kiosk-ui.h"
#include "ui/kiosk-window-private.h"

#define STATE_TIMEOUT_MS 30000
#define TERMINAL_TIMEOUT_MS 120000
#define CARD_1_PIN "1234"

/* poppler-glib 22 has no autoptr declarations for its objects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct {
  KioskSession *session;
  KioskSessionState state;
  gboolean reached;
} StateWait;

/* notify::state: notes whether the awaited state (or failed, which ends every wait) came. */
static void
state_changed_cb (KioskSession *session, GParamSpec *pspec, StateWait *wait)
{
  KioskSessionState now = kiosk_session_get_state (session);

  wait->reached = now == wait->state || now == KIOSK_SESSION_FAILED;
}

/* Whether the state awaited was reached. */
static gboolean
state_reached (gpointer user_data)
{
  return ((StateWait *) user_data)->reached;
}

/* Waits on notify::state until @session is in @state; a failure on the way fails the test
 * with the session's own error. */
static void
wait_for_state (KioskSession *session, KioskSessionState state)
{
  StateWait wait = { session, state, kiosk_session_get_state (session) == state };
  gulong handler = g_signal_connect (session, "notify::state", G_CALLBACK (state_changed_cb), &wait);
  gboolean in_time = kiosk_test_run_until (state_reached, &wait, STATE_TIMEOUT_MS);

  g_signal_handler_disconnect (session, handler);
  if (kiosk_session_get_state (session) == KIOSK_SESSION_FAILED && state != KIOSK_SESSION_FAILED)
    g_assert_no_error (kiosk_session_get_error (session));
  g_assert_true (in_time);
  g_assert_cmpstr (kiosk_session_state_name (kiosk_session_get_state (session)), ==,
                   kiosk_session_state_name (state));
}

/* Whether @widget or a widget under it is a label reading @text. */
static gboolean
shows_text (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* The button on screen under @widget that reads @text, as a resident finds it; NULL if none. */
static GtkWidget *
find_button (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_is_drawable (widget))
    return NULL; /* not on screen: a finger cannot reach it */
  if (GTK_IS_BUTTON (widget) && shows_text (widget, text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Taps the button of @window that reads @text: it must be on screen and enabled. */
static void
tap (GtkWidget *window, const char *text)
{
  GtkWidget *button = find_button (window, text);

  if (button == NULL)
    g_error ("no button reading \"%s\" on the %s screen", text,
             kiosk_window_get_page_name (KIOSK_WINDOW (window)));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Saves what @window shows now as tests/gui/screens/journey-@name.png in the build directory. */
static void
save_screen (GtkWidget *window, const char *name)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screens", NULL);
  g_autofree char *file = g_strdup_printf ("journey-%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  kiosk_test_wait_for_paint (window);
  kiosk_test_save_screenshot (window, path);
  kiosk_test_assert_screenshot_size (window, path);
}

/* Runs the world's kiosk-world script with "card @verb [@number]". */
static void
world_card (const char *verb, const char *number)
{
  const char *args[] = { "card", g_getenv ("KIOSK_WORLD"), verb, number, NULL };

  g_assert_true (kiosk_test_world_run (args));
}

/* Runs the world's kiosk-world script with "reader @verb" (unplug, plug). */
static void
world_reader (const char *verb)
{
  const char *args[] = { "reader", g_getenv ("KIOSK_WORLD"), verb, NULL };

  g_assert_true (kiosk_test_world_run (args));
}

typedef struct {
  KioskSession *session;
  gboolean present; /* the reader presence awaited */
} ReaderWait;

/* Whether the session sees the reader as awaited. */
static gboolean
reader_as_awaited (gpointer user_data)
{
  ReaderWait *wait = user_data;

  return kiosk_session_get_reader_present (wait->session) == wait->present;
}

/* Runs the main context until @session sees the reader there (@present) or gone. */
static void
wait_for_reader (KioskSession *session, gboolean present)
{
  ReaderWait wait = { session, present };

  g_assert_true (kiosk_test_run_until (reader_as_awaited, &wait, STATE_TIMEOUT_MS));
}

/* The text of the PDF's pages, extracted by poppler. */
static char *
pdf_text (GBytes *pdf)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PopplerDocument) document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr (GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A session on the world's configuration and a window over it, painted. */
static KioskWindow *
new_terminal (KioskConfig **config, KioskSession **session)
{
  g_autoptr (GError) error = NULL;
  KioskWindow *window;

  *config = kiosk_config_load (g_getenv ("KIOSK_CONFIG"), &error);
  g_assert_no_error (error);
  *session = kiosk_session_new (*config);
  window = kiosk_window_new (NULL, *session);
  wait_for_reader (*session, TRUE);
  kiosk_test_wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "idle");
  return window;
}

/* Pressing the start button with card 1 on the reader brings the PIN screen. */
static void
test_start_button_leads_to_pin_screen (void)
{
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskSession) session = NULL;
  KioskWindow *window = new_terminal (&config, &session);

  world_card ("insert", "1");
  tap (GTK_WIDGET (window), "はじめる");

  wait_for_state (session, KIOSK_SESSION_PIN);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, "pin");
  save_screen (GTK_WIDGET (window), "pin");

  kiosk_session_cancel (session);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* With the card reader unplugged the attract screen offers no start, says why, and offers it
 * again once the reader is back. */
static void
test_unplugged_reader_puts_the_terminal_out_of_service (void)
{
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskSession) session = NULL;
  KioskWindow *window = new_terminal (&config, &session);
  GtkWidget *screen = GTK_WIDGET (window);

  g_assert_nonnull (find_button (screen, "はじめる"));
  world_reader ("unplug");
  wait_for_reader (session, FALSE);
  kiosk_test_wait_for_paint (screen);
  g_assert_null (find_button (screen, "はじめる"));
  gtk_widget_activate_action (screen, "kiosk.start", NULL); /* disabled: nothing starts */
  g_assert_cmpstr (kiosk_session_state_name (kiosk_session_get_state (session)), ==, "idle");
  save_screen (screen, "out-of-service");

  world_reader ("plug");
  wait_for_reader (session, TRUE);
  kiosk_test_wait_for_paint (screen);
  g_assert_nonnull (find_button (screen, "はじめる"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A resident who taps through every screen gets the 住民票 of card 1's holder, printed once. */
static void
test_touch_journey_prints_the_card_holders_juminhyo (void)
{
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskSession) session = NULL;
  KioskWindow *window = new_terminal (&config, &session);
  GtkWidget *screen = GTK_WIDGET (window);
  g_autoptr (GBytes) printed = NULL;
  g_autofree char *text = NULL;
  guint n_digits = 0;

  world_card ("insert", "1");
  save_screen (screen, "idle");
  tap (screen, "はじめる");

  wait_for_state (session, KIOSK_SESSION_PIN);
  save_screen (screen, "pin-empty");
  tap (screen, "1");
  tap (screen, "2");
  tap (screen, "3");
  tap (screen, "4");
  g_object_get (kiosk_window_get_page (window, KIOSK_SESSION_PIN), "n-digits", &n_digits, NULL);
  g_assert_cmpuint (n_digits, ==, 4);
  save_screen (screen, "pin-entered");
  tap (screen, "確定");

  wait_for_state (session, KIOSK_SESSION_CHOOSE);
  save_screen (screen, "choose");
  tap (screen, "住民票の写し");

  wait_for_state (session, KIOSK_SESSION_CONFIRM);
  save_screen (screen, "confirm");
  tap (screen, "印刷する");

  wait_for_state (session, KIOSK_SESSION_TAKE_CARD);
  save_screen (screen, "take-card");
  world_card ("remove", NULL);

  wait_for_state (session, KIOSK_SESSION_DONE);
  save_screen (screen, "done");

  printed = kiosk_test_world_get_printed (kiosk_session_get_print_job_id (session));
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, "住民票"));
  g_assert_nonnull (strstr (text, "山田"));
  g_assert_nonnull (strstr (text, "花子"));

  tap (screen, "おわる");
  wait_for_state (session, KIOSK_SESSION_IDLE);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GtkWidget *window;
  KioskSession *session;
  gboolean started;
  gboolean gives_up; /* taps やめる (cancel) on the PIN screen */
  int job_id;
} Resident;

/* The button a resident taps on the screens where one tap is all there is to do. */
static const char *const one_tap[KIOSK_SESSION_N_STATES] = {
  [KIOSK_SESSION_CHOOSE] = "住民票の写し",
  [KIOSK_SESSION_CONFIRM] = "印刷する",
  [KIOSK_SESSION_DONE] = "おわる",
  [KIOSK_SESSION_FAILED] = "はじめにもどる",
};

/* Does what a resident does on the screen the terminal shows now (after the window updated). */
static gboolean
resident_act_cb (gpointer user_data)
{
  Resident *resident = user_data;
  KioskSessionState state = kiosk_session_get_state (resident->session);

  if (state == KIOSK_SESSION_IDLE && !resident->started)
    {
      resident->started = TRUE;
      tap (resident->window, "はじめる");
    }
  else if (state == KIOSK_SESSION_PIN && resident->gives_up)
    tap (resident->window, "やめる");
  else if (state == KIOSK_SESSION_PIN)
    {
      for (const char *digit = CARD_1_PIN; *digit != '\0'; digit++)
        tap (resident->window, (char[]) { *digit, '\0' });
      tap (resident->window, "確定");
    }
  else if (state == KIOSK_SESSION_TAKE_CARD)
    {
      resident->job_id = kiosk_session_get_print_job_id (resident->session);
      world_card ("remove", NULL);
    }
  else if (one_tap[state] != NULL)
    tap (resident->window, one_tap[state]);
  return G_SOURCE_REMOVE;
}

/* notify::state and the window's map (connected swapped): act once the window shows the screen. */
static void
resident_look_cb (Resident *resident)
{
  g_idle_add (resident_act_cb, resident);
}

/* The application opened its window: follow its session. */
static void
window_added_cb (GtkApplication *application, GtkWindow *window, Resident *resident)
{
  resident->window = GTK_WIDGET (window);
  resident->session = kiosk_window_get_session (KIOSK_WINDOW (window));
  g_signal_connect_swapped (resident->session, "notify::state", G_CALLBACK (resident_look_cb),
                            resident);
  g_signal_connect_swapped (window, "map", G_CALLBACK (resident_look_cb), resident);
}

/* Runs kiosk-terminal's application with @argv, its stdout into a string; its exit status in
 * @status, worked out as main.c does. */
static char *
run_terminal (char **argv, Resident *resident, int *status)
{
  g_autoptr (KioskApplication) application = kiosk_application_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int fd = g_file_open_tmp ("kiosk-terminal-XXXXXX.out", &path, &error);
  int saved_stdout = dup (STDOUT_FILENO);

  g_assert_no_error (error);
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), resident);
  fflush (stdout);
  g_assert_cmpint (dup2 (fd, STDOUT_FILENO), ==, STDOUT_FILENO);
  *status = g_application_run (G_APPLICATION (application), (int) g_strv_length (argv), argv);
  if (*status == 0)
    *status = kiosk_application_get_exit_status (application);
  fflush (stdout);
  dup2 (saved_stdout, STDOUT_FILENO);
  close (saved_stdout);
  close (fd);
  g_file_get_contents (path, &out, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return g_steal_pointer (&out);
}

/* kiosk-terminal --once reports each state, the job and "take your card" on stdout, as the
 * headless driver does (and nothing personal), and exits 0 after the session that printed. */
static void
test_once_reports_the_session_and_exits_after_printing (void)
{
  char *argv[] = { "kiosk-terminal", "--once", "--windowed", NULL };
  Resident resident = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  int status = -1;

  world_card ("insert", "1");
  out = run_terminal (argv, &resident, &status);

  g_assert_cmpint (resident.job_id, >, 0);
  expected = g_strdup_printf ("kiosk: state card\n"
                              "kiosk: state pin\n"
                              "kiosk: state authenticate\n"
                              "kiosk: state choose\n"
                              "kiosk: state confirm\n"
                              "kiosk: state print\n"
                              "kiosk: state take-card\n"
                              "kiosk: printed job %d\n"
                              "kiosk: take your card\n"
                              "kiosk: state done\n"
                              "kiosk: state idle\n",
                              resident.job_id);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpint (status, ==, 0);
}

/* kiosk-terminal --once reports why a session failed and exits 1 when the resident leaves it. */
static void
test_once_exits_1_after_a_cancelled_session (void)
{
  char *argv[] = { "kiosk-terminal", "--once", "--windowed", NULL };
  Resident resident = { .gives_up = TRUE };
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = -1;

  world_card ("insert", "1");
  out = run_terminal (argv, &resident, &status);

  /* the failed line ends with the session's message for logs; its code is the stable part */
  g_assert_true (g_str_has_prefix (out, "kiosk: state card\n"
                                        "kiosk: state pin\n"
                                        "kiosk: state failed\n"
                                        "kiosk: failed cancelled: "));
  g_assert_true (g_str_has_suffix (out, "\nkiosk: state idle\n"));
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 6); /* five lines and what follows the last */
  g_assert_cmpint (status, ==, 1);
}

/* Outside a world: starts one and reruns inside it. Inside: runs the tests. */
int
main (int argc, char **argv)
{
  if (!kiosk_test_world_is_inside ())
    return kiosk_test_world_rerun_inside (argv, NULL);

  gtk_test_init (&argc, &argv, NULL);
  kiosk_ui_init ();
  g_test_add_func ("/gui/journey/unplugged-reader-puts-the-terminal-out-of-service",
                   test_unplugged_reader_puts_the_terminal_out_of_service);
  g_test_add_func ("/gui/journey/start-button-leads-to-pin-screen",
                   test_start_button_leads_to_pin_screen);
  g_test_add_func ("/gui/journey/touch-journey-prints-the-card-holders-juminhyo",
                   test_touch_journey_prints_the_card_holders_juminhyo);
  g_test_add_func ("/gui/terminal/once-reports-the-session-and-exits-after-printing",
                   test_once_reports_the_session_and_exits_after_printing);
  g_test_add_func ("/gui/terminal/once-exits-1-after-a-cancelled-session",
                   test_once_exits_1_after_a_cancelled_session);
  return g_test_run ();
}
