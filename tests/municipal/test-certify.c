/* test-certify.c: the check a document passes before it leaves the municipal server: built again
 * from the registry's rows at the same instant, it must print the same (sim_certify_recheck). */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sim/servers/sim-certify.h"
#include "sim/servers/sim-error.h"

/* The temporary directories the tests made, removed at the end. */
static GPtrArray *made_dirs;

/* A registry made from the reference world's schema and seed in a new temporary file. */
static SimRegistry *
open_reference_registry (char **path)
{
  const char *root = g_getenv ("KIOSK_SOURCE_ROOT");
  g_autofree char *schema_path = g_build_filename (root, "sim", "servers", "registry-schema.sql", NULL);
  g_autofree char *seed_path = g_build_filename (root, "sim", "servers", "registry-seed.sql", NULL);
  g_autofree char *schema = NULL, *seed = NULL, *dir = NULL;
  g_autoptr (GError) error = NULL;
  SimRegistry *registry;

  g_assert_nonnull (root);
  g_assert_true (g_file_get_contents (schema_path, &schema, NULL, &error));
  g_assert_true (g_file_get_contents (seed_path, &seed, NULL, &error));
  dir = g_dir_make_tmp ("kiosk-certify-XXXXXX", &error);
  g_assert_no_error (error);
  *path = g_build_filename (dir, "registry.sqlite", NULL);
  g_ptr_array_add (made_dirs, g_strdup (dir));
  registry = sim_registry_open (*path, schema, seed, &error);
  g_assert_no_error (error);
  return registry;
}

/* Runs @sql on the registry file through a connection of its own, as another writer would. */
static void
change_registry (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The 住民票 of card 1's holder with her household, certified at @now. */
static SimCertified *
certify_card_1 (SimRegistry *registry, SimCertifyOptions *options, GDateTime *now)
{
  g_autoptr (GError) error = NULL;
  SimCertified *certified;

  certified = sim_certify (registry, "5A000001", NULL, "juminhyo", 1, options, now, &error);
  g_assert_no_error (error);
  certified->document->issue_number = 7;
  certified->document->issued_at = g_strdup ("2026-11-23T10:00:00Z");
  return certified;
}

/* Unchanged rows pass; a changed name, address or member, or a resident gone, does not. */
static void
test_changed_rows_fail_the_recheck (void)
{
  static const char *const changes[] = {
    "UPDATE resident SET given_name = '華子' WHERE card_serial = '5A000001'",
    "UPDATE household SET address = 'みどり県みどり市若葉町九丁目9番9号' WHERE id = 1",
    "UPDATE resident SET relationship = '夫' WHERE id = 1",
    "UPDATE resident SET status = 'moved-out' WHERE card_serial = '5A000001'",
    "UPDATE resident SET card_serial = '5A0000FF' WHERE card_serial = '5A000001'",
  };
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00+09:00", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr (SimRegistry) registry = open_reference_registry (&path);
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = json_from_string ("{\"members\": [1, 2], \"show_relationship\": true}", NULL);
      g_autoptr (SimCertified) certified = NULL;
      SimCertifyOptions options;

      g_assert_true (sim_certify_options_parse (json_node_get_object (node), "juminhyo", &options, &error));
      certified = certify_card_1 (registry, &options, now);
      g_assert_true (sim_certify_recheck (registry, certified, "5A000001", "juminhyo", 1, &options,
                                          now, &error));
      g_assert_no_error (error);
      change_registry (path, changes[i]);
      g_test_message ("%s", changes[i]);
      g_assert_false (sim_certify_recheck (registry, certified, "5A000001", "juminhyo", 1, &options,
                                           now, &error));
      g_assert_error (error, SIM_ERROR, SIM_ERROR_INTERNAL);
      sim_certify_options_clear (&options);
    }
}

/* Two documents differing in one printed field have different digests; equal ones, equal. */
static void
test_digest_covers_printed_fields (void)
{
  g_autofree char *path = NULL;
  g_autoptr (SimRegistry) registry = open_reference_registry (&path);
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00+09:00", NULL);
  g_autoptr (GError) error = NULL;
  SimCertifyOptions options;
  g_autoptr (SimCertified) a = NULL;
  g_autoptr (SimCertified) b = NULL;
  g_autofree char *digest_a = NULL, *digest_b = NULL, *digest_changed = NULL;

  g_assert_true (sim_certify_options_parse (NULL, "juminhyo", &options, &error));
  a = certify_card_1 (registry, &options, now);
  b = certify_card_1 (registry, &options, now);
  digest_a = sim_certify_document_digest (a->document);
  digest_b = sim_certify_document_digest (b->document);
  g_assert_cmpstr (digest_a, ==, digest_b);
  b->document->issue_number = 8;
  digest_changed = sim_certify_document_digest (b->document);
  g_assert_cmpstr (digest_a, !=, digest_changed);
  sim_certify_options_clear (&options);
}

/* Removes a directory the tests made and the registry files in it. */
static void
remove_dir (gpointer data)
{
  static const char *const names[] = { "registry.sqlite", "registry.sqlite-wal", "registry.sqlite-shm" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (data, names[i], NULL);

      g_remove (file);
    }
  g_rmdir (data);
  g_free (data);
}

int
main (int argc, char **argv)
{
  int status;

  made_dirs = g_ptr_array_new_with_free_func (remove_dir);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/certify/changed-rows-fail-the-recheck", test_changed_rows_fail_the_recheck);
  g_test_add_func ("/certify/digest-covers-printed-fields", test_digest_covers_printed_fields);
  status = g_test_run ();
  g_ptr_array_unref (made_dirs);
  return status;
}
