/* test-journal.c: the journal keeps steps durably and in order, and refuses a damaged file. */
#include <glib/gstdio.h>

#include "app/kiosk-error.h"
#include "app/kiosk-journal.h"

static char *
temp_journal_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kiosk-journal-XXXXXX", NULL);
  return g_build_filename (dir, "journal.sqlite", NULL);
}

static void
test_steps_come_back_in_order_after_reopen (void)
{
  g_autofree char *path = temp_journal_path ();
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GPtrArray) steps = NULL;

  {
    g_autoptr (KioskJournal) journal = kiosk_journal_open (path, &error);
    g_assert_no_error (error);
    id = kiosk_journal_begin_session (journal, "T-0001", &error);
    g_assert_no_error (error);
    g_assert_true (g_uuid_string_is_valid (id));
    g_assert_true (kiosk_journal_record (journal, id, "card", NULL, NULL, &error));
    g_assert_true (kiosk_journal_record (journal, id, "request", "key-1", "juminhyo", &error));
    g_assert_true (kiosk_journal_end_session (journal, id, "done", &error));
  }
  {
    g_autoptr (KioskJournal) journal = kiosk_journal_open (path, &error);
    g_assert_no_error (error);
    steps = kiosk_journal_list_steps (journal, id, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (steps->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (steps, 0), ==, "card");
  g_assert_cmpstr (g_ptr_array_index (steps, 1), ==, "request");
}

static void
test_sessions_get_distinct_ids (void)
{
  g_autofree char *path = temp_journal_path ();
  g_autoptr (KioskJournal) journal = kiosk_journal_open (path, NULL);
  g_autofree char *a = kiosk_journal_begin_session (journal, "T-0001", NULL);
  g_autofree char *b = kiosk_journal_begin_session (journal, "T-0001", NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a, !=, b);
}

static void
test_garbage_file_is_refused (void)
{
  g_autofree char *path = temp_journal_path ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournal) journal = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  journal = kiosk_journal_open (path, &error);
  g_assert_null (journal);
  g_assert_true (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_JOURNAL));
}

static void
test_unwritable_place_is_a_journal_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskJournal) journal = kiosk_journal_open ("/nonexistent/dir/journal.sqlite", &error);

  g_assert_null (journal);
  g_assert_true (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_JOURNAL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/journal/steps-come-back-in-order-after-reopen", test_steps_come_back_in_order_after_reopen);
  g_test_add_func ("/journal/sessions-get-distinct-ids", test_sessions_get_distinct_ids);
  g_test_add_func ("/journal/garbage-file-is-refused", test_garbage_file_is_refused);
  g_test_add_func ("/journal/unwritable-place-is-a-journal-error", test_unwritable_place_is_a_journal_error);
  return g_test_run ();
}
