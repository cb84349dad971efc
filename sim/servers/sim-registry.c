/* sim-registry.c: residents, certificate types and issued documents in the municipal SQLite file. */
#include "sim/servers/sim-registry.h"

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-sqlite.h"

struct _SimRegistry {
  sqlite3 *db;
  SimMunicipality municipality;
};

/* The part of the schema the server owns (the seed owns the rest). */
static const char issued_schema[] =
  "CREATE TABLE IF NOT EXISTS issued ("
  "  request_id TEXT PRIMARY KEY,"
  "  issue_number INTEGER NOT NULL UNIQUE,"
  "  session_id TEXT NOT NULL, terminal_id TEXT NOT NULL,"
  "  card_serial TEXT NOT NULL, card_fingerprint TEXT NOT NULL,"
  "  type TEXT NOT NULL, copies INTEGER NOT NULL,"
  "  document BLOB NOT NULL, statement BLOB NOT NULL, signature BLOB NOT NULL);";

/* Runs the seed once, in one transaction, if the registry is empty. */
static gboolean
sim_registry_seed (sqlite3 *db, const char *seed_sql, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'municipality'", error);
  g_autofree char *script = NULL;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (stmt != NULL)
        sim_sqlite_set_error (db, error);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 0) > 0)
    return TRUE;
  script = g_strconcat ("BEGIN;", seed_sql, "; COMMIT;", NULL);
  if (!sim_sqlite_exec (db, script, error))
    {
      sim_sqlite_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

/* Loads the municipality row. */
static gboolean
sim_registry_load_municipality (SimRegistry *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db, "SELECT code, name, mayor_title, mayor_name FROM municipality LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "registry has no municipality");
      return FALSE;
    }
  self->municipality.code = sim_sqlite_column_text (stmt, 0);
  self->municipality.name = sim_sqlite_column_text (stmt, 1);
  self->municipality.mayor_title = sim_sqlite_column_text (stmt, 2);
  self->municipality.mayor_name = sim_sqlite_column_text (stmt, 3);
  return TRUE;
}

/* Opens and, the first time, seeds the registry. */
SimRegistry *
sim_registry_open (const char *path, const char *seed_sql, GError **error)
{
  g_autoptr (SimRegistry) self = g_new0 (SimRegistry, 1);

  self->db = sim_sqlite_open (path, NULL, error);
  if (self->db == NULL || !sim_registry_seed (self->db, seed_sql, error)
      || !sim_sqlite_exec (self->db, issued_schema, error)
      || !sim_registry_load_municipality (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Closes the database. */
void
sim_registry_free (SimRegistry *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->municipality.code);
  g_free (self->municipality.name);
  g_free (self->municipality.mayor_title);
  g_free (self->municipality.mayor_name);
  g_free (self);
}

/* The municipality. */
const SimMunicipality *
sim_registry_get_municipality (SimRegistry *self)
{
  return &self->municipality;
}

/* Reads a SimDay from three consecutive integer columns. */
static SimDay
sim_registry_column_day (sqlite3_stmt *stmt, int first)
{
  SimDay day = { sqlite3_column_int (stmt, first), sqlite3_column_int (stmt, first + 1),
                 sqlite3_column_int (stmt, first + 2) };
  return day;
}

/* Looks a resident up by card serial, with the household's address and head. */
SimResident *
sim_registry_find_resident (SimRegistry *self, const char *card_serial, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT r.family_name, r.given_name, r.family_kana, r.given_kana,"
    "       r.birth_year, r.birth_month, r.birth_day, r.sex, r.relationship,"
    "       r.moved_in_year, r.moved_in_month, r.moved_in_day, h.address,"
    "       head.family_name || ' ' || head.given_name, r.refusal"
    "  FROM resident r JOIN household h ON h.id = r.household_id"
    "  LEFT JOIN resident head ON head.id = h.head_resident_id"
    " WHERE r.card_serial = ?",
    error);
  SimResident *resident;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, card_serial, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, SIM_ERROR, SIM_ERROR_RESIDENT_UNKNOWN, "no resident for this card");
      else
        sim_sqlite_set_error (self->db, error);
      return NULL;
    }
  resident = g_new0 (SimResident, 1);
  resident->family_name = sim_sqlite_column_text (stmt, 0);
  resident->given_name = sim_sqlite_column_text (stmt, 1);
  resident->family_kana = sim_sqlite_column_text (stmt, 2);
  resident->given_kana = sim_sqlite_column_text (stmt, 3);
  resident->birth = sim_registry_column_day (stmt, 4);
  resident->sex = sim_sqlite_column_text (stmt, 7);
  resident->relationship = sim_sqlite_column_text (stmt, 8);
  resident->moved_in = sim_registry_column_day (stmt, 9);
  resident->address = sim_sqlite_column_text (stmt, 12);
  resident->head_name = sim_sqlite_column_text (stmt, 13);
  resident->refusal = sim_sqlite_column_text (stmt, 14);
  return resident;
}

/* Frees a resident. */
void
sim_resident_free (SimResident *resident)
{
  if (resident == NULL)
    return;
  g_free (resident->family_name);
  g_free (resident->given_name);
  g_free (resident->family_kana);
  g_free (resident->given_kana);
  g_free (resident->sex);
  g_free (resident->relationship);
  g_free (resident->address);
  g_free (resident->head_name);
  g_free (resident->refusal);
  g_free (resident);
}

/* The name of a certificate type the municipality offers. */
char *
sim_registry_find_type (SimRegistry *self, const char *type, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "SELECT name FROM certificate_type WHERE type = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_TYPE_UNKNOWN, "certificate type not offered");
      return NULL;
    }
  return sim_sqlite_column_text (stmt, 0);
}

/* Builds the catalogue element for the card's resident. */
JsonNode *
sim_registry_catalogue (SimRegistry *self, const char *card_serial, GError **error)
{
  g_autoptr (SimResident) resident = sim_registry_find_resident (self, card_serial, error);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  if (resident == NULL)
    return NULL;
  stmt = sim_sqlite_prepare (self->db, "SELECT type, name, fee FROM certificate_type ORDER BY type",
                             error);
  if (stmt == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, self->municipality.code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->municipality.name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "residence");
  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "fee");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Looks up an issued document by request id. */
SimIssued *
sim_registry_find_issued (SimRegistry *self, const char *request_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT session_id, terminal_id, card_serial, card_fingerprint, type, copies,"
    "       document, statement, signature FROM issued WHERE request_id = ?",
    error);
  SimIssued *issued;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        sim_sqlite_set_error (self->db, error);
      return NULL;
    }
  issued = g_new0 (SimIssued, 1);
  issued->request_id = g_strdup (request_id);
  issued->session_id = sim_sqlite_column_text (stmt, 0);
  issued->terminal_id = sim_sqlite_column_text (stmt, 1);
  issued->card_serial = sim_sqlite_column_text (stmt, 2);
  issued->card_fingerprint = sim_sqlite_column_text (stmt, 3);
  issued->type = sim_sqlite_column_text (stmt, 4);
  issued->copies = sqlite3_column_int64 (stmt, 5);
  issued->document = sim_sqlite_column_bytes (stmt, 6);
  issued->statement = sim_sqlite_column_bytes (stmt, 7);
  issued->signature = sim_sqlite_column_bytes (stmt, 8);
  return issued;
}

/* One more than the highest issue number so far. */
gint64
sim_registry_next_issue_number (SimRegistry *self, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "SELECT COALESCE(MAX(issue_number), 0) + 1 FROM issued", error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sim_sqlite_set_error (self->db, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Binds a GBytes as a blob. */
static void
sim_registry_bind_bytes (sqlite3_stmt *stmt, int index, GBytes *bytes)
{
  gsize len = 0;
  const void *data = g_bytes_get_data (bytes, &len);

  sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", len, SQLITE_TRANSIENT);
}

/* Inserts an issued record. */
gboolean
sim_registry_store_issued (SimRegistry *self, const SimIssued *issued, gint64 issue_number,
                           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "INSERT INTO issued (request_id, issue_number, session_id, terminal_id, card_serial,"
    " card_fingerprint, type, copies, document, statement, signature)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, issued->request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, issue_number);
  sqlite3_bind_text (stmt, 3, issued->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, issued->terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, issued->card_serial, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, issued->card_fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, issued->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, issued->copies);
  sim_registry_bind_bytes (stmt, 9, issued->document);
  sim_registry_bind_bytes (stmt, 10, issued->statement);
  sim_registry_bind_bytes (stmt, 11, issued->signature);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sim_sqlite_set_error (self->db, error);
      return FALSE;
    }
  return TRUE;
}

/* Frees an issued record. */
void
sim_issued_free (SimIssued *issued)
{
  if (issued == NULL)
    return;
  g_free (issued->request_id);
  g_free (issued->session_id);
  g_free (issued->terminal_id);
  g_free (issued->card_serial);
  g_free (issued->card_fingerprint);
  g_free (issued->type);
  g_clear_pointer (&issued->document, g_bytes_unref);
  g_clear_pointer (&issued->statement, g_bytes_unref);
  g_clear_pointer (&issued->signature, g_bytes_unref);
  g_free (issued);
}
