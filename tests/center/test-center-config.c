/* test-center-config.c: kiosk-sim-center and kiosk-sim-municipal started from --config files: a
 * good file serves, the command line overrides it, and each bad file fails start with exit status
 * 2 and a message naming the file, group and key. */
#include <glib/gstdio.h>
#include <signal.h>

#include "tests/center/center-world.h"

/* How long a server given a bad file may take to exit. */
#define EXIT_TIMEOUT_SECONDS 30

static CenterWorld *world;

/* One bad file: a good file of @program with @find replaced by @replace, and what stderr says. */
typedef struct {
  const char *name;
  const char *program; /* KIOSK_SIM_CENTER or KIOSK_SIM_MUNICIPAL */
  const char *find;
  const char *replace;
  const char *expected;
} BadFile;

/* A good center file in the world's directory (relative paths), asking @ocsp_url. */
static char *
center_config_text (const char *ocsp_url)
{
  return g_strdup_printf ("[server]\n"
                          "listen=127.0.0.1:0\n"
                          "cert=center.pem\n"
                          "key=center.key\n"
                          "client-ca=tls-ca.pem\n"
                          "ready-file=center-config.ready\n"
                          "[center]\n"
                          "db=center-config.sqlite\n"
                          "jpki-ca=jpki-ca.pem\n"
                          "[municipal]\n"
                          "url=%s\n"
                          "ca=tls-ca.pem\n"
                          "client-cert=center-client.pem\n"
                          "client-key=center-client.key\n"
                          "[ocsp]\n"
                          "url=%s\n"
                          "cache-seconds=60\n",
                          world->municipal_url, ocsp_url);
}

/* A good municipal file in the world's directory, writing @ready. */
static char *
municipal_config_text (const char *ready)
{
  return g_strdup_printf ("[server]\n"
                          "listen=127.0.0.1:0\n"
                          "cert=municipal.pem\n"
                          "key=municipal.key\n"
                          "client-ca=tls-ca.pem\n"
                          "ready-file=%s\n"
                          "[municipal]\n"
                          "registry=registry-config.sqlite\n"
                          "signer-cert=muni-signer.pem\n"
                          "signer-key=muni-signer.key\n",
                          ready);
}

/* Writes @contents to @name in the world's directory and returns its path. */
static char *
write_config (const char *name, const char *contents)
{
  center_world_write (world, name, contents);
  return center_world_path (world, name);
}

/* Asserts that GET /healthz over mutual TLS at @url answers 200. */
static void
assert_healthy (const char *url)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, url, "terminal");
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request (client, "GET", "/healthz", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
}

/* A center started from nothing but a good file serves /healthz, and keeps its relative db. */
static void
test_center_good_file_serves_healthz (void)
{
  g_autoptr (CenterWorldOcsp) ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autofree char *text = center_config_text (ocsp->url);
  g_autofree char *path = write_config ("center.conf", text);
  g_autofree char *ready = center_world_path (world, "center-config.ready");
  g_autofree char *db = center_world_path (world, "center-config.sqlite");
  g_autofree char *url = NULL;
  const char *argv[] = { center_world_program ("KIOSK_SIM_CENTER"), "--config", path, NULL };
  g_autoptr (GSubprocess) center = center_world_start_server (argv, ready, &url);

  assert_healthy (url);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  center_world_stop (center);
}

/* A municipal server started from nothing but a good file serves /healthz. */
static void
test_municipal_good_file_serves_healthz (void)
{
  g_autofree char *text = municipal_config_text ("municipal-config.ready");
  g_autofree char *path = write_config ("municipal.conf", text);
  g_autofree char *ready = center_world_path (world, "municipal-config.ready");
  g_autofree char *url = NULL;
  const char *argv[] = { center_world_program ("KIOSK_SIM_MUNICIPAL"), "--config", path, NULL };
  g_autoptr (GSubprocess) municipal = center_world_start_server (argv, ready, &url);

  assert_healthy (url);
  center_world_stop (municipal);
}

/* An option on the command line wins over the file: the ready file goes where it says. */
static void
test_command_line_overrides_file (void)
{
  g_autofree char *text = municipal_config_text ("from-file.ready");
  g_autofree char *path = write_config ("municipal-override.conf", text);
  g_autofree char *from_file = center_world_path (world, "from-file.ready");
  g_autofree char *ready = center_world_path (world, "from-command-line.ready");
  g_autofree char *url = NULL;
  const char *argv[] = { center_world_program ("KIOSK_SIM_MUNICIPAL"), "--config", path,
                         "--ready-file", ready, NULL };
  g_autoptr (GSubprocess) municipal = center_world_start_server (argv, ready, &url);

  assert_healthy (url);
  g_assert_false (g_file_test (from_file, G_FILE_TEST_EXISTS));
  center_world_stop (municipal);
}

/* What waiting for a process's end found. */
typedef struct {
  gboolean done;
  gboolean timed_out;
  char *stderr_text;
} ExitWait;

/* Notes the end of the process and its stderr. */
static void
on_communicated (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ExitWait *wait = user_data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &wait->stderr_text,
                                        &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

/* Notes that the time is up. */
static gboolean
on_exit_timeout (gpointer user_data)
{
  ExitWait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @argv, waits with a timeout for its end and returns its stderr; asserts exit status 2. */
static char *
run_expecting_status_2 (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_newv (
    argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  ExitWait wait = { 0 };
  guint timeout_id;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &wait);
  timeout_id = g_timeout_add_seconds (EXIT_TIMEOUT_SECONDS, on_exit_timeout, &wait);
  while (!wait.done && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (wait.timed_out)
    {
      g_subprocess_force_exit (process);
      g_error ("%s did not exit within %d s", argv[0], EXIT_TIMEOUT_SECONDS);
    }
  g_source_remove (timeout_id);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  return wait.stderr_text;
}

/* A good file with one change fails start with exit status 2 and the expected message. */
static void
test_bad_file_fails_start (gconstpointer data)
{
  const BadFile *bad = data;
  gboolean center = g_str_equal (bad->program, "KIOSK_SIM_CENTER");
  g_autofree char *good = center ? center_config_text ("http://127.0.0.1:9")
                                 : municipal_config_text ("bad.ready");
  g_autoptr (GString) text = g_string_new (good);
  g_autofree char *name = g_strconcat (bad->name, ".conf", NULL);
  g_autofree char *path = NULL;
  g_autofree char *stderr_text = NULL;
  const char *argv[] = { center_world_program (bad->program), "--config", NULL, NULL };

  g_assert_cmpuint (g_string_replace (text, bad->find, bad->replace, 1), ==, 1);
  path = write_config (name, text->str);
  argv[2] = path;
  stderr_text = run_expecting_status_2 (argv);
  g_assert_nonnull (strstr (stderr_text, path));
  if (strstr (stderr_text, bad->expected) == NULL)
    g_error ("stderr \"%s\" does not say \"%s\"", stderr_text, bad->expected);
}

/* A file that cannot be read fails start with exit status 2, naming it. */
static void
test_unreadable_file_fails_start (void)
{
  g_autofree char *path = center_world_path (world, "no-such.conf");
  const char *argv[] = { center_world_program ("KIOSK_SIM_CENTER"), "--config", path, NULL };
  g_autofree char *stderr_text = run_expecting_status_2 (argv);

  g_assert_nonnull (strstr (stderr_text, path));
}

/* A file that is not a key file fails start with exit status 2, naming it. */
static void
test_not_a_key_file_fails_start (void)
{
  g_autofree char *path = write_config ("not-a-key-file.conf", "this is not a key file\n");
  const char *argv[] = { center_world_program ("KIOSK_SIM_MUNICIPAL"), "--config", path, NULL };
  g_autofree char *stderr_text = run_expecting_status_2 (argv);

  g_assert_nonnull (strstr (stderr_text, path));
}

static const BadFile bad_files[] = {
  { "center-unknown-key", "KIOSK_SIM_CENTER", "cache-seconds=60\n",
    "cache-seconds=60\ncache-second=5\n", "[ocsp] cache-second: unknown key" },
  { "center-unknown-group", "KIOSK_SIM_CENTER", "[ocsp]\n", "[ocps]\nurl=http://x\n[ocsp]\n",
    "[ocps]: unknown group" },
  { "center-missing-key", "KIOSK_SIM_CENTER", "jpki-ca=jpki-ca.pem\n", "",
    "[center] jpki-ca: missing or empty" },
  { "center-bad-port", "KIOSK_SIM_CENTER", "listen=127.0.0.1:0", "listen=127.0.0.1:70000",
    "[server] listen: must be HOST:PORT with a port from 0 to 65535" },
  { "center-bad-url-scheme", "KIOSK_SIM_CENTER", "url=https://", "url=http://",
    "[municipal] url: must be a https:// URL" },
  { "center-negative-cache-seconds", "KIOSK_SIM_CENTER", "cache-seconds=60",
    "cache-seconds=-1", "[ocsp] cache-seconds: must be 0 or more" },
  { "center-both-revocation-settings", "KIOSK_SIM_CENTER", "cache-seconds=60",
    "cache-seconds=60\nrevocation-check=off", "[ocsp] revocation-check: off contradicts [ocsp] url" },
  { "center-neither-revocation-setting", "KIOSK_SIM_CENTER", "url=http://127.0.0.1:9\n", "",
    "[ocsp] url: missing" },
  { "center-unreadable-cert", "KIOSK_SIM_CENTER", "cert=center.pem", "cert=no-such.pem",
    "[server] cert: cannot read" },
  { "municipal-unknown-key", "KIOSK_SIM_MUNICIPAL", "signer-key=", "signer-keys=x\nsigner-key=",
    "[municipal] signer-keys: unknown key" },
  { "municipal-missing-key", "KIOSK_SIM_MUNICIPAL", "registry=registry-config.sqlite\n", "",
    "[municipal] registry: missing or empty" },
  { "municipal-bad-port", "KIOSK_SIM_MUNICIPAL", "listen=127.0.0.1:0", "listen=127.0.0.1:http",
    "[server] listen: must be HOST:PORT" },
};

/* Starts the world (PKI and municipal server), runs the tests, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = center_world_new (FALSE);
  g_test_add_func ("/center-config/center-good-file-serves-healthz",
                   test_center_good_file_serves_healthz);
  g_test_add_func ("/center-config/municipal-good-file-serves-healthz",
                   test_municipal_good_file_serves_healthz);
  g_test_add_func ("/center-config/command-line-overrides-file", test_command_line_overrides_file);
  g_test_add_func ("/center-config/unreadable-file-fails-start", test_unreadable_file_fails_start);
  g_test_add_func ("/center-config/not-a-key-file-fails-start", test_not_a_key_file_fails_start);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strconcat ("/center-config/bad/", bad_files[i].name, NULL);

      g_test_add_data_func (name, &bad_files[i], test_bad_file_fails_start);
    }
  status = g_test_run ();
  center_world_free (world);
  return status;
}
