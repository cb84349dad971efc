/* card-world.c: drives sim/world/kiosk-world for the card suite. */
#include "tests/card/card-world.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)

struct _CardWorld {
  char *dir;
  char *script;
  int reaper_stdin;  /* closing it (or dying) makes the reaper stop the world */
  GPid reaper;
  GPid removal;      /* a pending `card remove`, 0 when none */
};

/* Runs kiosk-world with @args after the command and DIR; fails with its output on error. */
static gboolean
world_run (CardWorld *self, const char *command, const char *const *args, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, self->script);
  g_ptr_array_add (argv, (char *) command);
  g_ptr_array_add (argv, self->dir);
  for (; args != NULL && *args != NULL; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error)) {
    g_prefix_error (error, "kiosk-world %s: %s", command, err);
    return FALSE;
  }
  return TRUE;
}

/* Starts the world; see card-world.h. */
CardWorld *
card_world_start (GError **error)
{
  const char *source_root = g_getenv ("KIOSK_SOURCE_ROOT");
  const char *start_args[] = { "--only", "card", "--card", "0", NULL };
  g_autofree char *socket = NULL;
  CardWorld *self;
  char *reaper_argv[] = { "/bin/sh", "-c", "read _ignored; \"$0\" stop \"$1\" >/dev/null 2>&1; rm -rf \"$1\"", NULL, NULL, NULL };

  if (source_root == NULL) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "KIOSK_SOURCE_ROOT is not set (run through meson test)");
    return NULL;
  }
  self = g_new0 (CardWorld, 1);
  self->reaper_stdin = -1;
  self->script = g_build_filename (source_root, "sim", "world", "kiosk-world", NULL);
  self->dir = g_dir_make_tmp ("kiosk-card-XXXXXX", error);
  if (self->dir == NULL) {
    card_world_stop (self);
    return NULL;
  }

  /* The reaper reads until this process's end of the pipe closes, however that happens; then it
   * stops the world and deletes its directory. */
  reaper_argv[3] = self->script;
  reaper_argv[4] = self->dir;
  if (!g_spawn_async_with_pipes (NULL, reaper_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &self->reaper,
                                 &self->reaper_stdin, NULL, NULL, error) ||
      !world_run (self, "start", start_args, error)) {
    card_world_stop (self);
    return NULL;
  }
  /* libpcsclite reads this once, on its first call, so it is set before any PC/SC use. */
  socket = g_build_filename (self->dir, "pcscd", "pcscd.comm", NULL);
  g_setenv ("PCSCLITE_CSOCK_NAME", socket, TRUE);
  return self;
}

/* Places card @n. */
gboolean
card_world_insert (CardWorld *self, guint n, gboolean fresh, GError **error)
{
  return card_world_insert_profile (self, n, fresh, NULL, error);
}

/* Places card @n with @profile (NULL: none). */
gboolean
card_world_insert_profile (CardWorld *self, guint n, gboolean fresh, const char *profile, GError **error)
{
  g_autofree char *number = g_strdup_printf ("%u", n);
  g_autofree char *state_name = g_strdup_printf ("card-%u.state", n);
  g_autofree char *state = g_build_filename (self->dir, state_name, NULL);
  const char *args[] = { "insert", number, profile != NULL ? "--profile" : NULL, profile, NULL };

  if (fresh && unlink (state) != 0 && errno != ENOENT) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot reset %s: %s", state, g_strerror (errno));
    return FALSE;
  }
  return world_run (self, "card", args, error);
}

/* Takes the card off and waits for the emulator to exit. */
gboolean
card_world_remove (CardWorld *self, GError **error)
{
  const char *args[] = { "remove", NULL };

  return world_run (self, "card", args, error);
}

/* Stops pcscd: the reader goes away, with the card on it. */
gboolean
card_world_unplug_reader (CardWorld *self, GError **error)
{
  const char *args[] = { "unplug", NULL };

  return world_run (self, "reader", args, error);
}

/* Starts pcscd again: the reader comes back, empty. */
gboolean
card_world_plug_reader (CardWorld *self, GError **error)
{
  const char *args[] = { "plug", NULL };

  return world_run (self, "reader", args, error);
}

/* Starts `kiosk-world card DIR remove` in the background. */
gboolean
card_world_remove_begin (CardWorld *self, GError **error)
{
  char *argv[] = { self->script, "card", self->dir, "remove", NULL };

  g_return_val_if_fail (self->removal == 0, FALSE);
  return g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                        &self->removal, error);
}

/* The background removal exited. */
static void
world_removal_exited (GPid pid, gint status, gpointer user_data)
{
  gint *result = user_data;

  *result = status;
  g_spawn_close_pid (pid);
}

/* The removal did not finish in time. */
static gboolean
world_removal_timed_out (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the background removal, on its exit event, up to @timeout_ms. */
gboolean
card_world_remove_finish (CardWorld *self, guint timeout_ms, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) child = NULL, timer = NULL;
  gint status = -1;
  gboolean timed_out = FALSE;

  g_return_val_if_fail (self->removal != 0, FALSE);
  g_main_context_push_thread_default (context);
  child = g_child_watch_source_new (self->removal);
  g_source_set_callback (child, G_SOURCE_FUNC (world_removal_exited), &status, NULL);
  g_source_attach (child, context);
  timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timer, world_removal_timed_out, &timed_out, NULL);
  g_source_attach (timer, context);
  while (status == -1 && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (child);
  g_source_destroy (timer);
  g_main_context_pop_thread_default (context);
  if (status == -1) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "kiosk-world card remove did not finish in %u ms", timeout_ms);
    return FALSE;
  }
  self->removal = 0;
  return g_spawn_check_wait_status (status, error);
}

/* The emulator's pid, from the world's run directory. */
GPid
card_world_card_pid (CardWorld *self)
{
  g_autofree char *path = g_build_filename (self->dir, "run", "card.pid", NULL);
  g_autofree char *text = NULL;
  guint64 pid = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &pid, NULL))
    return 0;
  return (GPid) pid;
}

/* The world's directory. */
const char *
card_world_dir (CardWorld *self)
{
  return self->dir;
}

/* Stops the world and deletes its directory (through the reaper), then frees @self. */
void
card_world_stop (CardWorld *self)
{
  int status;

  if (self == NULL)
    return;
  if (self->reaper_stdin >= 0)
    close (self->reaper_stdin);
  if (self->reaper != 0) {
    waitpid (self->reaper, &status, 0);
    g_spawn_close_pid (self->reaper);
  } else if (self->dir != NULL)
    g_rmdir (self->dir); /* no reaper was started: the directory is still empty */
  g_free (self->dir);
  g_free (self->script);
  g_free (self);
}

/* Runs the registered tests inside a world. */
int
card_world_run_tests (CardWorld **world)
{
  g_autoptr (GError) error = NULL;
  int status;

  if (g_test_subprocess ())
    return g_test_run ();
  *world = card_world_start (&error);
  if (*world == NULL) {
    g_printerr ("cannot start the card world: %s\n", error->message);
    return 1;
  }
  status = g_test_run ();
  g_clear_pointer (world, card_world_stop);
  return status;
}

/* The bytes of a file in the world's PKI. */
GBytes *
card_world_pki_file (CardWorld *self, const char *name)
{
  g_autofree char *path = g_build_filename (self->dir, "pki", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  return g_mapped_file_get_bytes (file);
}

/* Checks a signature with the certificate's public key. */
void
card_world_assert_signature (GBytes *signature, GBytes *data, GBytes *cert_der)
{
  const unsigned char *p = g_bytes_get_data (cert_der, NULL);
  g_autoptr (X509) cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (cert_der));
  g_autoptr (EVP_MD_CTX) md = EVP_MD_CTX_new ();

  g_assert_nonnull (cert);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);
  g_assert_cmpint (EVP_DigestVerifyInit (md, NULL, EVP_sha256 (), NULL, X509_get0_pubkey (cert)), ==, 1);
  g_assert_cmpint (EVP_DigestVerify (md, g_bytes_get_data (signature, NULL), g_bytes_get_size (signature),
                                     g_bytes_get_data (data, NULL), g_bytes_get_size (data)), ==, 1);
}
