/* municipal-render.c: kiosk-bench-municipal-render REGISTRY CARDS.tsv [N] — how fast the municipal
 * server makes each of the six certificates (bench/municipal.sh runs it on a generated registry).
 *
 * For each type it takes the first N card holders of CARDS.tsv whom the rules let have it
 * (kiosk-sim-registry's states: ok, with a 戸籍 here or use-registered for koseki and fuhyo, a tax
 * year out for zei; a 住民票 shows the whole household), builds their documents with the server's
 * own rules at noon today, Japan time, on the main thread (sim_certify: one SQLite connection),
 * then renders them on two threads, as the server's workers do, and prints per type:
 *   municipal_render_ms_p50_<type>   median time of one render (ms)
 *   municipal_render_ms_p99_<type>   99th percentile (ms)
 *   municipal_docs_per_s_<type>      documents a second with two render threads
 *   municipal_certify_ms_p50_<type>  median time of the rules and registry reads (ms)
 * and over all of them municipal_pdf_kb_max (the largest PDF, in kB). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/servers/sim-certify.h"
#include "sim/servers/sim-document.h"
#include "sim/servers/sim-registry.h"

#define DEFAULT_COUNT 200
#define THREADS 2

/* One document to render and what it cost. */
typedef struct {
  SimCertified *certified;
  double render_ms;
  gsize pdf_bytes;
} BenchItem;

/* The render threads share a cursor over the items. */
typedef struct {
  GPtrArray *items; /* BenchItem* */
  gint next;
} BenchRun;

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The @fraction quantile of @values (sorted in place). */
static double
quantile (GArray *values, double fraction)
{
  guint index;

  if (values->len == 0)
    return 0;
  qsort (values->data, values->len, sizeof (double), compare_double);
  index = (guint) (fraction * (values->len - 1) + 0.5);
  return g_array_index (values, double, index);
}

/* Renders items until none is left. */
static gpointer
render_thread (gpointer data)
{
  BenchRun *run = data;
  gint index;

  while ((index = g_atomic_int_add (&run->next, 1)) < (gint) run->items->len)
    {
      BenchItem *item = g_ptr_array_index (run->items, index);
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GBytes) pdf = sim_document_render (item->certified->document, &error);

      if (pdf == NULL)
        g_error ("render failed: %s", error->message);
      item->render_ms = (g_get_monotonic_time () - start) / 1000.0;
      item->pdf_bytes = g_bytes_get_size (pdf);
    }
  return NULL;
}

static void
bench_item_free (BenchItem *item)
{
  sim_certified_free (item->certified);
  g_free (item);
}

/* TRUE if the card line's states let its holder have @type. */
static gboolean
card_fits (char **fields, const char *type)
{
  const char *state = fields[3], *koseki = fields[4], *tax_years = fields[5];

  if (!g_str_equal (state, "ok"))
    return FALSE;
  if (g_str_equal (type, "koseki") || g_str_equal (type, "fuhyo"))
    return g_str_equal (koseki, "here") || g_str_equal (koseki, "use-registered");
  if (g_str_equal (type, "zei"))
    return *tax_years != '\0';
  return TRUE;
}

/* The options a holder asks in the bench: the whole household for a 住民票. */
static void
bench_options (SimRegistry *registry, const char *serial, const char *type, SimCertifyOptions *options)
{
  g_autoptr (SimResident) resident = NULL;
  g_autoptr (SimHousehold) household = NULL;

  sim_certify_options_parse (NULL, type, options, NULL);
  if (!g_str_equal (type, "juminhyo")
      || (resident = sim_registry_find_resident (registry, serial, NULL)) == NULL
      || (household = sim_registry_find_household (registry, resident->household_id, NULL)) == NULL)
    return;
  options->show_relationship = TRUE;
  options->show_domicile = TRUE;
  for (guint i = 0; i < household->members->len; i++)
    {
      SimResident *member = g_ptr_array_index (household->members, i);

      if (g_str_equal (member->status, "resident") || g_str_equal (member->status, "moving-out"))
        g_array_append_val (options->members, (int){ (int) options->members->len + 1 });
    }
}

int
main (int argc, char **argv)
{
  static const char *const types[] = { "juminhyo", "kisai", "inkan", "zei", "koseki", "fuhyo" };
  g_autoptr (GError) error = NULL;
  g_autoptr (SimRegistry) registry = NULL;
  g_autofree char *cards_text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  g_autoptr (GDateTime) clock = g_date_time_new_now (jst);
  /* noon today in Japan: inside every municipality's hours, outside the generator's maintenance
   * windows (00:00–06:00), so the bench measures documents, not refusals */
  g_autoptr (GDateTime) now =
    g_date_time_new (jst, g_date_time_get_year (clock), g_date_time_get_month (clock),
                     g_date_time_get_day_of_month (clock), 12, 0, 0);
  guint count = argc > 3 ? (guint) atoi (argv[3]) : DEFAULT_COUNT;
  gsize pdf_max = 0;

  setlocale (LC_ALL, "");
  if (argc < 3 || count == 0)
    {
      fprintf (stderr, "usage: %s REGISTRY CARDS.tsv [N]\n", argv[0]);
      return 2;
    }
  registry = sim_registry_open (argv[1], "", NULL, &error);
  if (registry == NULL || !g_file_get_contents (argv[2], &cards_text, NULL, &error))
    {
      fprintf (stderr, "kiosk-bench-municipal-render: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (cards_text, "\n", -1);
  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_item_free);
      g_autoptr (GArray) certify_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) render_ms = g_array_new (FALSE, FALSE, sizeof (double));
      GThread *threads[THREADS];
      BenchRun run = { 0 };
      gint64 start;
      double wall_s;

      for (gsize i = 1; lines[i] != NULL && items->len < count; i++) /* line 0 is the header */
        {
          g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);
          SimCertifyOptions options;
          SimCertified *certified;
          gint64 begin;
          double ms;

          if (g_strv_length (fields) < 6 || !card_fits (fields, types[t]))
            continue;
          bench_options (registry, fields[0], types[t], &options);
          begin = g_get_monotonic_time ();
          certified = sim_certify (registry, fields[0], NULL, types[t], 1, &options, now, NULL);
          ms = (g_get_monotonic_time () - begin) / 1000.0;
          sim_certify_options_clear (&options);
          if (certified == NULL) /* a household with a protected member, a type not offered there */
            continue;
          certified->document->issue_number = items->len + 1;
          certified->document->issued_at = g_date_time_format_iso8601 (now);
          g_array_append_val (certify_ms, ms);
          g_ptr_array_add (items, g_memdup2 (&(BenchItem){ .certified = certified }, sizeof (BenchItem)));
        }
      if (items->len == 0)
        g_error ("no card holder in %s may have %s", argv[2], types[t]);
      run.items = items;
      start = g_get_monotonic_time ();
      for (int i = 0; i < THREADS; i++)
        threads[i] = g_thread_new ("render", render_thread, &run);
      for (int i = 0; i < THREADS; i++)
        g_thread_join (threads[i]);
      wall_s = (g_get_monotonic_time () - start) / 1e6;
      for (guint i = 0; i < items->len; i++)
        {
          BenchItem *item = g_ptr_array_index (items, i);

          g_array_append_val (render_ms, item->render_ms);
          pdf_max = MAX (pdf_max, item->pdf_bytes);
        }
      printf ("BENCH municipal_render_ms_p50_%s %.1f ms\n", types[t], quantile (render_ms, 0.5));
      printf ("BENCH municipal_render_ms_p99_%s %.1f ms\n", types[t], quantile (render_ms, 0.99));
      printf ("BENCH municipal_docs_per_s_%s %.0f docs/s\n", types[t], items->len / wall_s);
      printf ("BENCH municipal_certify_ms_p50_%s %.2f ms\n", types[t], quantile (certify_ms, 0.5));
      printf ("# %s: %u documents\n", types[t], items->len);
      fflush (stdout);
    }
  printf ("BENCH municipal_pdf_kb_max %.1f kB\n", pdf_max / 1024.0);
  return 0;
}
