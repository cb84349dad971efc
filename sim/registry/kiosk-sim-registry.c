/* kiosk-sim-registry.c: makes a municipal registry of invented residents of any size from a seed,
 * on registry-schema.sql, for kiosk-sim-municipal --registry (issue 4, "Registry").
 *
 *   kiosk-sim-registry --out FILE.db [--seed N] [--municipalities M] [--residents R]
 *                      [--today YYYY-MM-DD] [--cards FILE.tsv]
 *
 * The same arguments give the same registry, byte for byte. Exit status 2 for bad arguments
 * (an existing FILE.db among them), 1 if the files cannot be written. */
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "sim/registry/gen-db.h"

/* Where the schema is compiled in (registry-schema.gresource.xml). */
#define SCHEMA_RESOURCE "/org/kiosk/sim/registry/registry-schema.sql"

#define MAX_MUNICIPALITIES 400
#define MAX_RESIDENTS 10000000

typedef struct {
  char *out;
  char *cards;
  guint64 seed;
  guint municipalities;
  guint residents;
  GenDay today;
} GenOptions;

/* Parses @text as a number from @min to @max into *@value, or says why not. */
static gboolean
gen_parse_number (const char *option, const char *text, guint64 min, guint64 max, guint64 *value, GError **error)
{
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s must be a number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT ", not \"%s\"", option, min, max, text);
      return FALSE;
    }
  return TRUE;
}

/* Today in Japan (UTC+9 all year). */
static GenDay
gen_today_in_japan (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr (GDateTime) now = g_date_time_new_now (tz);

  return gen_day (g_date_time_get_year (now), g_date_time_get_month (now), g_date_time_get_day_of_month (now));
}

/* The command line into @options. */
static gboolean
gen_parse_options (int argc, char **argv, GenOptions *options, GError **error)
{
  g_autofree char *seed = NULL, *municipalities = NULL, *residents = NULL, *today = NULL;
  guint64 value;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options->out, "The registry to create (must not exist)", "FILE.db" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Seed of the random numbers (default 1)", "N" },
    { "municipalities", 0, 0, G_OPTION_ARG_STRING, &municipalities, "Municipalities (default 30)", "M" },
    { "residents", 0, 0, G_OPTION_ARG_STRING, &residents, "Residents (default 100000)", "R" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, "The registry's today (default: today in Japan)", "YYYY-MM-DD" },
    { "cards", 0, 0, G_OPTION_ARG_FILENAME, &options->cards, "Also write the cards and their states here",
      "FILE.tsv" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- make a municipal registry of invented residents");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;
  if (argc > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "unexpected argument \"%s\"", argv[1]);
      return FALSE;
    }
  if (options->out == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--out FILE.db is required");
      return FALSE;
    }
  options->seed = 1;
  if (!gen_parse_number ("--seed", seed, 0, G_MAXUINT64, &options->seed, error))
    return FALSE;
  value = 30;
  if (!gen_parse_number ("--municipalities", municipalities, 1, MAX_MUNICIPALITIES, &value, error))
    return FALSE;
  options->municipalities = (guint) value;
  value = 100000;
  if (!gen_parse_number ("--residents", residents, 1, MAX_RESIDENTS, &value, error))
    return FALSE;
  options->residents = (guint) value;
  options->today = today != NULL ? gen_day_parse (today) : gen_today_in_japan ();
  if (options->today == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--today must be a day as YYYY-MM-DD (1900-2199), not \"%s\"", today);
      return FALSE;
    }
  return TRUE;
}

/* Creates @path, empty, only if nothing is there (SQLite then fills the empty file). */
static gboolean
gen_create_new (const char *path, GError **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  int saved = errno;

  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s%s", path, g_strerror (saved),
                   saved == EEXIST ? " (a registry is only ever made in a new file)" : "");
      return FALSE;
    }
  return g_close (fd, error);
}

/* Generates, writes the registry and the cards; removes a half-written registry. */
static gboolean
gen_run (const GenOptions *options, GError **error)
{
  g_autoptr (GBytes) schema = g_resources_lookup_data (SCHEMA_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autofree char *schema_sql = NULL;
  GenWorld *world;
  gboolean ok;
  guint cards = 0;

  if (schema == NULL)
    return FALSE;
  schema_sql = g_strndup (g_bytes_get_data (schema, NULL), g_bytes_get_size (schema));
  world = gen_world_new (options->seed, options->today);
  gen_municipalities (world, options->municipalities);
  gen_households (world, options->residents);
  gen_refusals (world);
  gen_records (world);
  ok = gen_db_write (world, options->out, schema_sql, error)
       && (options->cards == NULL || gen_cards_write (world, options->cards, error));
  for (guint i = 0; i < world->persons->len; i++)
    cards += gen_person (world, i)->card != 0;
  if (ok)
    printf ("kiosk-sim-registry: %u residents in %u households, %u municipalities, %u family registers, %u cards: %s\n",
            world->persons->len, world->households->len, world->n_municipalities, world->registers->len, cards,
            options->out);
  else
    g_unlink (options->out);
  gen_world_free (world);
  return ok;
}

/* Parses the arguments, claims the new file, generates; the exit status says which failed. */
int
main (int argc, char **argv)
{
  GenOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!gen_parse_options (argc, argv, &options, &error) || !gen_create_new (options.out, &error))
    {
      g_printerr ("kiosk-sim-registry: %s\n", error->message);
      status = 2;
    }
  else if (!gen_run (&options, &error))
    {
      g_printerr ("kiosk-sim-registry: %s\n", error->message);
      status = 1;
    }
  g_free (options.out);
  g_free (options.cards);
  return status;
}
