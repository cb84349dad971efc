/* kiosk-test-printer.c: finds the world's ippeveprinter process, to freeze it. */
#include "tests/print/kiosk-test-printer.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

struct _KioskTestPrinter {
  char *uri;
  GPid pid; /* ippeveprinter */
  gboolean frozen;
};

/* Reads @pid's parent and command name from /proc/PID/stat; FALSE if it is gone. */
static gboolean
read_stat (GPid pid, GPid *ppid, char **comm)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *open_paren, *close_paren;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so the last ')' ends it */
  open_paren = strchr (stat, '(');
  close_paren = strrchr (stat, ')');
  if (open_paren == NULL || close_paren == NULL || close_paren < open_paren ||
      sscanf (close_paren + 1, " %*c %d", ppid) != 1)
    return FALSE;
  *comm = g_strndup (open_paren + 1, (gsize) (close_paren - open_paren - 1));
  return TRUE;
}

/* The first process named @name among @ancestor's descendants (children of children), or 0. */
static GPid
find_descendant (GPid ancestor, const char *name)
{
  g_autoptr (GArray) family = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr (GHashTable) parents = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  const char *entry;

  while (proc != NULL && (entry = g_dir_read_name (proc)) != NULL)
    {
      GPid pid = (GPid) g_ascii_strtoll (entry, NULL, 10), ppid = 0;
      char *comm = NULL;

      if (pid > 0 && read_stat (pid, &ppid, &comm))
        {
          g_hash_table_insert (parents, GINT_TO_POINTER (pid), GINT_TO_POINTER (ppid));
          g_hash_table_insert (names, GINT_TO_POINTER (pid), comm);
        }
    }
  /* breadth first from the ancestor: each round adds the children of the last one's members */
  g_array_append_val (family, ancestor);
  for (guint i = 0; i < family->len; i++)
    {
      GHashTableIter iter;
      gpointer pid, ppid;

      g_hash_table_iter_init (&iter, parents);
      while (g_hash_table_iter_next (&iter, &pid, &ppid))
        if (GPOINTER_TO_INT (ppid) == g_array_index (family, GPid, i))
          {
            GPid child = GPOINTER_TO_INT (pid);

            if (g_strcmp0 (g_hash_table_lookup (names, pid), name) == 0)
              return child;
            g_array_append_val (family, child);
          }
    }
  return 0;
}

/* The world's printer: its URI, and ippeveprinter under the world's printer process (unshare). */
KioskTestPrinter *
kiosk_test_printer_new (GError **error)
{
  const char *uri = g_getenv ("KIOSK_PRINTER_URI");
  const char *world = g_getenv ("KIOSK_WORLD");
  g_autofree char *pid_path = NULL;
  g_autofree char *pid_text = NULL;
  g_autoptr (KioskTestPrinter) self = g_new0 (KioskTestPrinter, 1);

  if (uri == NULL || world == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "not inside a world with a printer (KIOSK_PRINTER_URI, KIOSK_WORLD)");
      return NULL;
    }
  pid_path = g_build_filename (world, "run", "printer.pid", NULL);
  if (!g_file_get_contents (pid_path, &pid_text, NULL, error))
    return NULL;
  self->uri = g_strdup (uri);
  self->pid = find_descendant ((GPid) g_ascii_strtoll (pid_text, NULL, 10), "ippeveprinter");
  if (self->pid == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no ippeveprinter under the world's printer process (%s); see %s/logs/printer.log",
                   g_strstrip (pid_text), world);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* ipp://127.0.0.1:PORT/ipp/print */
const char *
kiosk_test_printer_get_uri (KioskTestPrinter *self)
{
  return self->uri;
}

/* Freezes or thaws ippeveprinter. */
void
kiosk_test_printer_set_frozen (KioskTestPrinter *self, gboolean frozen)
{
  g_assert_cmpint (kill (self->pid, frozen ? SIGSTOP : SIGCONT), ==, 0);
  self->frozen = frozen;
}

/* Thaws the printer if a failed test left it frozen, and frees @self. */
void
kiosk_test_printer_free (KioskTestPrinter *self)
{
  if (self == NULL)
    return;
  if (self->frozen)
    kill (self->pid, SIGCONT);
  g_free (self->uri);
  g_free (self);
}
