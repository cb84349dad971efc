/* sim-registry.c: the registry's rows (registry-schema.sql) and the issued documents, in the
 * municipal server's SQLite file. Used on the server's main thread only. */
#include "sim/servers/sim-registry.h"

#include <stdio.h>

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-sqlite.h"

struct _SimRegistry {
  sqlite3 *db;
};

/* The part of the schema the server owns: what it issued, so the same request id gets the same
 * document back. */
static const char issued_schema[] =
  "CREATE TABLE IF NOT EXISTS issued ("
  "  request_id TEXT PRIMARY KEY,"
  "  issue_number INTEGER NOT NULL UNIQUE,"
  "  session_id TEXT NOT NULL, terminal_id TEXT NOT NULL,"
  "  card_serial TEXT NOT NULL, card_fingerprint TEXT NOT NULL,"
  "  municipality TEXT NOT NULL, type TEXT NOT NULL, options TEXT NOT NULL,"
  "  copies INTEGER NOT NULL,"
  "  document BLOB NOT NULL, statement BLOB NOT NULL, signature BLOB NOT NULL);";

/* Parses an ISO date. */
SimDay
sim_day_parse (const char *text)
{
  SimDay day = { 0, 0, 0 };

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &day.year, &day.month, &day.day) != 3)
    return (SimDay){ 0, 0, 0 };
  return day;
}

/* TRUE if the file already holds the registry's tables. */
static gboolean
sim_registry_has_schema (sqlite3 *db, gboolean *present, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'municipality'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sim_sqlite_set_error (db, error);
      return FALSE;
    }
  *present = sqlite3_column_int (stmt, 0) > 0;
  return TRUE;
}

/* Refuses a registry of another schema version, with what to do about it. */
static gboolean
sim_registry_check_version (sqlite3 *db, const char *path, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (db, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sim_sqlite_set_error (db, error);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  if (version != SIM_REGISTRY_SCHEMA_VERSION)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                   "%s holds a registry of schema version %d; this server reads version %d: make"
                   " a new one (remove the file to have the seed make it, or run kiosk-sim-registry)",
                   path, version, SIM_REGISTRY_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Opens the file; seeds an empty one when a seed is given. */
SimRegistry *
sim_registry_open (const char *path, const char *schema_sql, const char *seed_sql, GError **error)
{
  g_autoptr (SimRegistry) self = g_new0 (SimRegistry, 1);
  gboolean present = FALSE;

  self->db = sim_sqlite_open (path, NULL, error);
  if (self->db == NULL || !sim_registry_has_schema (self->db, &present, error))
    return NULL;
  if (!present && seed_sql == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                   "%s holds no registry (make one with kiosk-sim-registry, or give a seed)", path);
      return NULL;
    }
  if (!present)
    {
      g_autofree char *script = g_strconcat ("BEGIN;", schema_sql, ";", seed_sql, "; COMMIT;", NULL);

      if (!sim_sqlite_exec (self->db, script, error))
        {
          sim_sqlite_exec (self->db, "ROLLBACK", NULL);
          return NULL;
        }
    }
  if (!sim_registry_check_version (self->db, path, error)
      || !sim_sqlite_exec (self->db, issued_schema, error))
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
  g_free (self);
}

/* Steps @stmt for one row: TRUE with a row, FALSE at the end (no error) or on an error. */
static gboolean
sim_registry_step (SimRegistry *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    sim_sqlite_set_error (self->db, error);
  return FALSE;
}

/* Reads a SimDay from a text column. */
static SimDay
sim_registry_column_day (sqlite3_stmt *stmt, int column)
{
  return sim_day_parse ((const char *) sqlite3_column_text (stmt, column));
}

SimMunicipality *
sim_registry_find_municipality (SimRegistry *self, const char *code, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT code, name, prefecture, mayor_title, mayor_name, seal_text, prints_my_number,"
    "       refuses_protected_household, max_copies, opens, closes, closed_new_year"
    "  FROM municipality WHERE code = ?",
    error);
  SimMunicipality *municipality;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_TYPE_UNKNOWN,
                     "no municipality of this server has that code");
      return NULL;
    }
  municipality = g_new0 (SimMunicipality, 1);
  municipality->code = sim_sqlite_column_text (stmt, 0);
  municipality->name = sim_sqlite_column_text (stmt, 1);
  municipality->prefecture = sim_sqlite_column_text (stmt, 2);
  municipality->mayor_title = sim_sqlite_column_text (stmt, 3);
  municipality->mayor_name = sim_sqlite_column_text (stmt, 4);
  municipality->seal_text = sim_sqlite_column_text (stmt, 5);
  municipality->prints_my_number = sqlite3_column_int (stmt, 6) != 0;
  municipality->refuses_protected_household = sqlite3_column_int (stmt, 7) != 0;
  municipality->max_copies = sqlite3_column_int (stmt, 8);
  municipality->opens = sim_sqlite_column_text (stmt, 9);
  municipality->closes = sim_sqlite_column_text (stmt, 10);
  municipality->closed_new_year = sqlite3_column_int (stmt, 11) != 0;
  return municipality;
}

gboolean
sim_registry_has_municipality (SimRegistry *self, const char *code)
{
  g_autoptr (SimMunicipality) municipality = sim_registry_find_municipality (self, code, NULL);

  return municipality != NULL;
}

/* The columns of a resident row, in the order sim_registry_resident_from_row() reads them. */
#define RESIDENT_COLUMNS                                                                          \
  "id, municipality, household_id, COALESCE(family_register_id, 0), family_name, given_name,"     \
  " family_kana, given_kana, birth_date, sex, relationship, resident_since, previous_address,"    \
  " my_number, status, protected"

static SimResident *
sim_registry_resident_from_row (sqlite3_stmt *stmt)
{
  SimResident *resident = g_new0 (SimResident, 1);

  resident->id = sqlite3_column_int64 (stmt, 0);
  resident->municipality = sim_sqlite_column_text (stmt, 1);
  resident->household_id = sqlite3_column_int64 (stmt, 2);
  resident->family_register_id = sqlite3_column_int64 (stmt, 3);
  resident->family_name = sim_sqlite_column_text (stmt, 4);
  resident->given_name = sim_sqlite_column_text (stmt, 5);
  resident->family_kana = sim_sqlite_column_text (stmt, 6);
  resident->given_kana = sim_sqlite_column_text (stmt, 7);
  resident->birth = sim_registry_column_day (stmt, 8);
  resident->sex = sim_sqlite_column_text (stmt, 9);
  resident->relationship = sim_sqlite_column_text (stmt, 10);
  resident->resident_since = sim_registry_column_day (stmt, 11);
  resident->previous_address = sim_sqlite_column_text (stmt, 12);
  resident->my_number = sim_sqlite_column_text (stmt, 13);
  resident->status = sim_sqlite_column_text (stmt, 14);
  resident->protected = sqlite3_column_int (stmt, 15) != 0;
  return resident;
}

SimResident *
sim_registry_find_resident (SimRegistry *self, const char *card_serial, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db, "SELECT " RESIDENT_COLUMNS " FROM resident WHERE card_serial = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, card_serial, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_RESIDENT_UNKNOWN, "no resident for this card");
      return NULL;
    }
  return sim_registry_resident_from_row (stmt);
}

char *
sim_resident_full_name (const SimResident *resident)
{
  return g_strdup_printf ("%s %s", resident->family_name, resident->given_name);
}

SimHousehold *
sim_registry_find_household (SimRegistry *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) household_stmt = sim_sqlite_prepare (
    self->db, "SELECT address, COALESCE(head_resident_id, 0) FROM household WHERE id = ?", error);
  g_autoptr (sqlite3_stmt) members_stmt = NULL;
  g_autoptr (SimHousehold) household = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 head_id;

  if (household_stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (household_stmt, 1, id);
  if (!sim_registry_step (self, household_stmt, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, SIM_ERROR, SIM_ERROR_INTERNAL, "household %" G_GINT64_FORMAT
                     " is missing", id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  household = g_new0 (SimHousehold, 1);
  household->id = id;
  household->address = sim_sqlite_column_text (household_stmt, 0);
  head_id = sqlite3_column_int64 (household_stmt, 1);
  household->members = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_resident_free);
  members_stmt = sim_sqlite_prepare (
    self->db,
    "SELECT " RESIDENT_COLUMNS " FROM resident WHERE household_id = ?"
    " ORDER BY id = ? DESC, resident_since, id",
    error);
  if (members_stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (members_stmt, 1, id);
  sqlite3_bind_int64 (members_stmt, 2, head_id);
  while (sim_registry_step (self, members_stmt, &local_error))
    {
      SimResident *member = sim_registry_resident_from_row (members_stmt);

      if (member->id == head_id)
        household->head_name = sim_resident_full_name (member);
      g_ptr_array_add (household->members, member);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&household);
}

/* Loads the register's members and their 附票 addresses. */
static gboolean
sim_registry_load_register_members (SimRegistry *self, SimFamilyRegister *family_register,
                                    GError **error)
{
  g_autoptr (sqlite3_stmt) members = sim_sqlite_prepare (
    self->db,
    "SELECT seq, COALESCE(resident_id, 0), family_name, given_name, birth_date, sex, father,"
    "       mother, relationship, events, removed"
    "  FROM register_member WHERE family_register_id = ? ORDER BY seq",
    error);
  g_autoptr (sqlite3_stmt) addresses = sim_sqlite_prepare (
    self->db,
    "SELECT address, since FROM register_address"
    " WHERE family_register_id = ? AND seq = ? ORDER BY line",
    error);
  g_autoptr (GError) local_error = NULL;

  if (members == NULL || addresses == NULL)
    return FALSE;
  sqlite3_bind_int64 (members, 1, family_register->id);
  while (sim_registry_step (self, members, &local_error))
    {
      SimDocumentMember *member = g_new0 (SimDocumentMember, 1);
      gint64 resident_id = sqlite3_column_int64 (members, 1);

      member->family_name = sim_sqlite_column_text (members, 2);
      member->given_name = sim_sqlite_column_text (members, 3);
      member->birth = sim_registry_column_day (members, 4);
      member->sex = sim_sqlite_column_text (members, 5);
      member->father = sim_sqlite_column_text (members, 6);
      member->mother = sim_sqlite_column_text (members, 7);
      member->relationship = sim_sqlite_column_text (members, 8);
      member->events = sim_sqlite_column_text (members, 9);
      member->removed = sqlite3_column_int (members, 10) != 0;
      member->addresses =
        g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_address_free);
      g_ptr_array_add (family_register->members, member);
      g_array_append_val (family_register->resident_ids, resident_id);

      sqlite3_reset (addresses);
      sqlite3_bind_int64 (addresses, 1, family_register->id);
      sqlite3_bind_int64 (addresses, 2, sqlite3_column_int64 (members, 0));
      while (sim_registry_step (self, addresses, &local_error))
        {
          SimDocumentAddress *address = g_new0 (SimDocumentAddress, 1);

          address->address = sim_sqlite_column_text (addresses, 0);
          address->since = sim_registry_column_day (addresses, 1);
          g_ptr_array_add (member->addresses, address);
        }
      if (local_error != NULL)
        break;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

SimFamilyRegister *
sim_registry_find_register (SimRegistry *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT municipality, domicile, head_family_name || ' ' || head_given_name, made_on,"
    "       pending_filing FROM family_register WHERE id = ?",
    error);
  g_autoptr (SimFamilyRegister) family_register = NULL;
  g_autoptr (GError) local_error = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sim_registry_step (self, stmt, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, SIM_ERROR, SIM_ERROR_INTERNAL,
                     "family register %" G_GINT64_FORMAT " is missing", id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  family_register = g_new0 (SimFamilyRegister, 1);
  family_register->id = id;
  family_register->municipality = sim_sqlite_column_text (stmt, 0);
  family_register->domicile = sim_sqlite_column_text (stmt, 1);
  family_register->head_name = sim_sqlite_column_text (stmt, 2);
  family_register->made_on = sim_registry_column_day (stmt, 3);
  family_register->pending_filing = sqlite3_column_int (stmt, 4) != 0;
  family_register->members = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_member_free);
  family_register->resident_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!sim_registry_load_register_members (self, family_register, error))
    return NULL;
  return g_steal_pointer (&family_register);
}

char *
sim_registry_register_municipality (SimRegistry *self, gint64 id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "SELECT municipality FROM family_register WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!sim_registry_step (self, stmt, error))
    return NULL;
  return sim_sqlite_column_text (stmt, 0);
}

SimSeal *
sim_registry_find_seal (SimRegistry *self, gint64 resident_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db, "SELECT number, impression FROM seal_registration WHERE resident_id = ?", error);
  SimSeal *seal;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, resident_id);
  if (!sim_registry_step (self, stmt, error))
    return NULL;
  seal = g_new0 (SimSeal, 1);
  seal->number = sim_sqlite_column_text (stmt, 0);
  seal->impression = sim_sqlite_column_text (stmt, 1);
  return seal;
}

gboolean
sim_registry_find_tax (SimRegistry *self, gint64 resident_id, int fiscal_year,
                       SimDocumentTax *tax, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT salary_income, total_income, deductions, taxable_income, municipal_tax,"
    "       prefectural_tax FROM tax_record WHERE resident_id = ? AND fiscal_year = ?",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, resident_id);
  sqlite3_bind_int (stmt, 2, fiscal_year);
  if (!sim_registry_step (self, stmt, error))
    return FALSE;
  tax->fiscal_year = fiscal_year;
  tax->salary_income = sqlite3_column_int64 (stmt, 0);
  tax->total_income = sqlite3_column_int64 (stmt, 1);
  tax->deductions = sqlite3_column_int64 (stmt, 2);
  tax->taxable_income = sqlite3_column_int64 (stmt, 3);
  tax->municipal_tax = sqlite3_column_int64 (stmt, 4);
  tax->prefectural_tax = sqlite3_column_int64 (stmt, 5);
  return TRUE;
}

GArray *
sim_registry_tax_years (SimRegistry *self, gint64 resident_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT fiscal_year FROM tax_record WHERE resident_id = ? ORDER BY fiscal_year DESC", error);
  g_autoptr (GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GError) local_error = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, resident_id);
  while (sim_registry_step (self, stmt, &local_error))
    {
      int year = sqlite3_column_int (stmt, 0);

      g_array_append_val (years, year);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&years);
}

gboolean
sim_registry_find_use_registration (SimRegistry *self, gint64 resident_id,
                                    const char *municipality, SimUseRegistration *registration,
                                    GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT effective_on FROM use_registration WHERE resident_id = ? AND municipality = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, resident_id);
  sqlite3_bind_text (stmt, 2, municipality, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    return FALSE;
  registration->effective_on = sim_registry_column_day (stmt, 0);
  return TRUE;
}

gboolean
sim_registry_offers (SimRegistry *self, const char *municipality, const char *type,
                     GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db, "SELECT 1 FROM offer WHERE municipality = ? AND type = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  return sim_registry_step (self, stmt, error);
}

GPtrArray *
sim_registry_offered_types (SimRegistry *self, const char *municipality, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT o.type FROM offer o JOIN certificate_type t ON t.type = o.type"
    " WHERE o.municipality = ? ORDER BY t.rowid",
    error);
  g_autoptr (GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, municipality, -1, SQLITE_TRANSIENT);
  while (sim_registry_step (self, stmt, &local_error))
    g_ptr_array_add (types, sim_sqlite_column_text (stmt, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&types);
}

char *
sim_registry_type_name (SimRegistry *self, const char *type, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
    sim_sqlite_prepare (self->db, "SELECT name FROM certificate_type WHERE type = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_TYPE_UNKNOWN, "no such certificate type");
      return NULL;
    }
  return sim_sqlite_column_text (stmt, 0);
}

gint64
sim_registry_fee (SimRegistry *self, const char *municipality, const char *type,
                  const char *day, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT yen FROM fee WHERE municipality = ? AND type = ? AND effective_from <= ?"
    " ORDER BY effective_from DESC LIMIT 1",
    error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "no fee in effect for %s at %s", type,
                     municipality);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
sim_registry_in_maintenance (SimRegistry *self, const char *municipality, const char *minute,
                             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT 1 FROM maintenance WHERE municipality = ?1 AND starts_at <= ?2 AND ends_at > ?2",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, minute, -1, SQLITE_TRANSIENT);
  return sim_registry_step (self, stmt, error);
}

JsonNode *
sim_registry_maintenance_json (SimRegistry *self, const char *municipality, const char *minute,
                               GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT starts_at, ends_at FROM maintenance WHERE municipality = ? AND ends_at > ?"
    " ORDER BY starts_at",
    error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) local_error = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, minute, -1, SQLITE_TRANSIENT);
  json_builder_begin_array (builder);
  while (sim_registry_step (self, stmt, &local_error))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "starts_at");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "ends_at");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return json_builder_get_root (builder);
}

SimIssued *
sim_registry_find_issued (SimRegistry *self, const char *request_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "SELECT session_id, terminal_id, card_serial, card_fingerprint, municipality, type, options,"
    "       copies, document, statement, signature FROM issued WHERE request_id = ?",
    error);
  SimIssued *issued;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, request_id, -1, SQLITE_TRANSIENT);
  if (!sim_registry_step (self, stmt, error))
    return NULL;
  issued = g_new0 (SimIssued, 1);
  issued->request_id = g_strdup (request_id);
  issued->session_id = sim_sqlite_column_text (stmt, 0);
  issued->terminal_id = sim_sqlite_column_text (stmt, 1);
  issued->card_serial = sim_sqlite_column_text (stmt, 2);
  issued->card_fingerprint = sim_sqlite_column_text (stmt, 3);
  issued->municipality = sim_sqlite_column_text (stmt, 4);
  issued->type = sim_sqlite_column_text (stmt, 5);
  issued->options = sim_sqlite_column_text (stmt, 6);
  issued->copies = sqlite3_column_int64 (stmt, 7);
  issued->document = sim_sqlite_column_bytes (stmt, 8);
  issued->statement = sim_sqlite_column_bytes (stmt, 9);
  issued->signature = sim_sqlite_column_bytes (stmt, 10);
  return issued;
}

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

gboolean
sim_registry_store_issued (SimRegistry *self, const SimIssued *issued, gint64 issue_number,
                           GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = sim_sqlite_prepare (
    self->db,
    "INSERT INTO issued (request_id, issue_number, session_id, terminal_id, card_serial,"
    " card_fingerprint, municipality, type, options, copies, document, statement, signature)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, issued->request_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, issue_number);
  sqlite3_bind_text (stmt, 3, issued->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, issued->terminal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, issued->card_serial, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, issued->card_fingerprint, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, issued->municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, issued->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, issued->options, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, issued->copies);
  sim_registry_bind_bytes (stmt, 11, issued->document);
  sim_registry_bind_bytes (stmt, 12, issued->statement);
  sim_registry_bind_bytes (stmt, 13, issued->signature);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sim_sqlite_set_error (self->db, error);
      return FALSE;
    }
  return TRUE;
}

void
sim_municipality_free (SimMunicipality *municipality)
{
  if (municipality == NULL)
    return;
  g_free (municipality->code);
  g_free (municipality->name);
  g_free (municipality->prefecture);
  g_free (municipality->mayor_title);
  g_free (municipality->mayor_name);
  g_free (municipality->seal_text);
  g_free (municipality->opens);
  g_free (municipality->closes);
  g_free (municipality);
}

void
sim_resident_free (SimResident *resident)
{
  if (resident == NULL)
    return;
  g_free (resident->municipality);
  g_free (resident->family_name);
  g_free (resident->given_name);
  g_free (resident->family_kana);
  g_free (resident->given_kana);
  g_free (resident->sex);
  g_free (resident->relationship);
  g_free (resident->previous_address);
  g_free (resident->my_number);
  g_free (resident->status);
  g_free (resident);
}

void
sim_household_free (SimHousehold *household)
{
  if (household == NULL)
    return;
  g_free (household->address);
  g_free (household->head_name);
  g_clear_pointer (&household->members, g_ptr_array_unref);
  g_free (household);
}

void
sim_family_register_free (SimFamilyRegister *family_register)
{
  if (family_register == NULL)
    return;
  g_free (family_register->municipality);
  g_free (family_register->domicile);
  g_free (family_register->head_name);
  g_clear_pointer (&family_register->members, g_ptr_array_unref);
  g_clear_pointer (&family_register->resident_ids, g_array_unref);
  g_free (family_register);
}

void
sim_seal_free (SimSeal *seal)
{
  if (seal == NULL)
    return;
  g_free (seal->number);
  g_free (seal->impression);
  g_free (seal);
}

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
  g_free (issued->municipality);
  g_free (issued->type);
  g_free (issued->options);
  g_clear_pointer (&issued->document, g_bytes_unref);
  g_clear_pointer (&issued->statement, g_bytes_unref);
  g_clear_pointer (&issued->signature, g_bytes_unref);
  g_free (issued);
}
