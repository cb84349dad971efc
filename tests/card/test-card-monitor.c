/* test-card-monitor.c: reader and card events through a real pcscd, vpcd and the emulator. */
#include <glib/gstdio.h>

#include "app/kiosk-error.h"
#include "drivers/card/kiosk-card-monitor.h"
#include "drivers/card/kiosk-card.h"
#include "tests/card/card-world.h"

/* Bounds a broken world only: each event arrives as soon as pcscd notices the change. */
#define EVENT_WAIT_MS 10000
#define CARD_WAIT_MS 10000

static CardWorld *world;

typedef struct {
  KioskCardMonitor *monitor;
  GQueue events; /* KioskCardEvent, as GINT_TO_POINTER, in delivery order */
} Fixture;

/* The monitor's callback: records the event. */
static void
record_event (KioskCardEvent event, const char *reader, gpointer user_data)
{
  Fixture *f = user_data;

  g_assert_nonnull (reader);
  g_test_message ("event %s on %s", kiosk_card_event_name (event), reader);
  g_queue_push_tail (&f->events, GINT_TO_POINTER (event));
}

/* The wait ran out of time. */
static gboolean
wait_timed_out (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until the next event arrives and asserts it is @expected. */
static void
assert_next_event (Fixture *f, KioskCardEvent expected)
{
  g_autoptr (GSource) timer = g_timeout_source_new (EVENT_WAIT_MS);
  gboolean timed_out = FALSE;
  KioskCardEvent got;

  g_source_set_callback (timer, wait_timed_out, &timed_out, NULL);
  g_source_attach (timer, NULL);
  while (g_queue_is_empty (&f->events) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (timer);
  if (g_queue_is_empty (&f->events))
    g_error ("no event within %d ms; expected %s", EVENT_WAIT_MS, kiosk_card_event_name (expected));
  got = GPOINTER_TO_INT (g_queue_pop_head (&f->events));
  g_assert_cmpstr (kiosk_card_event_name (got), ==, kiosk_card_event_name (expected));
}

/* Delivers whatever is already queued and asserts no event is pending. */
static void
assert_no_more_events (Fixture *f)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_queue_get_length (&f->events), ==, 0);
}

/* Places card @n, fresh, on the reader. */
static void
insert_card (guint n)
{
  g_autoptr (GError) error = NULL;

  card_world_insert (world, n, TRUE, &error);
  g_assert_no_error (error);
}

/* Takes the card off the reader. */
static void
remove_card (void)
{
  g_autoptr (GError) error = NULL;

  card_world_remove (world, &error);
  g_assert_no_error (error);
}

/* Unplugs the reader (@plugged FALSE: pcscd stops) or plugs it back in (pcscd starts). */
static void
set_reader_plugged (gboolean plugged)
{
  g_autoptr (GError) error = NULL;

  if (plugged)
    card_world_plug_reader (world, &error);
  else
    card_world_unplug_reader (world, &error);
  g_assert_no_error (error);
}

/* Starts the monitor on an empty reader. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_queue_init (&f->events);
  f->monitor = kiosk_card_monitor_new (NULL, record_event, f);
}

/* Stops the monitor and leaves the reader empty and plugged in for the next test. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->monitor, kiosk_card_monitor_free);
  g_queue_clear (&f->events);
  set_reader_plugged (TRUE);
  remove_card ();
}

static void
test_reader_is_reported_first (Fixture *f, gconstpointer data)
{
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  g_assert_true (kiosk_card_monitor_get_reader_present (f->monitor));
  g_assert_false (kiosk_card_monitor_get_card_present (f->monitor));
  assert_no_more_events (f);
}

static void
test_card_placed_and_taken_are_events (Fixture *f, gconstpointer data)
{
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  insert_card (1);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_INSERTED);
  g_assert_true (kiosk_card_monitor_get_card_present (f->monitor));
  remove_card ();
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_REMOVED);
  g_assert_false (kiosk_card_monitor_get_card_present (f->monitor));
}

static void
test_card_already_on_reader_is_reported (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->monitor, kiosk_card_monitor_free);
  g_queue_clear (&f->events);
  insert_card (1);
  f->monitor = kiosk_card_monitor_new (NULL, record_event, f);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_INSERTED);
}

/* The card leaves while the driver is in the middle of reading it: the driver's command fails
 * with CARD_REMOVED and the monitor reports the removal on its own. */
static void
test_removal_mid_command_is_an_event (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardReader) reader = NULL;
  g_autoptr (KioskCredential) card = NULL;
  g_autoptr (GBytes) cert = NULL;
  g_autofree char *profile = g_build_filename (card_world_dir (world), "tear-in-read.profile", NULL);

  /* SELECT AP and SELECT EF are answered; the first READ BINARY finds the card gone. */
  g_file_set_contents (profile, "[card]\ntear-after=2\n", -1, &error);
  g_assert_no_error (error);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  card_world_insert_profile (world, 1, TRUE, profile, &error);
  g_assert_no_error (error);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_INSERTED);

  reader = kiosk_card_reader_new (NULL, &error);
  g_assert_no_error (error);
  card = kiosk_card_reader_wait_card (reader, CARD_WAIT_MS, NULL, &error);
  g_assert_no_error (error);
  cert = kiosk_credential_read_certificate (card, &error);
  g_assert_null (cert);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CARD_REMOVED);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_REMOVED);
  g_unlink (profile);
}

static void
test_unplugged_reader_takes_its_card_along (Fixture *f, gconstpointer data)
{
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  insert_card (1);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_INSERTED);
  set_reader_plugged (FALSE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_REMOVED);
  g_assert_false (kiosk_card_monitor_get_reader_present (f->monitor));
  g_assert_false (kiosk_card_monitor_get_card_present (f->monitor));
  assert_no_more_events (f);
}

static void
test_reader_plugged_back_is_reported (Fixture *f, gconstpointer data)
{
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  set_reader_plugged (FALSE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_REMOVED);
  set_reader_plugged (TRUE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  insert_card (2);
  assert_next_event (f, KIOSK_CARD_EVENT_CARD_INSERTED);
}

/* A reader opened before pcscd restarted finds the card placed afterwards. */
static void
test_reader_recovers_after_pcscd_restarts (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardReader) reader = NULL;
  g_autoptr (KioskCredential) card = NULL;
  g_autoptr (GBytes) cert = NULL;

  reader = kiosk_card_reader_new (NULL, &error);
  g_assert_no_error (error);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  set_reader_plugged (FALSE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_REMOVED);
  set_reader_plugged (TRUE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  insert_card (1);

  card = kiosk_card_reader_wait_card (reader, CARD_WAIT_MS, NULL, &error);
  g_assert_no_error (error);
  cert = kiosk_credential_read_certificate (card, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cert);
}

/* A reader whose pcscd is gone, and stays gone, says so instead of waiting out its timeout. */
static void
test_waiting_on_a_gone_reader_is_reader_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardReader) reader = NULL;
  g_autoptr (KioskCredential) card = NULL;

  reader = kiosk_card_reader_new (NULL, &error);
  g_assert_no_error (error);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_ADDED);
  set_reader_plugged (FALSE);
  assert_next_event (f, KIOSK_CARD_EVENT_READER_REMOVED);
  card = kiosk_card_reader_wait_card (reader, 60000, NULL, &error);
  g_assert_null (card);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_READER_MISSING);
}

/* Registers one fixture test. */
static void
add (const char *path, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, test, fixture_teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add ("/card/monitor/reader-is-reported-first", test_reader_is_reported_first);
  add ("/card/monitor/card-placed-and-taken-are-events", test_card_placed_and_taken_are_events);
  add ("/card/monitor/card-already-on-reader-is-reported", test_card_already_on_reader_is_reported);
  add ("/card/monitor/removal-mid-command-is-an-event", test_removal_mid_command_is_an_event);
  add ("/card/monitor/unplugged-reader-takes-its-card-along", test_unplugged_reader_takes_its_card_along);
  add ("/card/monitor/reader-plugged-back-is-reported", test_reader_plugged_back_is_reported);
  add ("/card/reader/recovers-after-pcscd-restarts", test_reader_recovers_after_pcscd_restarts);
  add ("/card/reader/waiting-on-a-gone-reader-is-reader-missing", test_waiting_on_a_gone_reader_is_reader_missing);
  return card_world_run_tests (&world);
}
