/* sim-municipal.c: kiosk-sim-municipal, the municipal certificate server of the reference world. */
#include <gio/gio.h>
#include <locale.h>
#include <string.h>

#include "sim/servers/sim-binding.h"
#include "sim/servers/sim-config.h"
#include "sim/servers/sim-certify.h"
#include "sim/servers/sim-registry.h"
#include "sim/servers/sim-server.h"

/* Where the registry's schema and the reference world's seed are compiled in
 * (sim-municipal.gresource.xml). */
#define SCHEMA_RESOURCE "/org/kiosk/sim/municipal/registry-schema.sql"
#define SEED_RESOURCE "/org/kiosk/sim/municipal/registry-seed.sql"

typedef struct {
  SimRegistry *registry;  /* used on the main thread only */
  SimBindingSigner *signer;
  gint64 next_number;     /* the next issue number (a failed issue leaves its number unused) */
  GHashTable *in_flight;  /* request id → GPtrArray of messages waiting for that issue */
  GDateTime *fixed_time;  /* --time: the instant the rules judge; NULL: the clock */
} SimMunicipal;

/* One document being rendered and signed in a worker thread. */
typedef struct {
  SimMunicipal *municipal;
  SoupServerMessage *msg;
  SimIssued *issued;      /* the request's fields; the worker adds document and binding */
  SimCertified *certified;
  SimCertifyOptions options; /* the request's, to build the document again before it leaves */
  GDateTime *now;            /* the instant the rules judged */
  gint64 number;
  char *issued_at;
} SimIssueJob;

/* The fields of POST /v1/certificates; strings borrowed from the parsed body. */
typedef struct {
  const char *request_id;
  const char *session_id;
  const char *terminal_id;
  const char *card_serial;
  const char *card_fingerprint;
  const char *type;
  const char *municipality; /* optional */
  gint64 copies;
  SimCertifyOptions options;
  char *options_json;       /* canonical, as stored with the issue */
} SimCertificateRequest;

/* Frees what parsing a request allocated. */
static void
sim_certificate_request_clear (SimCertificateRequest *request)
{
  sim_certify_options_clear (&request->options);
  g_clear_pointer (&request->options_json, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimCertificateRequest, sim_certificate_request_clear)

/* The instant the rules judge. */
static GDateTime *
sim_municipal_now (SimMunicipal *self)
{
  return self->fixed_time != NULL ? g_date_time_ref (self->fixed_time) : g_date_time_new_now_utc ();
}

/* GET /v1/catalogue?card_serial=HEX. */
static void
sim_municipal_catalogue (SimServer *server, SoupServerMessage *msg, const char *const *params,
                         gpointer user_data)
{
  SimMunicipal *self = user_data;
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr (GHashTable) fields = NULL;
  g_autoptr (GError) error = NULL;
  const char *serial = NULL;
  JsonNode *element;

  if (query != NULL)
    fields = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (fields != NULL)
    serial = g_hash_table_lookup (fields, "card_serial");
  if (serial == NULL || *serial == '\0' || strlen (serial) > 64)
    {
      g_set_error (&error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "card_serial is required");
      sim_server_reply_error (msg, error);
      return;
    }
  {
    g_autoptr (GDateTime) now = sim_municipal_now (self);

    element = sim_certify_catalogue (self->registry, serial, now, &error);
  }
  if (element == NULL)
    sim_server_reply_error (msg, error);
  else
    sim_server_reply_json (msg, SOUP_STATUS_OK, element);
}

/* TRUE if @text is @len lower-case hex digits. */
static gboolean
sim_municipal_is_hex (const char *text, gsize len)
{
  if (strlen (text) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* Reads and checks the request body's fields; a member the protocol does not define is refused. */
static gboolean
sim_municipal_parse_request (JsonObject *body, SimCertificateRequest *request, GError **error)
{
  static const char *const known[] = { "request_id",  "session_id",       "terminal_id",
                                       "card_serial", "card_fingerprint", "municipality",
                                       "type",        "copies",           "options",
                                       NULL };
  JsonNode *options = json_object_get_member (body, "options");

  if (!sim_json_check_members (body, known, error)
      || (request->request_id = sim_json_get_string (body, "request_id", error)) == NULL
      || (request->session_id = sim_json_get_string (body, "session_id", error)) == NULL
      || (request->terminal_id = sim_json_get_string (body, "terminal_id", error)) == NULL
      || (request->card_serial = sim_json_get_string (body, "card_serial", error)) == NULL
      || (request->card_fingerprint = sim_json_get_string (body, "card_fingerprint", error)) == NULL
      || (request->type = sim_json_get_string (body, "type", error)) == NULL
      || !sim_json_get_int (body, "copies", 1, 10, &request->copies, error))
    return FALSE;
  if (json_object_has_member (body, "municipality")
      && (request->municipality = sim_json_get_string (body, "municipality", error)) == NULL)
    return FALSE;
  if (options != NULL && !JSON_NODE_HOLDS_OBJECT (options))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "options must be an object");
      return FALSE;
    }
  if (!sim_certify_options_parse (options != NULL ? json_node_get_object (options) : NULL,
                                  request->type, &request->options, error))
    return FALSE;
  request->options_json = sim_certify_options_json (&request->options);
  if (!g_uuid_string_is_valid (request->request_id)
      || !sim_municipal_is_hex (request->card_fingerprint, 64) || strlen (request->card_serial) > 64
      || strlen (request->session_id) > 64 || strlen (request->terminal_id) > 64)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "malformed request field");
      return FALSE;
    }
  return TRUE;
}

/* TRUE if a stored issue was made for exactly this request (a replay, not a collision). */
static gboolean
sim_municipal_same_request (const SimIssued *issued, const SimCertificateRequest *request)
{
  return g_str_equal (issued->session_id, request->session_id)
         && g_str_equal (issued->terminal_id, request->terminal_id)
         && g_str_equal (issued->card_serial, request->card_serial)
         && g_str_equal (issued->card_fingerprint, request->card_fingerprint)
         && g_str_equal (issued->type, request->type) && issued->copies == request->copies
         && g_str_equal (issued->options, request->options_json)
         && (request->municipality == NULL
             || g_str_equal (issued->municipality, request->municipality));
}

/* Replies the document and its binding. */
static void
sim_municipal_reply_issued (SimMunicipal *self, SoupServerMessage *msg, guint status,
                            const SimIssued *issued)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  sim_json_add_base64 (builder, "document", issued->document);
  json_builder_set_member_name (builder, "binding");
  json_builder_add_value (builder,
                          sim_binding_to_json (self->signer, issued->statement, issued->signature));
  json_builder_end_object (builder);
  sim_server_reply_json (msg, status, json_builder_get_root (builder));
}

/* Frees a job and lets its message go. */
static void
sim_issue_job_free (SimIssueJob *job)
{
  soup_server_message_unpause (job->msg);
  g_clear_object (&job->msg);
  g_clear_pointer (&job->issued, sim_issued_free);
  g_clear_pointer (&job->certified, sim_certified_free);
  sim_certify_options_clear (&job->options);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_free (job->issued_at);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimIssueJob, sim_issue_job_free)

/* Applies the rules on the main thread (registry reads) and prepares the job of a new document,
 * with its issue number; pauses @msg until the job is done. */
static SimIssueJob *
sim_municipal_prepare (SimMunicipal *self, SoupServerMessage *msg,
                       const SimCertificateRequest *request, GError **error)
{
  g_autoptr (GDateTime) now = sim_municipal_now (self);
  g_autoptr (SimCertified) certified =
    sim_certify (self->registry, request->card_serial, request->municipality, request->type,
                 request->copies, &request->options, now, error);
  SimIssueJob *job;
  SimIssued *issued;

  if (certified == NULL)
    return NULL;
  issued = g_new0 (SimIssued, 1);
  issued->request_id = g_strdup (request->request_id);
  issued->session_id = g_strdup (request->session_id);
  issued->terminal_id = g_strdup (request->terminal_id);
  issued->card_serial = g_strdup (request->card_serial);
  issued->card_fingerprint = g_strdup (request->card_fingerprint);
  issued->municipality = g_strdup (certified->municipality);
  issued->type = g_strdup (request->type);
  issued->options = g_strdup (request->options_json);
  issued->copies = request->copies;
  job = g_new0 (SimIssueJob, 1);
  job->municipal = self;
  job->msg = g_object_ref (msg);
  job->issued = issued;
  job->number = self->next_number++;
  job->issued_at = sim_time_format (now);
  job->certified = g_steal_pointer (&certified);
  job->now = g_date_time_ref (now);
  sim_certify_options_copy (&request->options, &job->options);
  job->certified->document->issue_number = job->number;
  job->certified->document->issued_at = g_strdup (job->issued_at);
  soup_server_message_pause (msg);
  return job;
}

/* Renders the page and signs its binding, in a worker thread: the slow part of an issue, so
 * several documents are made at once while the main thread keeps serving. */
static void
sim_municipal_render_thread (GTask *task, gpointer source, gpointer task_data,
                             GCancellable *cancellable)
{
  SimIssueJob *job = task_data;
  SimIssued *issued = job->issued;
  g_autofree char *document_sha256 = NULL;
  GError *error = NULL;
  SimStatement statement;

  issued->document = sim_document_render (job->certified->document, &error);
  if (issued->document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  document_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, issued->document);
  statement = (SimStatement){
    .request_id = issued->request_id,
    .session_id = issued->session_id,
    .terminal_id = issued->terminal_id,
    .card_fingerprint = issued->card_fingerprint,
    .document_sha256 = document_sha256,
    .municipality = issued->municipality,
    .type = issued->type,
    .copies = issued->copies,
    .issued_at = job->issued_at,
  };
  issued->statement = sim_binding_statement_bytes (&statement);
  issued->signature = sim_binding_sign (job->municipal->signer, issued->statement, &error);
  if (issued->signature == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean sim_municipal_handle (SimMunicipal *self, SoupServerMessage *msg);

/* Answers the messages that waited for request @request_id's issue, now that it ended. */
static void
sim_municipal_release_waiters (SimMunicipal *self, const char *request_id)
{
  g_autoptr (GPtrArray) waiting = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->in_flight, request_id, (gpointer *) &key,
                                    (gpointer *) &waiting))
    return;
  for (guint i = 0; i < waiting->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (waiting, i);

      /* the same request again: now the stored document (or, if that issue failed, a new try) */
      if (sim_municipal_handle (self, msg))
        soup_server_message_unpause (msg);
    }
}

/* Records the rendered document (main thread), replies, then answers those who waited. */
static void
sim_municipal_issue_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (SimIssueJob) job = user_data;
  SimMunicipal *self = job->municipal;
  g_autoptr (GError) error = NULL;
  g_autofree char *request_id = g_strdup (job->issued->request_id);

  /* the build is checked against the registry before it leaves: made again from the rows now,
   * it must print the same */
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !sim_certify_recheck (self->registry, job->certified, job->issued->card_serial,
                               job->issued->type, job->issued->copies, &job->options, job->now,
                               &error)
      || !sim_registry_store_issued (self->registry, job->issued, job->number, &error))
    sim_server_reply_error (job->msg, error);
  else
    {
      g_message ("event=issued type=%s issue_number=%" G_GINT64_FORMAT, job->issued->type,
                 job->number);
      sim_municipal_reply_issued (self, job->msg, SOUP_STATUS_CREATED, job->issued);
    }
  g_clear_pointer (&job, sim_issue_job_free);
  sim_municipal_release_waiters (self, request_id);
}

/* Answers POST /v1/certificates for @msg: at once (TRUE), or later after pausing it (FALSE) while
 * its document is made or while another message's issue of the same request id ends. The same
 * request id always answers the same document; the registry is touched on this thread only. */
static gboolean
sim_municipal_handle (SimMunicipal *self, SoupServerMessage *msg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = sim_server_read_object (msg, &error);
  g_autoptr (SimIssued) issued = NULL;
  g_autoptr (GTask) task = NULL;
  g_auto (SimCertificateRequest) request = { 0 };
  GPtrArray *waiting;
  SimIssueJob *job;

  if (body == NULL || !sim_municipal_parse_request (body, &request, &error))
    {
      sim_server_reply_error (msg, error);
      return TRUE;
    }
  issued = sim_registry_find_issued (self->registry, request.request_id, &error);
  if (issued != NULL)
    {
      if (sim_municipal_same_request (issued, &request))
        sim_municipal_reply_issued (self, msg, SOUP_STATUS_OK, issued);
      else
        {
          g_set_error_literal (&error, SIM_ERROR, SIM_ERROR_REFUSED, "request-id-conflict");
          sim_server_reply_error (msg, error);
        }
      return TRUE;
    }
  if (error != NULL)
    {
      sim_server_reply_error (msg, error);
      return TRUE;
    }
  waiting = g_hash_table_lookup (self->in_flight, request.request_id);
  if (waiting != NULL) /* being made for an earlier message: answer this one when it is done */
    {
      g_message ("event=joined-issue-in-progress");
      soup_server_message_pause (msg);
      g_ptr_array_add (waiting, g_object_ref (msg));
      return FALSE;
    }
  job = sim_municipal_prepare (self, msg, &request, &error);
  if (job == NULL)
    {
      sim_server_reply_error (msg, error);
      return TRUE;
    }
  g_hash_table_insert (self->in_flight, g_strdup (request.request_id),
                       g_ptr_array_new_with_free_func (g_object_unref));
  task = g_task_new (NULL, NULL, sim_municipal_issue_done, job);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, sim_municipal_render_thread);
  return FALSE;
}

/* POST /v1/certificates. */
static void
sim_municipal_certificates (SimServer *server, SoupServerMessage *msg, const char *const *params,
                            gpointer user_data)
{
  sim_municipal_handle (user_data, msg);
}

/* The groups and keys a municipal configuration file may hold (docs/protocol.md, "Running the
 * servers"). */
static const SimConfigGroup sim_municipal_config_groups[] = {
  { "server", sim_config_server_keys },
  { "municipal", (const char *const[]){ "registry", "seed", "signer-cert", "signer-key", NULL } },
  { NULL, NULL },
};

/* Loads the --config file at @path into every setting the command line left unset. */
static gboolean
sim_municipal_read_config (const char *path, SimServerOptions *options, char **registry_path,
                           char **seed_path, char **signer_cert, char **signer_key, GError **error)
{
  g_autoptr (SimConfig) config = sim_config_load (path, sim_municipal_config_groups, error);

  return config != NULL && sim_config_get_server_options (config, options, error)
         && sim_config_get_path (config, "municipal", "registry", TRUE, registry_path, error)
         && sim_config_get_file (config, "municipal", "seed", FALSE, seed_path, error)
         && sim_config_get_file (config, "municipal", "signer-cert", TRUE, signer_cert, error)
         && sim_config_get_file (config, "municipal", "signer-key", TRUE, signer_key, error);
}

/* Parses the command line (and the --config file under it), opens the registry and serves until
 * SIGTERM. */
int
main (int argc, char **argv)
{
  SimServerOptions options = { 0 };
  g_autofree char *signer_cert = NULL;
  g_autofree char *signer_key = NULL;
  g_autofree char *registry_path = NULL;
  g_autofree char *seed_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *fixed_time = NULL;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "Configuration key file (docs/protocol.md, \"Running the servers\"); the options below"
      " override its settings", "FILE" },
    { "signer-cert", 0, 0, G_OPTION_ARG_FILENAME, &signer_cert,
      "Document-signing certificate (PEM)", "FILE" },
    { "signer-key", 0, 0, G_OPTION_ARG_FILENAME, &signer_key, "Document-signing key (PEM)",
      "FILE" },
    { "registry", 0, 0, G_OPTION_ARG_FILENAME, &registry_path,
      "Registry SQLite file (created from the seed)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed_path,
      "SQL that fills a new registry (default: the reference world's, built in); a registry file"
      " that already holds one (kiosk-sim-registry makes them) is used as it is", "FILE" },
    { "time", 0, 0, G_OPTION_ARG_STRING, &fixed_time,
      "Judge hours, closed days, ages and tax years at this ISO 8601 instant instead of the"
      " clock (tests)", "TIME" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- municipal certificate server");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) seed = NULL;
  g_autoptr (GBytes) schema = NULL;
  g_autoptr (SimServer) server = NULL;
  g_autofree char *seed_sql = NULL;
  SimMunicipal self = { 0 };
  int status = 1;

  setlocale (LC_ALL, "");
  sim_server_options_add (&options, context);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
                                    "Settings come from the --config file, if any; an option given"
                                    " on the command line overrides the file's setting. Relative"
                                    " paths in the file are taken from the file's directory.\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto out;
  if (config_path != NULL
      && !sim_municipal_read_config (config_path, &options, &registry_path, &seed_path,
                                     &signer_cert, &signer_key, &error))
    goto out;
  if (signer_cert == NULL || signer_key == NULL || registry_path == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "--signer-cert, --signer-key and --registry are required");
      goto out;
    }
  if (seed_path != NULL)
    {
      if (!g_file_get_contents (seed_path, &seed_sql, NULL, &error))
        goto out;
    }
  else
    {
      seed = g_resources_lookup_data (SEED_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (seed == NULL)
        goto out;
      seed_sql = g_strndup (g_bytes_get_data (seed, NULL), g_bytes_get_size (seed));
    }
  schema = g_resources_lookup_data (SCHEMA_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (schema == NULL)
    goto out;
  if (fixed_time != NULL && (self.fixed_time = g_date_time_new_from_iso8601 (fixed_time, NULL)) == NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--time: \"%s\" is not an ISO 8601 time with a zone", fixed_time);
      goto out;
    }
  self.in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  {
    g_autofree char *schema_sql = g_strndup (g_bytes_get_data (schema, NULL), g_bytes_get_size (schema));

    self.registry = sim_registry_open (registry_path, schema_sql, seed_sql, &error);
  }
  if (self.registry == NULL
      || (self.next_number = sim_registry_next_issue_number (self.registry, &error)) < 0
      || (self.signer = sim_binding_signer_new (signer_cert, signer_key, &error)) == NULL
      || (server = sim_server_new ("municipal", &options, &error)) == NULL)
    goto out;
  sim_server_add_route (server, "GET", "/v1/catalogue", sim_municipal_catalogue, &self);
  sim_server_add_route (server, "POST", "/v1/certificates", sim_municipal_certificates, &self);
  if (sim_server_run (server, &error))
    status = 0;

out:
  if (error != NULL)
    g_printerr ("kiosk-sim-municipal: %s\n", error->message);
  if (g_error_matches (error, SIM_CONFIG_ERROR, SIM_CONFIG_ERROR_INVALID))
    status = 2;
  g_clear_pointer (&server, sim_server_free);
  g_clear_pointer (&self.signer, sim_binding_signer_free);
  g_clear_pointer (&self.registry, sim_registry_free);
  g_clear_pointer (&self.in_flight, g_hash_table_unref);
  g_clear_pointer (&self.fixed_time, g_date_time_unref);
  sim_server_options_clear (&options);
  return status;
}
