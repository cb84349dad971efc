/* center-world.c: PKI generation, server and OCSP responder processes and mutual-TLS calls for the
 * center tests. */
#include "tests/center/center-world.h"

#include <openssl/pem.h>
#include <poppler.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "sim/servers/sim-card-auth.h"
#include "sim/servers/sim-certificate.h"
#include "sim/servers/sim-ocsp.h"
#include "sim/servers/sim-server.h"

/* How long a server may take to write its ready file. */
#define READY_TIMEOUT_SECONDS 30

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
/* poppler-glib 22 has no autoptr declarations for its objects. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* Runs @argv in the world's directory and fails the test if it fails. */
static void
center_world_run (CenterWorld *world, const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;
  int wait_status = 0;

  g_spawn_sync (world->dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &output,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, output != NULL ? output : "");
}

/* The path of a file in the world. */
char *
center_world_path (CenterWorld *world, const char *name)
{
  return g_build_filename (world->dir, name, NULL);
}

/* Reads a file of the world. */
GBytes *
center_world_read (CenterWorld *world, const char *name)
{
  g_autofree char *path = center_world_path (world, name);
  g_autoptr (GError) error = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &error);
  GBytes *bytes;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  g_mapped_file_unref (file);
  return bytes;
}

/* What the wait for a ready file watches. */
typedef struct {
  gboolean exited;
  gboolean wait_finished;
  gboolean timed_out;
} CenterWorldWait;

/* Notes that the server process ended (or the wait was cancelled). */
static void
center_world_on_exit (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CenterWorldWait *wait = user_data;

  wait->wait_finished = TRUE;
  wait->exited = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
}

/* Notes that the time is up. */
static gboolean
center_world_on_timeout (gpointer user_data)
{
  CenterWorldWait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Wakes the main context when the ready file appears. */
static void
center_world_on_changed (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
                         gpointer user_data)
{
}

/* In the child: end with the test program, so that a failed assertion leaves no server behind
 * (and no open pipe that keeps meson waiting). */
static void
center_world_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* A launcher for the world's processes, with @flags. */
static GSubprocessLauncher *
center_world_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, center_world_child_setup, NULL, NULL);
  return launcher;
}

/* TRUE once @path exists. */
static gboolean
center_world_file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Waits, on changes of @path and with a timeout, until @ready (@path) holds or @process ends;
 * returns what ended the wait. */
static CenterWorldWait
center_world_wait (GSubprocess *process, const char *path, gboolean (*ready) (const char *path))
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFileMonitor) monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  CenterWorldWait wait = { 0 };
  guint timeout_id;

  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (center_world_on_changed), NULL);
  g_subprocess_wait_async (process, cancellable, center_world_on_exit, &wait);
  timeout_id = g_timeout_add_seconds (READY_TIMEOUT_SECONDS, center_world_on_timeout, &wait);
  while (!ready (path) && !wait.wait_finished && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (timeout_id);
  g_cancellable_cancel (cancellable);
  while (!wait.wait_finished)
    g_main_context_iteration (NULL, TRUE);
  return wait;
}

/* Starts a server and waits, on events and with a timeout, until it has written @ready_path. */
GSubprocess *
center_world_start_server (const char *const *argv, const char *ready_path, char **url)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = center_world_launcher (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GSubprocess) process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_autofree char *contents = NULL;
  CenterWorldWait wait;

  g_assert_no_error (error);
  wait = center_world_wait (process, ready_path, center_world_file_exists);
  if (wait.exited)
    g_error ("%s exited before it was ready", argv[0]);
  if (wait.timed_out)
    g_error ("%s was not ready within %d s", argv[0], READY_TIMEOUT_SECONDS);
  g_file_get_contents (ready_path, &contents, NULL, &error);
  g_assert_no_error (error);
  *url = g_strstrip (g_steal_pointer (&contents));
  return g_steal_pointer (&process);
}

/* The program to run, from the environment meson sets. */
const char *
center_world_program (const char *variable)
{
  const char *program = g_getenv (variable);

  if (program == NULL)
    g_error ("%s is not set (run the tests through meson test)", variable);
  return program;
}

/* Starts kiosk-sim-municipal, judging at @fixed_time (NULL: the clock). */
static void
center_world_start_municipal (CenterWorld *world, const char *fixed_time)
{
  g_autofree char *ready = center_world_path (world, "municipal.ready");
  g_autofree char *cert = center_world_path (world, "municipal.pem");
  g_autofree char *key = center_world_path (world, "municipal.key");
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *signer_cert = center_world_path (world, "muni-signer.pem");
  g_autofree char *signer_key = center_world_path (world, "muni-signer.key");
  g_autofree char *registry = center_world_path (world, "registry.sqlite");
  const char *argv[] = {
    center_world_program ("KIOSK_SIM_MUNICIPAL"), "--listen", "127.0.0.1:0", "--ready-file", ready,
    "--cert", cert, "--key", key, "--client-ca", ca, "--signer-cert", signer_cert,
    "--signer-key", signer_key, "--registry", registry,
    fixed_time != NULL ? "--time" : NULL, fixed_time, NULL,
  };

  g_remove (ready);
  world->municipal = center_world_start_server (argv, ready, &world->municipal_url);
}

/* Stops the municipal server and starts it again on the same registry, judging at @fixed_time. */
void
center_world_restart_municipal (CenterWorld *world, const char *fixed_time)
{
  center_world_stop (world->municipal);
  g_clear_object (&world->municipal);
  g_clear_pointer (&world->municipal_url, g_free);
  center_world_start_municipal (world, fixed_time);
}

/* Notes the responder's first line of output (or NULL at its end). */
static void
center_world_on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

/* Waits, with a timeout, for the "ACCEPT [::]:PORT PID=N" line `openssl ocsp` prints once it listens
 * (with -port 0 the kernel chose the port; the index is loaded after), and returns the port. */
static guint
center_world_ocsp_wait_port (GSubprocess *process, const char *log)
{
  g_autoptr (GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *line = NULL;
  CenterWorldWait wait = { 0 };
  guint timeout_id = g_timeout_add_seconds (READY_TIMEOUT_SECONDS, center_world_on_timeout, &wait);
  const char *port;

  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancellable, center_world_on_line,
                                       &line);
  while (line == NULL && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (timeout_id);
  g_cancellable_cancel (cancellable);
  while (line == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (wait.timed_out)
    g_error ("openssl ocsp did not listen within %d s; see %s", READY_TIMEOUT_SECONDS, log);
  port = strstr (line, "]:");
  if (!g_str_has_prefix (line, "ACCEPT ") || port == NULL)
    g_error ("openssl ocsp did not start (\"%s\"); see %s", line, log);
  return (guint) g_ascii_strtoull (port + 2, NULL, 10);
}

/* TRUE once @log says the responder loaded its index and waits for questions. */
static gboolean
center_world_ocsp_serving (const char *log)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (log, &text, NULL, NULL)
         && strstr (text, "waiting for OCSP client connections") != NULL;
}

/* Waits, on changes of @log and with a timeout, until the responder serves; fails if it exits. */
static void
center_world_ocsp_wait_serving (GSubprocess *process, const char *log)
{
  CenterWorldWait wait = center_world_wait (process, log, center_world_ocsp_serving);

  if (wait.exited || wait.timed_out)
    g_error ("openssl ocsp did not serve; see %s", log);
}

/* Starts a responder in the world's directory. */
CenterWorldOcsp *
center_world_ocsp_start (CenterWorld *world, const char *index, const char *signer)
{
  static guint count;
  g_autoptr (GSubprocessLauncher) launcher = center_world_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *log_name = g_strdup_printf ("ocsp-%u.log", ++count);
  g_autofree char *signer_cert = g_strconcat (signer, ".pem", NULL);
  g_autofree char *signer_key = g_strconcat (signer, ".key", NULL);
  g_autoptr (GError) error = NULL;
  CenterWorldOcsp *ocsp = g_new0 (CenterWorldOcsp, 1);
  const char *const argv[] = {
    "openssl", "ocsp", "-index", index, "-CA", "jpki-ca.pem", "-rsigner", signer_cert,
    "-rkey", signer_key, "-port", "0", "-nmin", "5", "-ignore_err", NULL,
  };

  ocsp->log = center_world_path (world, log_name);
  g_subprocess_launcher_set_cwd (launcher, world->dir);
  g_subprocess_launcher_set_stderr_file_path (launcher, ocsp->log);
  ocsp->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  ocsp->url = g_strdup_printf ("http://127.0.0.1:%u",
                               center_world_ocsp_wait_port (ocsp->process, ocsp->log));
  center_world_ocsp_wait_serving (ocsp->process, ocsp->log);
  return ocsp;
}

/* Counts the responder's "Received request" lines (it writes one before it answers). */
guint
center_world_ocsp_requests (CenterWorldOcsp *ocsp)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  guint requests = 0;

  g_file_get_contents (ocsp->log, &text, NULL, &error);
  g_assert_no_error (error);
  for (const char *at = text; (at = strstr (at, "Received request")) != NULL; at++)
    requests++;
  return requests;
}

/* Stops a responder: it ends on SIGTERM (it may have ended already). */
void
center_world_ocsp_stop (CenterWorldOcsp *ocsp)
{
  g_autoptr (GError) error = NULL;

  if (ocsp == NULL)
    return;
  g_subprocess_send_signal (ocsp->process, SIGTERM);
  g_subprocess_wait (ocsp->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&ocsp->process);
  g_free (ocsp->url);
  g_free (ocsp->log);
  g_free (ocsp);
}

/* Starts a kiosk-sim-center on the world's database that writes @ready_name, pointed at the
 * municipal server and at @ocsp (NULL: no revocation check); its URL in @url. */
static GSubprocess *
center_world_spawn_center (CenterWorld *world, const char *ready_name, CenterWorldOcsp *ocsp,
                           guint cache_seconds, char **url)
{
  g_autofree char *ready = center_world_path (world, ready_name);
  g_autofree char *cert = center_world_path (world, "center.pem");
  g_autofree char *key = center_world_path (world, "center.key");
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *jpki_ca = center_world_path (world, "jpki-ca.pem");
  g_autofree char *client_cert = center_world_path (world, "center-client.pem");
  g_autofree char *client_key = center_world_path (world, "center-client.key");
  g_autofree char *cache = g_strdup_printf ("%u", cache_seconds);
  const char *argv[] = {
    center_world_program ("KIOSK_SIM_CENTER"), "--listen", "127.0.0.1:0", "--ready-file", ready,
    "--cert", cert, "--key", key, "--client-ca", ca, "--jpki-ca", jpki_ca,
    "--municipal-url", world->municipal_url, "--municipal-ca", ca, "--client-cert", client_cert,
    "--client-key", client_key, "--db", world->db->location, "--ocsp-cache-seconds", cache,
    ocsp != NULL ? "--ocsp-url" : "--no-revocation-check", ocsp != NULL ? ocsp->url : NULL, NULL,
  };

  g_remove (ready);
  return center_world_start_server (argv, ready, url);
}

/* Starts the world's center. */
static void
center_world_start_center (CenterWorld *world, CenterWorldOcsp *ocsp, guint cache_seconds)
{
  world->center = center_world_spawn_center (world, "center.ready", ocsp, cache_seconds,
                                             &world->center_url);
}

/* Starts the second center on the same database. */
const char *
center_world_start_second_center (CenterWorld *world)
{
  g_assert_null (world->second_center);
  world->second_center = center_world_spawn_center (world, "center-2.ready", world->ocsp,
                                                    SIM_OCSP_DEFAULT_CACHE_SECONDS,
                                                    &world->second_center_url);
  return world->second_center_url;
}

/* Sends SIGTERM and expects a clean exit. */
void
center_world_stop (GSubprocess *process)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Replaces the center with one asking @ocsp. */
void
center_world_restart_center (CenterWorld *world, CenterWorldOcsp *ocsp, guint cache_seconds)
{
  if (world->center != NULL)
    center_world_stop (world->center);
  g_clear_object (&world->center);
  g_clear_pointer (&world->center_url, g_free);
  center_world_start_center (world, ocsp, cache_seconds);
}

/* Makes the PKI and starts the servers. */
CenterWorld *
center_world_new (gboolean with_center)
{
  g_autoptr (GError) error = NULL;
  CenterWorld *world = g_new0 (CenterWorld, 1);
  const char *root = center_world_program ("KIOSK_SOURCE_ROOT");
  g_autofree char *make_pki = g_build_filename (root, "sim", "pki", "make-pki", NULL);
  g_autofree char *pki_dir = NULL;

  world->dir = g_dir_make_tmp ("kiosk-center-XXXXXX", &error);
  g_assert_no_error (error);
  pki_dir = g_strdup (world->dir);
  g_setenv ("CARDS", "4", TRUE);
  center_world_run (world, (const char *const[]){ make_pki, pki_dir, NULL });
  center_world_start_municipal (world, NULL);
  if (with_center)
    {
      world->db = center_db_new (world->dir);
      world->ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
      center_world_start_center (world, world->ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);
    }
  return world;
}

/* Stops everything and removes the directory. */
void
center_world_free (CenterWorld *world)
{
  if (world == NULL)
    return;
  if (world->center != NULL)
    center_world_stop (world->center);
  if (world->second_center != NULL)
    center_world_stop (world->second_center);
  g_clear_pointer (&world->ocsp, center_world_ocsp_stop);
  g_clear_pointer (&world->db, center_db_free);
  center_world_stop (world->municipal);
  center_world_run (world, (const char *const[]){ "rm", "-rf", world->dir, NULL });
  g_clear_object (&world->center);
  g_clear_object (&world->second_center);
  g_clear_object (&world->municipal);
  g_free (world->municipal_url);
  g_free (world->center_url);
  g_free (world->second_center_url);
  g_free (world->dir);
  g_free (world);
}

/* A client with the named certificate. */
SimHttpClient *
center_world_client (CenterWorld *world, const char *url, const char *name)
{
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  if (name != NULL)
    {
      g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
      g_autofree char *key_name = g_strconcat (name, ".key", NULL);

      cert = center_world_path (world, cert_name);
      key = center_world_path (world, key_name);
    }
  return sim_http_client_new (url, ca, cert, key);
}

/* One JSON call. */
JsonObject *
center_world_call (SimHttpClient *client, const char *method, const char *path, JsonObject *body,
                   guint *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) request = NULL;
  g_autoptr (SimHttpResponse) response = NULL;
  JsonObject *answer;

  if (body != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), body);

      request = sim_json_to_bytes (node);
    }
  response = sim_http_client_request (client, method, path, request, &error);
  g_assert_no_error (error);
  answer = sim_json_parse_object (response->body, &error);
  g_assert_no_error (error);
  *status = response->status;
  return answer;
}

/* The card's certificate and its signature over the challenge, with the nonce and the time. */
JsonObject *
center_world_session_body (CenterWorld *world, const char *nonce, const char *terminal_id,
                           const char *terminal_time, const char *cert_name, const char *key_name)
{
  g_autofree char *der_name = g_strconcat (cert_name, ".der", NULL);
  g_autoptr (GBytes) der = center_world_read (world, der_name);
  g_autoptr (GBytes) challenge = sim_card_auth_challenge (nonce, terminal_id, terminal_time);
  g_autoptr (GBytes) signature = center_world_sign (world, key_name, challenge);
  g_autofree char *der_b64 = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autofree char *sig_b64 =
    g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "nonce", nonce);
  json_object_set_string_member (body, "terminal_time", terminal_time);
  json_object_set_string_member (body, "certificate", der_b64);
  json_object_set_string_member (body, "signature", sig_b64);
  return body;
}

/* Nonce, challenge, the card's signature, POST /v1/sessions. */
JsonObject *
center_world_authenticate (CenterWorld *world, SimHttpClient *client, const char *card,
                           guint *status)
{
  g_autoptr (JsonObject) empty = json_object_new ();
  g_autoptr (JsonObject) nonce_answer = center_world_call (client, "POST", "/v1/nonce", empty, status);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = sim_time_format (now);
  g_autoptr (JsonObject) body = NULL;

  g_assert_cmpuint (*status, ==, 200);
  body = center_world_session_body (world, json_object_get_string_member (nonce_answer, "nonce"),
                                    "T-0001", when, card, card);
  return center_world_call (client, "POST", "/v1/sessions", body, status);
}

/* The error code of an error body. */
const char *
center_world_error_code (JsonObject *answer)
{
  JsonObject *inner;

  if (!json_object_has_member (answer, "error"))
    return NULL;
  inner = json_object_get_object_member (answer, "error");
  return inner != NULL ? json_object_get_string_member_with_default (inner, "code", NULL) : NULL;
}

/* Writes a small text file into the world. */
void
center_world_write (CenterWorld *world, const char *name, const char *contents)
{
  g_autofree char *path = center_world_path (world, name);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A client certificate from tls-ca. */
void
center_world_make_client (CenterWorld *world, const char *name, const char *common_name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *ext = g_strconcat (name, ".ext", NULL);
  g_autofree char *subject = g_strdup_printf ("/C=JP/O=Kiosk Test/OU=Store 0002/CN=%s", common_name);

  center_world_write (world, ext,
                      "basicConstraints=critical,CA:FALSE\n"
                      "keyUsage=critical,digitalSignature,keyEncipherment\n"
                      "extendedKeyUsage=clientAuth\n");
  center_world_run (world, (const char *const[]){ "openssl", "genpkey", "-quiet", "-algorithm", "EC",
                                                  "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                                                  key, NULL });
  center_world_run (world, (const char *const[]){ "openssl", "req", "-new", "-key", key, "-subj",
                                                  subject, "-out", csr, NULL });
  center_world_run (world, (const char *const[]){ "openssl", "x509", "-req", "-in", csr, "-CA",
                                                  "tls-ca.pem", "-CAkey", "tls-ca.key",
                                                  "-set_serial", "0x1F01", "-days", "30",
                                                  "-sha256", "-extfile", ext, "-out", pem, NULL });
}

/* A card certificate from a CA of its own, with the serial of card 1. */
void
center_world_make_rogue_card (CenterWorld *world, const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *der = g_strconcat (name, ".der", NULL);

  center_world_run (world, (const char *const[]){ "openssl", "genpkey", "-quiet", "-algorithm", "RSA",
                                                  "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                                                  "rogue-ca.key", NULL });
  center_world_run (world, (const char *const[]){ "openssl", "req", "-x509", "-new", "-key",
                                                  "rogue-ca.key", "-sha256", "-days", "30",
                                                  "-subj", "/C=JP/O=JPKI Test/CN=JPKI Test UA CA",
                                                  "-addext", "basicConstraints=critical,CA:TRUE",
                                                  "-addext", "keyUsage=critical,keyCertSign",
                                                  "-out", "rogue-ca.pem", NULL });
  center_world_run (world, (const char *const[]){ "openssl", "genpkey", "-quiet", "-algorithm", "RSA",
                                                  "-pkeyopt", "rsa_keygen_bits:2048", "-out", key,
                                                  NULL });
  center_world_run (world, (const char *const[]){ "openssl", "req", "-new", "-key", key, "-subj",
                                                  "/C=JP/O=JPKI Test/CN=user-auth", "-out", csr,
                                                  NULL });
  center_world_run (world, (const char *const[]){ "openssl", "x509", "-req", "-in", csr, "-CA",
                                                  "rogue-ca.pem", "-CAkey", "rogue-ca.key",
                                                  "-set_serial", "0x5A000001", "-days", "30",
                                                  "-sha256", "-out", pem, NULL });
  center_world_run (world, (const char *const[]){ "openssl", "x509", "-in", pem, "-outform", "DER",
                                                  "-out", der, NULL });
}

/* Signs like the card: SHA-256 DigestInfo, RSA PKCS#1 v1.5. */
GBytes *
center_world_sign (CenterWorld *world, const char *name, GBytes *data)
{
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *path = center_world_path (world, key_name);
  g_autoptr (GError) error = NULL;
  g_autoptr (EVP_PKEY) key = sim_certificate_load_private_key (path, &error);
  g_autoptr (EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  size_t sig_len = 0;
  guint8 *sig;

  g_assert_no_error (error);
  g_assert_cmpint (EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, key), ==, 1);
  g_assert_cmpint (EVP_DigestSign (ctx, NULL, &sig_len, bytes, len), ==, 1);
  sig = g_malloc (sig_len);
  g_assert_cmpint (EVP_DigestSign (ctx, sig, &sig_len, bytes, len), ==, 1);
  return g_bytes_new_take (sig, sig_len);
}

/* Decodes a base64 member. */
GBytes *
center_world_get_base64 (JsonObject *object, const char *member)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = sim_json_get_base64 (object, member, &error);

  g_assert_no_error (error);
  return bytes;
}

/* Extracts the first page's text with poppler-glib. */
char *
center_world_pdf_text (GBytes *document)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PopplerDocument) pdf = poppler_document_new_from_bytes (document, NULL, &error);
  g_autoptr (PopplerPage) page = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 1);
  page = poppler_document_get_page (pdf, 0);
  return poppler_page_get_text (page);
}

/* Verifies the binding with the signer certificate of the PKI (not the one in the binding). */
JsonObject *
center_world_verify_binding (CenterWorld *world, JsonObject *binding)
{
  g_autofree char *signer_path = center_world_path (world, "muni-signer.pem");
  g_autoptr (BIO) bio = BIO_new_file (signer_path, "r");
  g_autoptr (X509) signer = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  g_autoptr (GBytes) statement = center_world_get_base64 (binding, "statement");
  g_autoptr (GBytes) signature = center_world_get_base64 (binding, "signature");
  g_autoptr (EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  g_autoptr (GBytes) pem = NULL;
  g_autofree char *pem_text = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *parsed;

  g_assert_nonnull (signer);
  pem = center_world_read (world, "muni-signer.pem");
  pem_text = g_strndup (g_bytes_get_data (pem, NULL), g_bytes_get_size (pem));
  g_assert_cmpstr (json_object_get_string_member (binding, "certificate"), ==, pem_text);
  g_assert_cmpint (EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, X509_get0_pubkey (signer)),
                   ==, 1);
  g_assert_cmpint (EVP_DigestVerify (ctx, g_bytes_get_data (signature, NULL),
                                     g_bytes_get_size (signature),
                                     g_bytes_get_data (statement, NULL),
                                     g_bytes_get_size (statement)),
                   ==, 1);
  parsed = sim_json_parse_object (statement, &error);
  g_assert_no_error (error);
  return parsed;
}

/* POSTs each of @bodies to @path and asserts each is answered 400 bad-request. */
void
center_world_assert_bad_requests (SimHttpClient *client, const char *path, const char *const *bodies,
                                  gsize n_bodies)
{
  for (gsize i = 0; i < n_bodies; i++)
    {
      g_autoptr (GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr (GError) error = NULL;
      g_autoptr (SimHttpResponse) response = sim_http_client_request (client, "POST", path, body, &error);
      g_autoptr (JsonObject) answer = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (response->status, ==, 400);
      answer = sim_json_parse_object (response->body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (center_world_error_code (answer), ==, "bad-request");
    }
}

/* A fresh nonce from the center. */
char *
center_world_nonce (SimHttpClient *client)
{
  g_autoptr (JsonObject) empty = json_object_new ();
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_call (client, "POST", "/v1/nonce", empty, &status);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (answer, "nonce"));
}
