/* kiosk-test-screenshot.c: frame waits and screenshots through the window's own renderer. */
#include "tests/gui/kiosk-test-screenshot.h"

#define PAINT_TIMEOUT_MS 10000

/* Sets the flag at @user_data once the deadline passes. */
static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default main context until @condition holds or @timeout_ms pass. */
gboolean
kiosk_test_run_until (gboolean (*condition) (gpointer), gpointer data, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add (timeout_ms, deadline_cb, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  return !expired;
}

/* Counts painted frames. */
static void
after_paint_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* Whether a frame was painted since the wait began. */
static gboolean
painted (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

/* Whether the widget at @user_data is mapped. */
static gboolean
mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

/* Runs the main context until @window has painted a frame. */
void
kiosk_test_wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock;
  guint frames = 0;
  gulong handler;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (kiosk_test_run_until (mapped, window, PAINT_TIMEOUT_MS));
  clock = gtk_widget_get_frame_clock (window);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  gtk_widget_queue_draw (window);
  g_assert_true (kiosk_test_run_until (painted, &frames, PAINT_TIMEOUT_MS));
  g_signal_handler_disconnect (clock, handler);
}

/* Renders @window into a PNG at @path. */
void
kiosk_test_save_screenshot (GtkWidget *window, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Asserts @path is a PNG of @window's size. */
void
kiosk_test_assert_screenshot_size (GtkWidget *window, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (window));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (window));
}
