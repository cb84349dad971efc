/* test-gui-screens.c: every screen renders at the window's size, filled with real data shapes;
 * the PNGs land in the build directory (tests/gui/screens/) for people to look at. */
#include <glib/gstdio.h>

#include "app/kiosk-error.h"
#include "tests/gui/kiosk-test-screenshot.h"
#include "ui/kiosk-choose-page.h"
#include "ui/kiosk-confirm-page.h"
#include "ui/kiosk-error-text.h"
#include "ui/kiosk-failed-page.h"
#include "ui/kiosk-pin-page.h"
#include "ui/kiosk-ui.h"
#include "ui/kiosk-window-private.h"

/* Two offers as a municipality's catalogue has them. */
static KioskOffer offers[] = {
  { "999999", "みどり市", "juminhyo", "住民票の写し", 300 },
  { "999999", "みどり市", "inkan", "印鑑登録証明書", 300 },
  { "999999", "みどり市", "koseki-zenbu", "戸籍証明書（全部事項）", 450 },
};

/* Fills the page of @state with data, as the window does from the session. */
static void
fill_page (KioskWindow *window, KioskSessionState state)
{
  GtkWidget *page = kiosk_window_get_page (window, state);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;

  switch (state)
    {
    case KIOSK_SESSION_PIN:
      kiosk_pin_page_clear (KIOSK_PIN_PAGE (page));
      kiosk_pin_page_set_tries_left (KIOSK_PIN_PAGE (page), 2, TRUE);
      break;
    case KIOSK_SESSION_CHOOSE:
      list = g_ptr_array_new ();
      for (guint i = 0; i < G_N_ELEMENTS (offers); i++)
        g_ptr_array_add (list, &offers[i]);
      kiosk_choose_page_set_offers (KIOSK_CHOOSE_PAGE (page), list);
      break;
    case KIOSK_SESSION_CONFIRM:
      kiosk_confirm_page_set_choice (KIOSK_CONFIRM_PAGE (page), &offers[0], 2);
      break;
    case KIOSK_SESSION_FAILED:
      error = g_error_new_literal (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "pin locked");
      kiosk_failed_page_set_error (KIOSK_FAILED_PAGE (page), error);
      break;
    default:
      break;
    }
}

/* The screen of the state at @data renders within the terminal's 1280×800 display. */
static void
test_screen_renders (gconstpointer data)
{
  KioskSessionState state = GPOINTER_TO_UINT (data);
  KioskWindow *window = kiosk_window_new (NULL, NULL);
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "screens", NULL);
  g_autofree char *name = g_strdup_printf ("%s.png", kiosk_session_state_name (state));
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_unlink (path);
  fill_page (window, state);
  kiosk_window_show_page (window, state);
  g_assert_cmpstr (kiosk_window_get_page_name (window), ==, kiosk_session_state_name (state));
  kiosk_test_wait_for_paint (GTK_WIDGET (window));
  /* the screen fits the terminal's display: the window did not grow past its size */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 1280);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, 800);
  kiosk_test_save_screenshot (GTK_WIDGET (window), path);
  kiosk_test_assert_screenshot_size (GTK_WIDGET (window), path);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every KioskError code has its own words for the resident. */
static void
test_every_error_has_words (void)
{
  for (int code = KIOSK_ERROR_FAILED; code <= KIOSK_ERROR_CONFIG; code++)
    {
      g_autoptr (GError) error = g_error_new_literal (KIOSK_ERROR, code, "");
      const KioskErrorText *text = kiosk_error_text_lookup (error);

      g_assert_nonnull (text->what);
      g_assert_nonnull (text->next_en);
      if (code != KIOSK_ERROR_FAILED)
        g_assert_true (text != kiosk_error_text_lookup (NULL));
    }
}

/* The PIN-locked failure tells the resident to have the PIN reset at the counter. */
static void
test_pin_locked_says_reset_at_counter (void)
{
  g_autoptr (GError) error = g_error_new_literal (KIOSK_ERROR, KIOSK_ERROR_PIN_LOCKED, "");

  g_assert_cmpstr (kiosk_error_text_lookup (error)->next, ==,
                   "市区町村の窓口で暗証番号の再設定をしてください。");
}

/* Registers one test per screen. */
int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  kiosk_ui_init ();

  for (KioskSessionState state = KIOSK_SESSION_IDLE; state < KIOSK_SESSION_N_STATES; state++)
    {
      g_autofree char *path = g_strdup_printf ("/gui/screen/%s/renders",
                                               kiosk_session_state_name (state));

      g_test_add_data_func (path, GUINT_TO_POINTER (state), test_screen_renders);
    }
  g_test_add_func ("/gui/error-text/every-error-has-words", test_every_error_has_words);
  g_test_add_func ("/gui/error-text/pin-locked-says-reset-at-counter",
                   test_pin_locked_says_reset_at_counter);
  return g_test_run ();
}
