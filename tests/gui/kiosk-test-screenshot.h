/* kiosk-test-screenshot.h: waiting for a window to be painted, and saving what it shows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the default main context until @window has painted a frame, or fails the test after a
 * deadline. */
void kiosk_test_wait_for_paint (GtkWidget *window);

/* Renders @window as it is now into a PNG at @path. */
void kiosk_test_save_screenshot (GtkWidget *window, const char *path);

/* Asserts @path is a PNG of @window's size. */
void kiosk_test_assert_screenshot_size (GtkWidget *window, const char *path);

/* Runs the default main context until @condition (polled after each event) holds or a
 * deadline passes; FALSE on the deadline. */
gboolean kiosk_test_run_until (gboolean (*condition) (gpointer), gpointer data, guint timeout_ms);

G_END_DECLS
