/* kiosk-test-printer.c: starts, probes and stops ippeveprinter for the print suite. */
#include "tests/print/kiosk-test-printer.h"

#include <cups/cups.h>
#include <glib/gstdio.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define READY_TIMEOUT_S 20
#define PROBE_INTERVAL_MS 50

struct _KioskTestPrinter {
  char *dir;
  char *uri;
  GSubprocess *bus;     /* a private D-Bus: ippeveprinter's Avahi client refuses to start without one */
  GSubprocess *printer; /* ippeveprinter */
};

/* Moves the process into a new network namespace and brings its loopback up. */
gboolean
kiosk_test_printer_enter_private_network (GError **error)
{
  struct ifreq ifr = { 0 };
  int fd;
  gboolean up;

  if (unshare (CLONE_NEWNET) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot make a private network namespace (needs root): %s", g_strerror (errno));
      return FALSE;
    }
  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_strlcpy (ifr.ifr_name, "lo", sizeof ifr.ifr_name);
  up = fd >= 0 && ioctl (fd, SIOCGIFFLAGS, &ifr) == 0;
  if (up)
    {
      ifr.ifr_flags |= IFF_UP;
      up = ioctl (fd, SIOCSIFFLAGS, &ifr) == 0;
    }
  if (!up)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot bring lo up: %s",
                 g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return up;
}

/* Whether the printer at @uri answers Get-Printer-Attributes with printer-state. */
static gboolean
printer_answers (const char *uri)
{
  char scheme[32], userpass[64], host[256], resource[256];
  int port;
  http_t *http;
  ipp_t *request, *response;
  gboolean answered;

  httpSeparateURI (HTTP_URI_CODING_ALL, uri, scheme, sizeof scheme, userpass, sizeof userpass,
                   host, sizeof host, &port, resource, sizeof resource);
  http = httpConnect2 (host, port, NULL, AF_INET, HTTP_ENCRYPTION_IF_REQUESTED, 1, 1000, NULL);
  if (http == NULL)
    return FALSE;
  request = ippNewRequest (IPP_OP_GET_PRINTER_ATTRIBUTES);
  ippAddString (request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
  response = cupsDoRequest (http, request, resource);
  answered = response != NULL && ippFindAttribute (response, "printer-state", IPP_TAG_ENUM) != NULL;
  ippDelete (response);
  httpClose (http);
  return answered;
}

typedef struct {
  const char *uri;
  GMainLoop *loop;
  gboolean ready;
  gboolean exited;
} Probe;

/* Probes the printer once; stops the loop when it answers. */
static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;

  probe->ready = printer_answers (probe->uri);
  if (probe->ready)
    g_main_loop_quit (probe->loop);
  return probe->ready ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* Notes that the printer exited before it was ready. */
static void
exited_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Probe *probe = user_data;

  probe->exited = TRUE;
  g_main_loop_quit (probe->loop);
}

/* Stops the loop at the deadline. */
static gboolean
deadline_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Waits, on a private main context, until the printer answers, exits, or the deadline passes. */
static gboolean
wait_until_ready (KioskTestPrinter *self, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr (GSource) probe_source = g_timeout_source_new (PROBE_INTERVAL_MS);
  g_autoptr (GSource) deadline = g_timeout_source_new_seconds (READY_TIMEOUT_S);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Probe probe = { self->uri, loop, FALSE, FALSE };

  g_main_context_push_thread_default (context);
  g_source_set_callback (probe_source, probe_cb, &probe, NULL);
  g_source_attach (probe_source, context);
  g_source_set_callback (deadline, deadline_cb, loop, NULL);
  g_source_attach (deadline, context);
  g_subprocess_wait_async (self->printer, cancellable, exited_cb, &probe);
  probe.ready = printer_answers (self->uri);
  if (!probe.ready)
    g_main_loop_run (loop);
  g_cancellable_cancel (cancellable);
  g_source_destroy (probe_source);
  g_source_destroy (deadline);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  if (!probe.ready)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ippeveprinter %s; see %s/printer.log",
                 probe.exited ? "exited" : "did not answer in time", self->dir);
  return probe.ready;
}

/* In the child before exec: die with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A launcher for the printer's processes, which never outlive the test. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

/* Starts a private message bus and returns its address. */
static char *
start_bus (KioskTestPrinter *self, GError **error)
{
  g_autofree char *socket_path = g_build_filename (self->dir, "bus", NULL);
  g_autofree char *listen = g_strconcat ("--address=unix:path=", socket_path, NULL);
  g_autoptr (GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                           G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *address = NULL;

  g_unlink (socket_path);
  self->bus = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", "--session", "--nofork",
                                           "--print-address", listen, NULL);
  if (self->bus == NULL)
    return NULL;
  /* the address is printed once the bus listens: reading it is waiting for that */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->bus));
  address = g_data_input_stream_read_line (out, NULL, NULL, error);
  if (address == NULL && error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "dbus-daemon exited");
  return g_steal_pointer (&address);
}

/* Starts ippeveprinter in @dir on @port and waits until it answers. */
KioskTestPrinter *
kiosk_test_printer_start (const char *dir, guint port, GError **error)
{
  g_autoptr (KioskTestPrinter) self = g_new0 (KioskTestPrinter, 1);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *bus_address = NULL;
  g_autofree char *spool = NULL;
  g_autofree char *log = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  self->dir = g_strdup (dir);
  self->uri = g_strdup_printf ("ipp://127.0.0.1:%u/ipp/print", port);
  spool = g_build_filename (dir, "spool", NULL);
  log = g_build_filename (dir, "printer.log", NULL);
  if (g_mkdir_with_parents (spool, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s: %s", spool,
                   g_strerror (errno));
      return NULL;
    }
  bus_address = start_bus (self, error);
  if (bus_address == NULL)
    return NULL;

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", bus_address, TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  /* -n localhost: with -n 127.0.0.1 ippeveprinter finds no IPv6 listener address and exits */
  self->printer = g_subprocess_launcher_spawn (launcher, error, "ippeveprinter", "-p", port_text,
                                               "-d", spool, "-k", "-f", "application/pdf", "-n",
                                               "localhost", "-r", "off", "Kiosk Test Printer", NULL);
  if (self->printer == NULL || !wait_until_ready (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ipp://127.0.0.1:PORT/ipp/print */
const char *
kiosk_test_printer_get_uri (KioskTestPrinter *self)
{
  return self->uri;
}

/* The kept document of job @job_id (ippeveprinter names it "JOBID-NAME.pdf" in its spool). */
GBytes *
kiosk_test_printer_get_document (KioskTestPrinter *self, int job_id)
{
  g_autofree char *spool = g_build_filename (self->dir, "spool", NULL);
  g_autofree char *prefix = g_strdup_printf ("%d-", job_id);
  g_autoptr (GDir) listing = g_dir_open (spool, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        {
          g_autofree char *path = g_build_filename (spool, name, NULL);
          g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);

          return file != NULL ? g_mapped_file_get_bytes (file) : NULL;
        }
    }
  return NULL;
}

/* Freezes or thaws the printer process. */
void
kiosk_test_printer_set_frozen (KioskTestPrinter *self, gboolean frozen)
{
  g_subprocess_send_signal (self->printer, frozen ? SIGSTOP : SIGCONT);
}

/* Terminates @process (thawed first) and reaps it. */
static void
terminate (GSubprocess *process)
{
  if (process == NULL)
    return;
  g_subprocess_send_signal (process, SIGCONT);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

/* Stops the printer and its bus, and frees @self. */
void
kiosk_test_printer_stop (KioskTestPrinter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->printer, terminate);
  g_clear_pointer (&self->bus, terminate);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_free (self);
}
