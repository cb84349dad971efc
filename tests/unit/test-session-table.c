/* test-session-table.c: the transition table says what the journey promises. */
#include "app/kiosk-session.h"

static void
test_journey_moves_forward_in_order (void)
{
  static const KioskSessionState journey[] = {
    KIOSK_SESSION_IDLE, KIOSK_SESSION_CARD, KIOSK_SESSION_PIN, KIOSK_SESSION_AUTHENTICATE,
    KIOSK_SESSION_CHOOSE, KIOSK_SESSION_CONFIRM, KIOSK_SESSION_PRINT, KIOSK_SESSION_TAKE_CARD,
    KIOSK_SESSION_DONE, KIOSK_SESSION_IDLE,
  };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (journey); i++)
    g_assert_true (kiosk_session_transition_allowed (journey[i], journey[i + 1]));
}

static void
test_every_active_state_can_fail (void)
{
  for (KioskSessionState s = KIOSK_SESSION_CARD; s <= KIOSK_SESSION_TAKE_CARD; s++)
    g_assert_true (kiosk_session_transition_allowed (s, KIOSK_SESSION_FAILED));
}

static void
test_only_confirm_leads_to_print (void)
{
  for (KioskSessionState s = 0; s < KIOSK_SESSION_N_STATES; s++)
    g_assert_cmpint (kiosk_session_transition_allowed (s, KIOSK_SESSION_PRINT), ==, s == KIOSK_SESSION_CONFIRM);
}

static void
test_failed_and_done_only_return_to_idle (void)
{
  for (KioskSessionState s = 0; s < KIOSK_SESSION_N_STATES; s++)
    {
      g_assert_cmpint (kiosk_session_transition_allowed (KIOSK_SESSION_FAILED, s), ==, s == KIOSK_SESSION_IDLE);
      g_assert_cmpint (kiosk_session_transition_allowed (KIOSK_SESSION_DONE, s), ==, s == KIOSK_SESSION_IDLE);
    }
}

static void
test_pin_follows_the_card_or_a_wrong_pin (void)
{
  for (KioskSessionState s = 0; s < KIOSK_SESSION_N_STATES; s++)
    g_assert_cmpint (kiosk_session_transition_allowed (s, KIOSK_SESSION_PIN), ==,
                     s == KIOSK_SESSION_CARD || s == KIOSK_SESSION_AUTHENTICATE);
}

static void
test_out_of_range_states_are_refused (void)
{
  g_assert_false (kiosk_session_transition_allowed (KIOSK_SESSION_N_STATES, KIOSK_SESSION_IDLE));
  g_assert_false (kiosk_session_transition_allowed (KIOSK_SESSION_IDLE, KIOSK_SESSION_N_STATES));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session-table/journey-moves-forward-in-order", test_journey_moves_forward_in_order);
  g_test_add_func ("/session-table/every-active-state-can-fail", test_every_active_state_can_fail);
  g_test_add_func ("/session-table/only-confirm-leads-to-print", test_only_confirm_leads_to_print);
  g_test_add_func ("/session-table/failed-and-done-only-return-to-idle", test_failed_and_done_only_return_to_idle);
  g_test_add_func ("/session-table/pin-follows-the-card-or-a-wrong-pin", test_pin_follows_the_card_or_a_wrong_pin);
  g_test_add_func ("/session-table/out-of-range-states-are-refused", test_out_of_range_states_are_refused);
  return g_test_run ();
}
