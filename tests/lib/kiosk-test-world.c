/* kiosk-test-world.c: starts, enters and stops a reference world for one test program. */
#include "tests/lib/kiosk-test-world.h"

#include <glib/gstdio.h>

/* Runs kiosk-world with @args; FALSE (and the reason on stderr) if it fails. */
gboolean
kiosk_test_world_run (const char *const *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("KIOSK_WORLD_SCRIPT"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* the world's own output becomes TAP comments; the test run inside it writes the TAP */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     g_str_equal (args[0], "exec") ? NULL : &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("kiosk-world %s: %s\n", args[0], error->message);
      return FALSE;
    }
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_print ("# %s\n", lines[i]);
  return TRUE;
}

/* Whether $KIOSK_WORLD is set. */
gboolean
kiosk_test_world_is_inside (void)
{
  return g_getenv ("KIOSK_WORLD") != NULL;
}

/* Removes the documents a previous run's printer left in @dir: job ids start at 1 again. */
static void
clear_spool (const char *dir)
{
  g_autofree char *spool = g_build_filename (dir, "printer-spool", NULL);
  g_autoptr (GDir) listing = g_dir_open (spool, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (spool, name, NULL);
      g_unlink (path);
    }
}

/* Starts a world, runs this program inside it with @argv, stops the world; the exit status. */
int
kiosk_test_world_rerun_inside (char **argv, const char *const *options)
{
  g_autofree char *dir = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr (GPtrArray) start = g_ptr_array_new ();
  g_autoptr (GPtrArray) exec = g_ptr_array_new ();
  const char *stop[] = { "stop", NULL, NULL };
  int status;

  if (g_getenv ("KIOSK_WORLD_SCRIPT") == NULL || g_getenv ("G_TEST_BUILDDIR") == NULL)
    {
      g_printerr ("FAIL: KIOSK_WORLD_SCRIPT or G_TEST_BUILDDIR is not set (use meson test)\n");
      return 1;
    }
  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "world", NULL);
  clear_spool (dir);
  g_ptr_array_add (start, "start");
  g_ptr_array_add (start, dir);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (start, (gpointer) options[i]);
  g_ptr_array_add (start, NULL);
  if (!kiosk_test_world_run ((const char *const *) start->pdata))
    {
      /* never a skip: a suite that cannot start its world has shown nothing */
      g_printerr ("FAIL: the test world did not start; see %s/logs (the suite runs as root)\n", dir);
      return 1;
    }

  g_ptr_array_add (exec, "exec");
  g_ptr_array_add (exec, dir);
  g_ptr_array_add (exec, "--");
  g_ptr_array_add (exec, self);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (exec, argv[i]);
  g_ptr_array_add (exec, NULL);
  status = kiosk_test_world_run ((const char *const *) exec->pdata) ? 0 : 1;

  stop[1] = dir;
  kiosk_test_world_run (stop);
  return status;
}

/* The one document the world's printer kept for @job_id, as bytes. */
GBytes *
kiosk_test_world_get_printed (int job_id)
{
  const char *spool = g_getenv ("KIOSK_PRINTER_SPOOL");
  g_autofree char *prefix = g_strdup_printf ("%d-", job_id);
  g_autoptr (GDir) listing = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMappedFile) file = NULL;
  g_autofree char *found = NULL;
  guint n_found = 0;
  const char *name;

  g_assert_nonnull (spool);
  listing = g_dir_open (spool, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".pdf"))
      {
        n_found++;
        g_free (found);
        found = g_build_filename (spool, name, NULL);
      }
  g_assert_cmpuint (n_found, ==, 1);
  file = g_mapped_file_new (found, FALSE, &error);
  g_assert_no_error (error);
  return g_mapped_file_get_bytes (file);
}
