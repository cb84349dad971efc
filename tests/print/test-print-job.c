/* test-print-job.c: the print job against a real IPP Everywhere printer: the world's ippeveprinter
 * (sim/world/printer-private). Run outside a world, it starts one with only the printer, runs
 * itself inside it (kiosk-world exec) and stops it. */
#include <cairo-pdf.h>

#include "app/kiosk-error.h"
#include "printing/kiosk-print-job.h"
#include "tests/print/kiosk-test-printer.h"
#include "tests/lib/kiosk-test-world.h"

#define JOB_TIMEOUT_MS 60000
#define JOB_NAME "kiosk-test"

static KioskTestPrinter *printer; /* the world's printer, found by main() */

/* Appends what cairo writes to the GByteArray in @closure. */
static cairo_status_t
append_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page A4 PDF carrying @text. */
static GBytes *
make_pdf (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, 595.28, 841.89);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 24);
  cairo_move_to (cr, 72, 144);
  cairo_show_text (cr, text);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

/* Submits a small PDF to the suite's printer and returns the job. */
static KioskPrintJob *
submit_test_page (GBytes **sent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = make_pdf ("KIOSK PRINT TEST");
  KioskPrintJob *job = kiosk_print_job_submit (kiosk_test_printer_get_uri (printer), pdf,
                                               JOB_NAME, &error);

  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpint (kiosk_print_job_get_id (job), >, 0);
  if (sent != NULL)
    *sent = g_steal_pointer (&pdf);
  return job;
}

/* A job sent to a working printer is followed until it completes. */
static void
test_job_completes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) job = submit_test_page (NULL);
  gboolean completed;

  completed = kiosk_print_job_wait (job, JOB_TIMEOUT_MS, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (completed);
  g_assert_cmpint (kiosk_print_job_get_state (job), ==, KIOSK_PRINT_JOB_COMPLETED);
}

/* The printer receives exactly the bytes of the PDF that was submitted. */
static void
test_printer_receives_the_exact_document (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) sent = NULL;
  g_autoptr (KioskPrintJob) job = submit_test_page (&sent);
  g_autoptr (GBytes) kept = NULL;
  gboolean completed;

  completed = kiosk_print_job_wait (job, JOB_TIMEOUT_MS, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (completed);
  kept = kiosk_test_world_get_printed (kiosk_print_job_get_id (job));
  g_assert_true (g_bytes_equal (kept, sent));
}

/* Submitting to @uri fails with PRINT_FAILED. */
static void
assert_submit_fails (const char *uri)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = make_pdf ("never printed");
  g_autoptr (KioskPrintJob) job = kiosk_print_job_submit (uri, pdf, JOB_NAME, &error);

  g_assert_null (job);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED);
}

/* A printer that refuses connections fails the submission at once. */
static void
test_refusing_printer_fails (void)
{
  assert_submit_fails ("ipp://127.0.0.1:9/ipp/print");
}

/* A printer on an unreachable network fails the submission at once. */
static void
test_unreachable_printer_fails (void)
{
  assert_submit_fails ("ipp://192.0.2.1:631/ipp/print"); /* TEST-NET-1: no route here */
}

/* A URI that is not ipp:// is refused before any connection. */
static void
test_non_ipp_uri_fails (void)
{
  assert_submit_fails ("http://127.0.0.1:8631/ipp/print");
}

/* An empty document is refused before any connection. */
static void
test_empty_document_fails (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (KioskPrintJob) job = kiosk_print_job_submit (kiosk_test_printer_get_uri (printer),
                                                          empty, JOB_NAME, &error);

  g_assert_null (job);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED);
}

/* A printer that accepted the job and then stopped answering fails the wait at its timeout. */
static void
test_wedged_printer_times_out (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) job = submit_test_page (NULL);

  kiosk_test_printer_set_frozen (printer, TRUE);
  g_assert_false (kiosk_print_job_wait (job, 500, NULL, &error));
  kiosk_test_printer_set_frozen (printer, FALSE);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_PRINT_FAILED);
  g_assert_cmpint (kiosk_print_job_get_state (job), ==, KIOSK_PRINT_JOB_FAILED);
}

/* Runs kiosk_print_job_wait() in a worker thread. */
static void
wait_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (kiosk_print_job_wait (task_data, JOB_TIMEOUT_MS, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Stores the finished task for the waiting test. */
static void
waited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Cancels the cancellable, as the session does when the resident presses cancel. */
static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelling the GCancellable stops a wait on a printer that would never finish. */
static void
test_cancelled_wait_stops (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskPrintJob) job = submit_test_page (NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_test_printer_set_frozen (printer, TRUE);
  task = g_task_new (NULL, cancellable, waited_cb, &result);
  g_task_set_task_data (task, job, NULL);
  g_task_set_check_cancellable (task, FALSE); /* the error must be the print job's own */
  g_task_run_in_thread (task, wait_in_thread);
  g_timeout_add (100, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  kiosk_test_printer_set_frozen (printer, FALSE);

  g_assert_false (g_task_propagate_boolean (G_TASK (result), &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_CANCELLED);
  g_assert_cmpint (kiosk_print_job_get_state (job), ==, KIOSK_PRINT_JOB_FAILED);
}

/* Outside a world: starts one with the printer and reruns inside it. Inside: runs the suite. */
int
main (int argc, char **argv)
{
  const char *const printer_only[] = { "--only", "printer", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  if (!kiosk_test_world_is_inside ())
    return kiosk_test_world_rerun_inside (argv, printer_only);

  printer = kiosk_test_printer_new (&error);
  if (printer == NULL)
    {
      /* never a skip: a suite that cannot reach its printer has shown nothing */
      g_printerr ("FAIL: %s\n", error->message);
      return 1;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/print/job/completes", test_job_completes);
  g_test_add_func ("/print/job/printer-receives-the-exact-document",
                   test_printer_receives_the_exact_document);
  g_test_add_func ("/print/job/refusing-printer-fails", test_refusing_printer_fails);
  g_test_add_func ("/print/job/unreachable-printer-fails", test_unreachable_printer_fails);
  g_test_add_func ("/print/job/non-ipp-uri-fails", test_non_ipp_uri_fails);
  g_test_add_func ("/print/job/empty-document-fails", test_empty_document_fails);
  g_test_add_func ("/print/job/wedged-printer-times-out", test_wedged_printer_times_out);
  g_test_add_func ("/print/job/cancelled-wait-stops", test_cancelled_wait_stops);
  status = g_test_run ();

  g_clear_pointer (&printer, kiosk_test_printer_free);
  return status;
}
