/* gen-db.c: writes the generated registry into a new SQLite file on registry-schema.sql, in one
 * transaction with prepared statements, table by table in a fixed order. */
#include "sim/registry/gen-db.h"

#include <sqlite3.h>

#include "sim/registry/gen-states.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char *const type_names[GEN_N_TYPES] = { "juminhyo", "kisai", "inkan", "zei", "koseki", "fuhyo" };

static const char *const status_names[] = { "resident", "moving-out", "moved-out", "deceased" };

/* The file being written: the connection, the statement being filled and the first error. */
typedef struct {
  sqlite3 *db;
  GenWorld *world;
  sqlite3_stmt *stmt;
  int column;
  gboolean failed;
  char *message;
} GenDb;

/* The generator's error domain. */
GQuark
gen_error_quark (void)
{
  return g_quark_from_static_string ("kiosk-sim-registry-error");
}

/* Remembers the first failure with SQLite's words for it. */
static void
gen_db_fail (GenDb *out, const char *what)
{
  if (out->failed)
    return;
  out->failed = TRUE;
  out->message = g_strdup_printf ("%s: %s", what, sqlite3_errmsg (out->db));
}

/* Runs SQL without results. */
static void
gen_db_exec (GenDb *out, const char *sql)
{
  if (!out->failed && sqlite3_exec (out->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    gen_db_fail (out, sql);
}

/* A prepared statement (NULL after a failure). */
static sqlite3_stmt *
gen_db_prepare (GenDb *out, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (!out->failed && sqlite3_prepare_v2 (out->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    gen_db_fail (out, sql);
  return stmt;
}

/* Starts filling @stmt's columns from the first. */
static void
gen_db_row (GenDb *out, sqlite3_stmt *stmt)
{
  out->stmt = stmt;
  out->column = 0;
}

/* The next column: text (NULL for SQL NULL), copied. */
static void
gen_db_text (GenDb *out, const char *text)
{
  out->column++;
  if (out->stmt == NULL)
    return;
  if (text == NULL)
    sqlite3_bind_null (out->stmt, out->column);
  else
    sqlite3_bind_text (out->stmt, out->column, text, -1, SQLITE_TRANSIENT);
}

/* The next column: a number. */
static void
gen_db_int (GenDb *out, gint64 value)
{
  out->column++;
  if (out->stmt != NULL)
    sqlite3_bind_int64 (out->stmt, out->column, value);
}

/* The next column: a day as ISO text, or NULL for day 0. */
static void
gen_db_day (GenDb *out, GenDay day)
{
  char iso[11];

  gen_db_text (out, day == 0 ? NULL : gen_day_iso (day, iso));
}

/* Inserts the filled row. */
static void
gen_db_insert (GenDb *out)
{
  if (out->stmt == NULL || out->failed)
    return;
  if (sqlite3_step (out->stmt) != SQLITE_DONE)
    gen_db_fail (out, sqlite3_sql (out->stmt));
  sqlite3_reset (out->stmt);
  sqlite3_clear_bindings (out->stmt);
}

/* municipality, offer, fee and maintenance rows. */
static void
gen_db_municipalities (GenDb *out)
{
  GenWorld *world = out->world;
  g_autoptr (sqlite3_stmt) municipality = gen_db_prepare (
    out, "INSERT INTO municipality (code, name, prefecture, mayor_title, mayor_name, seal_text, prints_my_number,"
         " refuses_protected_household, max_copies, opens, closes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) offer = gen_db_prepare (out, "INSERT INTO offer (municipality, type) VALUES (?, ?)");
  g_autoptr (sqlite3_stmt) fee
    = gen_db_prepare (out, "INSERT INTO fee (municipality, type, effective_from, yen) VALUES (?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) maintenance
    = gen_db_prepare (out, "INSERT INTO maintenance (municipality, starts_at, ends_at) VALUES (?, ?, ?)");

  for (guint m = 0; m < world->n_municipalities; m++)
    {
      GenPlace *place = gen_place (world, m);
      g_autofree char *title = g_strconcat (place->name, "長", NULL);
      g_autofree char *seal = g_strconcat (place->name, "長之印", NULL);

      gen_db_row (out, municipality);
      gen_db_text (out, place->code);
      gen_db_text (out, place->name);
      gen_db_text (out, place->prefecture);
      gen_db_text (out, title);
      gen_db_text (out, place->mayor_name);
      gen_db_text (out, seal);
      gen_db_int (out, place->prints_my_number);
      gen_db_int (out, place->refuses_protected_household);
      gen_db_int (out, place->max_copies);
      gen_db_text (out, place->opens);
      gen_db_text (out, place->closes);
      gen_db_insert (out);
      for (int t = 0; t < GEN_N_TYPES; t++)
        {
          if (!(place->offers & (1u << t)))
            continue;
          gen_db_row (out, offer);
          gen_db_text (out, place->code);
          gen_db_text (out, type_names[t]);
          gen_db_insert (out);
          gen_db_row (out, fee);
          gen_db_text (out, place->code);
          gen_db_text (out, type_names[t]);
          gen_db_day (out, place->fee_from);
          gen_db_int (out, place->fees[t]);
          gen_db_insert (out);
          if (place->fee_change_from == 0 || place->fee_changes[t] == 0)
            continue;
          gen_db_row (out, fee);
          gen_db_text (out, place->code);
          gen_db_text (out, type_names[t]);
          gen_db_day (out, place->fee_change_from);
          gen_db_int (out, place->fee_changes[t]);
          gen_db_insert (out);
        }
      for (guint w = 0; w < place->n_windows; w++)
        {
          gen_db_row (out, maintenance);
          gen_db_text (out, place->code);
          gen_db_text (out, place->windows[w].starts_at);
          gen_db_text (out, place->windows[w].ends_at);
          gen_db_insert (out);
        }
    }
}

/* household rows (ids from 1, the head's resident id). */
static void
gen_db_households (GenDb *out)
{
  GenWorld *world = out->world;
  g_autoptr (sqlite3_stmt) stmt = gen_db_prepare (
    out, "INSERT INTO household (id, municipality, address, head_resident_id) VALUES (?, ?, ?, ?)");

  for (guint h = 0; h < world->households->len; h++)
    {
      GenHousehold *household = gen_household (world, h);

      gen_db_row (out, stmt);
      gen_db_int (out, h + 1);
      gen_db_text (out, gen_place (world, household->municipality)->code);
      gen_db_text (out, household->address);
      gen_db_int (out, household->first_person + 1);
      gen_db_insert (out);
    }
}

/* "山田 太郎" (@separator between), from a resident as they are now (with their maiden name if
 * @maiden and they have one), or from the text; FALSE if no name is recorded. */
static gboolean
gen_db_ref_name (GenWorld *world, GenRef ref, gboolean maiden, const char *separator, GString *out)
{
  if (ref.person >= 0)
    {
      GenPerson *person = gen_person (world, ref.person);
      const char *family = maiden && person->maiden_name != NULL ? person->maiden_name : person->family_name;

      g_string_append_printf (out, "%s%s%s", family, separator, person->given_name);
      return TRUE;
    }
  if (ref.family == NULL)
    return FALSE;
  g_string_append_printf (out, "%s%s%s", ref.family, separator, ref.given);
  return TRUE;
}

/* A full name for the father/mother columns, or NULL. */
static char *
gen_db_parent (GenWorld *world, GenRef ref)
{
  g_autoptr (GString) name = g_string_new (NULL);

  if (!gen_db_ref_name (world, ref, FALSE, " ", name))
    return NULL;
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* One line of 身分事項: "{what}　{和暦} {text}". */
static void
gen_db_event (GString *events, const char *what, GenDay day, const char *text)
{
  g_autofree char *date = gen_day_wareki (day);
  char iso[11];

  if (events->len > 0)
    g_string_append_c (events, '\n');
  g_string_append_printf (events, "%s　%s %s", what, date != NULL ? date : gen_day_iso (day, iso), text);
}

/* The 身分事項 of a member, oldest first: 出生, 分籍, 婚姻, 離婚, 入籍, 死亡. */
static char *
gen_db_events (GenWorld *world, GenRegister *reg, GenMember *member)
{
  GString *events = g_string_new (NULL);
  GenPerson *person = member->person >= 0 ? gen_person (world, member->person) : NULL;
  g_autofree char *born = g_strconcat (member->birthplace, "で出生", NULL);
  GenDay died_on = person != NULL && person->status == GEN_STATUS_DECEASED ? person->status_date : member->died_on;

  gen_db_event (events, "出生", member->birth, born);
  if (member->split_on != 0)
    gen_db_event (events, "分籍", member->split_on, "届出");
  if (member->married_on != 0)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      gen_db_ref_name (world, member->partner, member->sex == GEN_MALE, "", text);
      g_string_append (text, "と婚姻届出");
      gen_db_event (events, "婚姻", member->married_on, text->str);
    }
  if (member->divorced_on != 0)
    {
      g_autoptr (GString) text = g_string_new (member->sex == GEN_MALE ? "妻" : "夫");

      gen_db_ref_name (world, member->partner, FALSE, "", text);
      g_string_append (text, "と協議離婚届出");
      gen_db_event (events, "離婚", member->divorced_on, text->str);
    }
  if (member->entered_on != 0)
    gen_db_event (events, "入籍", member->entered_on, "母の氏を称する入籍届出");
  if (died_on != 0)
    {
      const char *place = person != NULL ? gen_place_full_name (world, person->municipality)
                                         : gen_place_full_name (world, reg->place);
      g_autofree char *text = g_strconcat (place, "で死亡", NULL);

      gen_db_event (events, "死亡", died_on, text);
    }
  return g_string_free (events, FALSE);
}

/* One 附票 line. */
static void
gen_db_address (GenDb *out, sqlite3_stmt *stmt, guint reg, guint seq, guint line, const char *address, GenDay since)
{
  gen_db_row (out, stmt);
  gen_db_int (out, reg + 1);
  gen_db_int (out, seq);
  gen_db_int (out, line);
  gen_db_text (out, address);
  gen_db_day (out, since);
  gen_db_insert (out);
}

/* The 附票 of a member: a resident's former addresses and the current one, or the one line of
 * someone living elsewhere. */
static void
gen_db_member_addresses (GenDb *out, sqlite3_stmt *stmt, guint reg, guint seq, GenMember *member)
{
  GenWorld *world = out->world;
  GenPerson *person;
  guint line = 0;

  if (member->person < 0)
    {
      gen_db_address (out, stmt, reg, seq, 1, member->address, member->address_since);
      return;
    }
  person = gen_person (world, member->person);
  if (person->older_address != NULL)
    gen_db_address (out, stmt, reg, seq, ++line, person->older_address, person->older_since);
  if (person->previous_address != NULL)
    gen_db_address (out, stmt, reg, seq, ++line, person->previous_address, person->previous_since);
  gen_db_address (out, stmt, reg, seq, ++line, gen_household (world, person->household)->address, person->since);
}

/* family_register, register_member and register_address rows. */
static void
gen_db_registers (GenDb *out)
{
  GenWorld *world = out->world;
  g_autoptr (sqlite3_stmt) reg_stmt = gen_db_prepare (
    out, "INSERT INTO family_register (id, municipality, domicile, head_family_name, head_given_name, made_on,"
         " pending_filing) VALUES (?, ?, ?, ?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) member_stmt = gen_db_prepare (
    out, "INSERT INTO register_member (family_register_id, seq, resident_id, family_name, given_name, birth_date,"
         " sex, father, mother, relationship, events, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) address_stmt = gen_db_prepare (
    out, "INSERT INTO register_address (family_register_id, seq, line, address, since) VALUES (?, ?, ?, ?, ?)");

  for (guint r = 0; r < world->registers->len; r++)
    {
      GenRegister *reg = gen_register (world, r);
      GenMember *head = gen_member (world, reg->first_member);
      GenPerson *head_person = head->person >= 0 ? gen_person (world, head->person) : NULL;

      gen_db_row (out, reg_stmt);
      gen_db_int (out, r + 1);
      gen_db_text (out, gen_place (world, reg->place)->code);
      gen_db_text (out, reg->domicile);
      gen_db_text (out, head_person != NULL ? head_person->family_name : head->family_name);
      gen_db_text (out, head_person != NULL ? head_person->given_name : head->given_name);
      gen_db_day (out, reg->made_on);
      gen_db_int (out, reg->pending_filing);
      gen_db_insert (out);
      for (guint i = 0; i < reg->n_members; i++)
        {
          GenMember *member = gen_member (world, reg->first_member + i);
          GenPerson *person = member->person >= 0 ? gen_person (world, member->person) : NULL;
          g_autofree char *father = gen_db_parent (world, member->father);
          g_autofree char *mother = gen_db_parent (world, member->mother);
          g_autofree char *events = gen_db_events (world, reg, member);
          gboolean deceased = person != NULL && person->status == GEN_STATUS_DECEASED;

          gen_db_row (out, member_stmt);
          gen_db_int (out, r + 1);
          gen_db_int (out, i + 1);
          if (person != NULL)
            gen_db_int (out, member->person + 1);
          else
            gen_db_text (out, NULL);
          gen_db_text (out, person != NULL ? person->family_name : member->family_name);
          gen_db_text (out, person != NULL ? person->given_name : member->given_name);
          gen_db_day (out, member->birth);
          gen_db_text (out, member->sex == GEN_MALE ? "男" : "女");
          gen_db_text (out, father);
          gen_db_text (out, mother);
          gen_db_text (out, member->relationship);
          gen_db_text (out, events);
          gen_db_int (out, member->removed || deceased);
          gen_db_insert (out);
          gen_db_member_addresses (out, address_stmt, r, i + 1, member);
        }
    }
}

/* resident rows. */
static void
gen_db_residents (GenDb *out)
{
  GenWorld *world = out->world;
  g_autoptr (sqlite3_stmt) stmt = gen_db_prepare (
    out, "INSERT INTO resident (id, municipality, household_id, family_register_id, card_serial, family_name,"
         " given_name, family_kana, given_kana, birth_date, sex, relationship, resident_since, previous_address,"
         " my_number, status, status_date, protected)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

  for (guint i = 0; i < world->persons->len; i++)
    {
      GenPerson *person = gen_person (world, i);
      char serial[10];
      char my_number[13];

      g_snprintf (serial, sizeof serial, "D%07X", person->card);
      gen_my_number (world, i, my_number);
      gen_db_row (out, stmt);
      gen_db_int (out, i + 1);
      gen_db_text (out, gen_place (world, person->municipality)->code);
      gen_db_int (out, person->household + 1);
      if (person->family_register >= 0)
        gen_db_int (out, person->family_register + 1);
      else
        gen_db_text (out, NULL);
      gen_db_text (out, person->card != 0 ? serial : NULL);
      gen_db_text (out, person->family_name);
      gen_db_text (out, person->given_name);
      gen_db_text (out, person->family_kana);
      gen_db_text (out, person->given_kana);
      gen_db_day (out, person->birth);
      gen_db_text (out, person->sex == GEN_MALE ? "男" : "女");
      gen_db_text (out, person->relationship);
      gen_db_day (out, person->since);
      gen_db_text (out, person->previous_address);
      gen_db_text (out, my_number);
      gen_db_text (out, status_names[person->status]);
      gen_db_day (out, person->status == GEN_STATUS_RESIDENT ? 0 : person->status_date);
      gen_db_int (out, person->protected_);
      gen_db_insert (out);
    }
}

/* seal_registration, tax_record and use_registration rows. */
static void
gen_db_records (GenDb *out)
{
  GenWorld *world = out->world;
  g_autoptr (sqlite3_stmt) seal = gen_db_prepare (
    out, "INSERT INTO seal_registration (resident_id, number, registered_on, impression) VALUES (?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) tax = gen_db_prepare (
    out, "INSERT INTO tax_record (resident_id, fiscal_year, salary_income, total_income, deductions,"
         " taxable_income, municipal_tax, prefectural_tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  g_autoptr (sqlite3_stmt) use = gen_db_prepare (
    out, "INSERT INTO use_registration (resident_id, municipality, applied_on, effective_on) VALUES (?, ?, ?, ?)");

  for (guint i = 0; i < world->persons->len; i++)
    {
      GenPerson *person = gen_person (world, i);

      if (person->seal != 0)
        {
          g_autofree char *number = g_strdup_printf ("%c-%06u", 'A' + person->municipality % 26, person->seal);
          g_autofree char *impression = g_strconcat (person->family_name,
                                                     person->seal_full_name ? person->given_name : "", NULL);

          gen_db_row (out, seal);
          gen_db_int (out, i + 1);
          gen_db_text (out, number);
          gen_db_day (out, person->seal_on);
          gen_db_text (out, impression);
          gen_db_insert (out);
        }
      for (guint year = world->latest_fiscal_year - 2; year <= world->latest_fiscal_year; year++)
        {
          GenTax figures;

          if (!gen_tax_record (world, i, year, &figures))
            continue;
          gen_db_row (out, tax);
          gen_db_int (out, i + 1);
          gen_db_int (out, year);
          gen_db_int (out, figures.salary_income);
          gen_db_int (out, figures.total_income);
          gen_db_int (out, figures.deductions);
          gen_db_int (out, figures.taxable_income);
          gen_db_int (out, figures.municipal_tax);
          gen_db_int (out, figures.prefectural_tax);
          gen_db_insert (out);
        }
      if (person->use_applied != 0)
        {
          gen_db_row (out, use);
          gen_db_int (out, i + 1);
          gen_db_text (out, gen_place (world, gen_register (world, person->family_register)->place)->code);
          gen_db_day (out, person->use_applied);
          gen_db_day (out, person->use_effective);
          gen_db_insert (out);
        }
    }
}

/* Schema, then every table in one transaction without a journal; then the normal journal. */
gboolean
gen_db_write (GenWorld *world, const char *path, const char *schema, GError **error)
{
  GenDb out = { 0 };

  out.world = world;
  if (sqlite3_open_v2 (path, &out.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    gen_db_fail (&out, path);
  gen_db_exec (&out, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF");
  gen_db_exec (&out, "BEGIN");
  gen_db_exec (&out, schema);
  gen_db_municipalities (&out);
  gen_db_households (&out);
  gen_db_registers (&out);
  gen_db_residents (&out);
  gen_db_records (&out);
  gen_db_exec (&out, "COMMIT");
  gen_db_exec (&out, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL");
  if (out.db != NULL && sqlite3_close (out.db) != SQLITE_OK && !out.failed)
    gen_db_fail (&out, "close");
  if (out.failed)
    {
      g_set_error (error, GEN_ERROR, GEN_ERROR_FAILED, "%s: %s", path, out.message);
      g_free (out.message);
      return FALSE;
    }
  return TRUE;
}
