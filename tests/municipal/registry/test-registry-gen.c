/* test-registry-gen.c: kiosk-sim-registry, run as a program (KIOSK_SIM_REGISTRY): its defaults,
 * reproducibility, refusal states, offers, households, card serials, its cards.tsv against states
 * derived again by SQL, every character of its names and addresses against IPAmj明朝; and
 * make-registry-cards (KIOSK_MAKE_REGISTRY_CARDS) issuing cards for some of its residents from a
 * PKI made by sim/pki/make-pki. */
#include <glib/gstdio.h>
#include <locale.h>
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include "sim/servers/sim-document.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

/* The day the registries are made for: their "today". */
#define TODAY "2026-11-23"
#define FIFTEEN_YEARS_AGO "2011-11-23"

/* The refusal states of cards.tsv and the least share each has (0.3%, at least 3). */
static const char *const refusal_states[] = {
  "under-15", "moved-out", "moving-out", "deceased", "protected", "moved-in-today",
  "unprintable-character", "field-too-long", "no-seal",
};

static char *work_dir; /* the test's temporary directory */

/* Runs @argv; its exit status (-1 if it did not exit), its stdout and stderr into the optional
 * @out and @err. */
static int
run (const char *const *argv, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &stdout_text, &stderr_text, &wait_status,
                &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* The program named by @variable (meson sets it). */
static const char *
program (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL)
    g_error ("%s is not set: run the test through meson", variable);
  return path;
}

/* Makes a registry @name.db (and @name.tsv) in the work directory with the extra arguments
 * (NULL-terminated); asserts it succeeded. Returns the database's path. */
static char *
generate (const char *name, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db_name = g_strconcat (name, ".db", NULL);
  g_autofree char *tsv_name = g_strconcat (name, ".tsv", NULL);
  char *db = g_build_filename (work_dir, db_name, NULL);
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (program ("KIOSK_SIM_REGISTRY")));
  g_ptr_array_add (argv, g_strdup ("--out"));
  g_ptr_array_add (argv, g_strdup (db));
  g_ptr_array_add (argv, g_strdup ("--cards"));
  g_ptr_array_add (argv, g_build_filename (work_dir, tsv_name, NULL));
  va_start (args, name);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (run ((const char *const *) argv->pdata, NULL, &err) != 0)
    g_error ("kiosk-sim-registry failed: %s", err);
  return db;
}

/* The registry made with the defaults (100,000 residents, 30 municipalities), made once. */
static const char *
default_registry (void)
{
  static char *path;

  if (path == NULL)
    path = generate ("default", "--today", TODAY, NULL);
  return path;
}

/* A registry of 3,000 residents in 8 municipalities from seed 7, made once. */
static const char *
small_registry (void)
{
  static char *path;

  if (path == NULL)
    path = generate ("small", "--seed", "7", "--residents", "3000", "--municipalities", "8", "--today", TODAY, NULL);
  return path;
}

/* @path with its extension replaced by .tsv. */
static char *
cards_path (const char *db)
{
  g_autofree char *stem = g_strndup (db, strlen (db) - strlen (".db"));

  return g_strconcat (stem, ".tsv", NULL);
}

/* Characters as the forms count them: a variation selector belongs to its base. */
static void
sql_chars (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  gint64 n = 0;

  if (text == NULL)
    {
      sqlite3_result_int64 (context, 0);
      return;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)))
        n++;
    }
  sqlite3_result_int64 (context, n);
}

/* 1 if the text has a Private Use Area character. */
static void
sql_has_pua (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  int found = 0;

  for (const char *p = text; p != NULL && *p != '\0' && !found; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      found = (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
    }
  sqlite3_result_int (context, found);
}

/* Opens @path read-only, with chars() and has_pua(). */
static sqlite3 *
open_registry (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_create_function_v2 (db, "chars", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_chars, NULL, NULL, NULL);
  sqlite3_create_function_v2 (db, "has_pua", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_has_pua, NULL, NULL,
                              NULL);
  return db;
}

/* The one number @sql answers. */
static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *raw = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &raw, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  stmt = raw;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Every row of @sql, columns separated by tabs, one line each. */
static char *
query_dump (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *raw = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GString *dump = g_string_new (NULL);

  if (sqlite3_prepare_v2 (db, sql, -1, &raw, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  stmt = raw;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (dump, "%s%s", i > 0 ? "\t" : "", text != NULL ? text : "");
        }
      g_string_append_c (dump, '\n');
    }
  return g_string_free (dump, FALSE);
}

/* Every table of the schema, in a fixed order, as text. */
static char *
dump_registry (const char *path)
{
  /* each table with its primary key */
  static const char *const tables[][2] = {
    { "municipality", "code" },
    { "certificate_type", "type" },
    { "offer", "municipality, type" },
    { "fee", "municipality, type, effective_from" },
    { "maintenance", "municipality, starts_at" },
    { "household", "id" },
    { "family_register", "id" },
    { "resident", "id" },
    { "register_member", "family_register_id, seq" },
    { "register_address", "family_register_id, seq, line" },
    { "seal_registration", "resident_id" },
    { "tax_record", "resident_id, fiscal_year" },
    { "use_registration", "resident_id, municipality" },
  };
  sqlite3 *db = open_registry (path);
  GString *dump = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY %s", tables[i][0], tables[i][1]);
      g_autofree char *rows = query_dump (db, sql);

      g_string_append_printf (dump, "-- %s\n%s", tables[i][0], rows);
    }
  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

/* By default: 100,000 residents in 30 municipalities with codes 99NNNN, none of the hand-written
 * world's. */
static void
test_defaults (void)
{
  sqlite3 *db = open_registry (default_registry ());

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM resident"), >=, 100000);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM municipality"), ==, 30);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM municipality WHERE code NOT GLOB '99[0-9][0-9][0-9][0-9]'"
                                  " OR code IN ('999999', '999998')"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM resident WHERE municipality NOT IN"
                                  " (SELECT code FROM municipality)"),
                   ==, 0);
  sqlite3_close (db);
}

/* The same arguments twice: the same bytes, registry and cards alike. */
static void
test_same_seed_same_content (void)
{
  const char *first = small_registry ();
  g_autofree char *second = generate ("small-again", "--seed", "7", "--residents", "3000", "--municipalities", "8",
                                      "--today", TODAY, NULL);
  g_autofree char *first_cards = cards_path (first);
  g_autofree char *second_cards = cards_path (second);
  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;

  g_assert_true (g_file_get_contents (first, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (second, &b, &b_len, NULL));
  if (a_len != b_len || memcmp (a, b, a_len) != 0)
    {
      /* not the same bytes: say which table differs */
      g_autofree char *dump_a = dump_registry (first);
      g_autofree char *dump_b = dump_registry (second);

      g_assert_cmpstr (dump_a, ==, dump_b);
      g_test_fail_printf ("same content in different bytes");
    }
  g_clear_pointer (&a, g_free);
  g_clear_pointer (&b, g_free);
  g_assert_true (g_file_get_contents (first_cards, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (second_cards, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);
}

/* Another seed, another registry. */
static void
test_other_seed_differs (void)
{
  g_autofree char *other = generate ("other-seed", "--seed", "8", "--residents", "3000", "--municipalities", "8",
                                     "--today", TODAY, NULL);
  g_autofree char *dump_a = dump_registry (small_registry ());
  g_autofree char *dump_b = dump_registry (other);

  g_assert_cmpstr (dump_a, !=, dump_b);
}

/* Counts the lines of cards.tsv per state (column 4). */
static GHashTable *
count_states (const char *db)
{
  g_autofree char *path = cards_path (db);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 6);
      g_hash_table_insert (counts, g_strdup (fields[3]),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, fields[3])) + 1));
    }
  return counts;
}

/* Every refusal state holds at least 0.3% of the residents' and at least 3 cards, in the default
 * registry and in a small one. */
static void
test_refusal_states (void)
{
  const char *registries[] = { default_registry (), small_registry () };

  for (gsize r = 0; r < G_N_ELEMENTS (registries); r++)
    {
      g_autoptr (GHashTable) counts = count_states (registries[r]);
      sqlite3 *db = open_registry (registries[r]);
      gint64 residents = query_int (db, "SELECT count(*) FROM resident");

      sqlite3_close (db);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "ok")), >, 0);
      for (gsize i = 0; i < G_N_ELEMENTS (refusal_states); i++)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, refusal_states[i]));

          if (n < 3 || n * 1000 < residents * 3)
            g_test_fail_printf ("%s: %u cards in state %s of %" G_GINT64_FORMAT " residents", registries[r], n,
                                refusal_states[i], residents);
        }
    }
}

/* Each of the six types is offered somewhere and not offered somewhere; each offered type has a
 * fee in effect today. */
static void
test_offers (void)
{
  sqlite3 *db = open_registry (default_registry ());
  g_autofree char *offered = query_dump (
    db, "SELECT t.type, (SELECT count(*) FROM offer o WHERE o.type = t.type) FROM certificate_type t ORDER BY 1");
  g_auto (GStrv) lines = g_strsplit (offered, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  for (guint i = 0; i < 6; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);
      guint64 n = g_ascii_strtoull (fields[1], NULL, 10);

      if (n == 0 || n >= 30)
        g_test_fail_printf ("%s is offered by %" G_GUINT64_FORMAT " of 30 municipalities", fields[0], n);
    }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM offer o WHERE NOT EXISTS (SELECT 1 FROM fee f"
                                  " WHERE f.municipality = o.municipality AND f.type = o.type"
                                  " AND f.effective_from <= '" TODAY "')"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM fee WHERE effective_from > '" TODAY "'"), >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM maintenance WHERE substr(starts_at, 1, 10) = '" TODAY "'"), >,
                   0);
  sqlite3_close (db);
}

/* Every household has its head (世帯主) first, and 1 to 7 people. */
static void
test_household_heads (void)
{
  sqlite3 *db = open_registry (default_registry ());

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM household h LEFT JOIN resident r ON r.id = h.head_resident_id"
                                  " AND r.household_id = h.id AND r.relationship = '世帯主' WHERE r.id IS NULL"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM household h WHERE h.head_resident_id !="
                                  " (SELECT min(id) FROM resident r WHERE r.household_id = h.id)"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM (SELECT count(*) n FROM resident GROUP BY household_id)"
                                  " WHERE n < 1 OR n > 7"),
                   ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM resident WHERE relationship = '世帯主'"), ==,
                   query_int (db, "SELECT count(*) FROM household"));
  sqlite3_close (db);
}

/* Card serials are unique, 'D' and seven upper-case hex digits. */
static void
test_card_serials_unique (void)
{
  sqlite3 *db = open_registry (default_registry ());
  gint64 cards = query_int (db, "SELECT count(card_serial) FROM resident");

  g_assert_cmpint (cards, >, 50000);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT card_serial) FROM resident"), ==, cards);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM resident WHERE card_serial IS NOT NULL"
                                  " AND (length (card_serial) != 8 OR card_serial NOT GLOB 'D*'"
                                  " OR substr (card_serial, 2) GLOB '*[^0-9A-F]*')"),
                   ==, 0);
  sqlite3_close (db);
}

/* cards.tsv, derived again from the registry alone: card, resident, municipality, state (the first
 * that applies, in the order of the list), koseki and the tax years. */
#define CARDS_SQL                                                                                                     \
  "WITH card AS ("                                                                                                    \
  " SELECT r.*, h.address AS address, f.domicile AS domicile, f.municipality AS register_place,"                     \
  "  f.pending_filing AS pending, (SELECT 1 FROM municipality m WHERE m.code = f.municipality) AS register_here,"    \
  "  u.effective_on AS use_effective,"                                                                               \
  "  EXISTS (SELECT 1 FROM seal_registration s WHERE s.resident_id = r.id) AS sealed"                                 \
  " FROM resident r JOIN household h ON h.id = r.household_id"                                                        \
  " LEFT JOIN family_register f ON f.id = r.family_register_id"                                                       \
  " LEFT JOIN use_registration u ON u.resident_id = r.id AND u.municipality = f.municipality"                         \
  " WHERE r.card_serial IS NOT NULL)"                                                                                 \
  " SELECT card_serial, id, municipality,"                                                                            \
  " CASE WHEN birth_date > '" FIFTEEN_YEARS_AGO "' THEN 'under-15'"                                                   \
  "  WHEN status = 'moved-out' THEN 'moved-out' WHEN status = 'moving-out' THEN 'moving-out'"                         \
  "  WHEN status = 'deceased' THEN 'deceased' WHEN protected THEN 'protected'"                                        \
  "  WHEN resident_since = '" TODAY "' THEN 'moved-in-today'"                                                         \
  "  WHEN has_pua(family_name) OR has_pua(given_name) OR has_pua(family_kana) OR has_pua(given_kana)"                 \
  "   OR has_pua(address) OR has_pua(previous_address) OR has_pua(domicile) THEN 'unprintable-character'"             \
  "  WHEN chars(family_name) + chars(given_name) > 24 OR chars(family_kana) + chars(given_kana) > 24"                 \
  "   OR chars(address) > 64 OR chars(previous_address) > 64 OR chars(domicile) > 64 THEN 'field-too-long'"           \
  "  WHEN NOT sealed THEN 'no-seal' ELSE 'ok' END,"                                                                   \
  " CASE WHEN family_register_id IS NULL THEN 'none' WHEN register_here IS NULL THEN 'not-in-registry'"               \
  "  WHEN pending THEN 'pending-filing' WHEN register_place = municipality THEN 'here'"                               \
  "  WHEN use_effective IS NULL THEN 'not-registered'"                                                                \
  "  WHEN use_effective <= '" TODAY "' THEN 'use-registered' ELSE 'use-pending' END,"                                 \
  " coalesce((SELECT group_concat(fiscal_year, ',') FROM (SELECT fiscal_year FROM tax_record t"                       \
  "  WHERE t.resident_id = card.id ORDER BY fiscal_year)), '')"                                                       \
  " FROM card ORDER BY id"

/* cards.tsv says what the registry says, line by line. */
static void
test_cards_tsv (void)
{
  const char *registries[] = { small_registry (), default_registry () };

  for (gsize r = 0; r < G_N_ELEMENTS (registries); r++)
    {
      g_autofree char *path = cards_path (registries[r]);
      g_autofree char *text = NULL;
      sqlite3 *db = open_registry (registries[r]);
      g_autofree char *derived = query_dump (db, CARDS_SQL);
      g_autofree char *expected = g_strconcat ("serial\tresident\tmunicipality\tstate\tkoseki\ttax_years\n", derived,
                                               NULL);

      sqlite3_close (db);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      if (g_strcmp0 (text, expected) != 0)
        {
          g_auto (GStrv) got = g_strsplit (text, "\n", -1);
          g_auto (GStrv) want = g_strsplit (expected, "\n", -1);

          for (guint i = 0; got[i] != NULL && want[i] != NULL; i++)
            g_assert_cmpstr (got[i], ==, want[i]);
          g_assert_cmpuint (g_strv_length (got), ==, g_strv_length (want));
        }
    }
}

/* Adds each character of @text (with the variation selector after it) to @characters. */
static void
collect_characters (const char *text, GHashTable *characters)
{
  if (text == NULL)
    return;
  for (const char *p = text; *p != '\0';)
    {
      const char *next = g_utf8_next_char (p);
      gunichar c = g_utf8_get_char (p);

      while (*next != '\0')
        {
          gunichar selector = g_utf8_get_char (next);

          if (!((selector >= 0xFE00 && selector <= 0xFE0F) || (selector >= 0xE0100 && selector <= 0xE01EF)))
            break;
          next = g_utf8_next_char (next);
        }
      if (c >= 0x80)
        g_hash_table_add (characters, g_strndup (p, (gsize) (next - p)));
      p = next;
    }
}

/* For g_ptr_array_sort of strings. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every distinct character (with its variation selector) of every name and address prints as
 * itself in IPAmj明朝, but the legacy 外字 of the Private Use Area, which must be reported
 * missing. */
static void
test_gaiji (void)
{
  static const char *const columns[] = {
    "SELECT name || prefecture || mayor_name || seal_text FROM municipality",
    "SELECT address FROM household",
    "SELECT family_name || given_name || family_kana || given_kana || coalesce(previous_address, '') FROM resident",
    "SELECT domicile || head_family_name || head_given_name FROM family_register",
    "SELECT family_name || given_name || coalesce(father, '') || coalesce(mother, '') FROM register_member",
    "SELECT DISTINCT address FROM register_address",
    "SELECT impression FROM seal_registration",
  };
  sqlite3 *db = open_registry (default_registry ());
  g_autoptr (GHashTable) characters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) sorted = NULL;
  GHashTableIter iter;
  gpointer key;
  guint pua = 0, sequences = 0, failures = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *dump = query_dump (db, columns[i]);

      collect_characters (dump, characters);
    }
  sqlite3_close (db);
  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, characters);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (sorted, key);
  g_ptr_array_sort (sorted, compare_strings);
  for (guint i = 0; i < sorted->len; i++)
    {
      const char *character = g_ptr_array_index (sorted, i);
      gunichar c = g_utf8_get_char (character);
      gboolean private_use = c >= 0xE000 && c <= 0xF8FF;
      g_autofree char *missing = NULL;
      gboolean covered = sim_document_font_covers (character, &missing);

      pua += private_use;
      sequences += g_utf8_strlen (character, -1) > 1;
      if (covered == private_use)
        {
          g_autofree char *escaped = g_strescape (character, NULL);

          failures++;
          g_test_message ("%s (U+%04X, %s): %s", character, c, escaped,
                          private_use ? "a Private Use character said to print" : "does not print as itself");
        }
    }
  g_test_message ("%u distinct characters, %u variation sequences, %u of the Private Use Area", sorted->len,
                  sequences, pua);
  g_assert_cmpuint (sequences, >, 10);
  g_assert_cmpuint (pua, >, 0);
  g_assert_cmpuint (failures, ==, 0);
}

/* An existing --out is refused and left alone; so are bad numbers and days; all with status 2. */
static void
test_bad_arguments (void)
{
  g_autofree char *existing = g_build_filename (work_dir, "existing.db", NULL);
  g_autofree char *fresh = g_build_filename (work_dir, "fresh.db", NULL);
  const char *registry = program ("KIOSK_SIM_REGISTRY");
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  const char *const cases[][2] = {
    { "--residents", "0" },       { "--residents", "many" },  { "--municipalities", "401" },
    { "--today", "2026-02-30" },  { "--today", "23.11.2026" }, { "--seed", "-1" },
  };

  g_assert_true (g_file_set_contents (existing, "not a registry", -1, NULL));
  g_assert_cmpint (run ((const char *const[]) { registry, "--out", existing, "--residents", "10", NULL }, NULL, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, existing));
  g_assert_true (g_file_get_contents (existing, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "not a registry");
  g_assert_cmpint (run ((const char *const[]) { registry, "--residents", "10", NULL }, NULL, NULL), ==, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (run ((const char *const[]) { registry, "--out", fresh, cases[i][0], cases[i][1], NULL }, NULL,
                            NULL),
                       ==, 2);
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
    }
}

/* Today in Japan, as YYYY-MM-DD. */
static char *
japan_today (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr (GDateTime) now = g_date_time_new_now (tz);

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Without --today, the registry's today is Japan's: those who moved in today did so on it. */
static void
test_default_today (void)
{
  g_autofree char *before = japan_today ();
  g_autofree char *path = generate ("today", "--residents", "1000", "--municipalities", "3", NULL);
  g_autofree char *after = japan_today ();
  sqlite3 *db = open_registry (path);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM resident WHERE resident_since IN ('%s', '%s')",
                                          before, after);

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM resident"), ==, 1000);
  g_assert_cmpint (query_int (db, sql), >=, 3);
  sqlite3_close (db);
}

/* The serial of a DER certificate file, in upper-case hex. */
static char *
certificate_serial (const char *path)
{
  g_autofree char *der = NULL;
  gsize len;
  const unsigned char *p;
  g_autoptr (X509) cert = NULL;
  BIGNUM *bn;
  char *hex;
  char *serial;

  g_assert_true (g_file_get_contents (path, &der, &len, NULL));
  p = (const unsigned char *) der;
  cert = d2i_X509 (NULL, &p, (long) len);
  g_assert_nonnull (cert);
  bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  hex = BN_bn2hex (bn);
  serial = g_strdup (hex);
  OPENSSL_free (hex);
  BN_free (bn);
  return serial;
}

/* make-registry-cards issues two cards with exactly the serials asked for, from the world's
 * jpki-ca, with emulator profiles; a second run changes nothing. */
static void
test_make_registry_cards (void)
{
  g_autofree char *pki = g_build_filename (work_dir, "pki", NULL);
  g_autofree char *out = g_build_filename (work_dir, "cards", NULL);
  g_autofree char *make_pki = g_build_filename (program ("KIOSK_SOURCE_ROOT"), "sim", "pki", "make-pki", NULL);
  g_autofree char *tsv = cards_path (small_registry ());
  g_autofree char *text = NULL;
  g_autofree char *index = NULL;
  g_autofree char *index_path = g_build_filename (pki, "jpki-ca.index", NULL);
  g_auto (GStrv) lines = NULL;
  const char *serials[2] = { NULL, NULL };
  g_autofree char *err = NULL;
  GStatBuf before, after;

  g_assert_cmpint (run ((const char *const[]) { make_pki, pki, NULL }, NULL, &err), ==, 0);
  g_assert_true (g_file_get_contents (tsv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  /* the first card that is fine and the first refused one */
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) fields = g_strsplit (lines[i], "\t", -1);
      int which = g_str_equal (fields[3], "ok") ? 0 : 1;

      if (serials[which] == NULL)
        serials[which] = g_intern_string (fields[0]);
    }
  g_assert_nonnull (serials[0]);
  g_assert_nonnull (serials[1]);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ((const char *const[]) { program ("KIOSK_MAKE_REGISTRY_CARDS"), pki, tsv, out, serials[0],
                                                serials[1], NULL },
                        NULL, &err),
                   ==, 0);
  g_assert_true (g_file_get_contents (index_path, &index, NULL, NULL));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("card-%s", serials[i]);
      g_autofree char *der = g_strdup_printf ("%s/%s.der", out, name);
      g_autofree char *profile_path = g_strdup_printf ("%s/%s.card", out, name);
      g_autofree char *key_path = g_strdup_printf ("%s/%s.key", out, name);
      g_autofree char *serial = certificate_serial (der);
      g_autofree char *listed = g_strdup_printf ("\t%s\t", serials[i]);
      g_autoptr (GKeyFile) profile = g_key_file_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *cert = NULL, *key = NULL, *ca = NULL, *pin = NULL;

      g_assert_cmpstr (serial, ==, serials[i]);
      g_assert_nonnull (strstr (index, listed));
      g_key_file_load_from_file (profile, profile_path, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      cert = g_key_file_get_string (profile, "card", "cert", NULL);
      key = g_key_file_get_string (profile, "card", "key", NULL);
      ca = g_key_file_get_string (profile, "card", "ca-cert", NULL);
      pin = g_key_file_get_string (profile, "card", "pin", NULL);
      g_assert_cmpstr (cert, ==, strrchr (der, '/') + 1);
      g_assert_cmpstr (key, ==, strrchr (key_path, '/') + 1);
      g_assert_true (g_file_test (key_path, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (ca, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpstr (pin, ==, "1234");
      if (i == 0)
        g_assert_cmpint (g_stat (der, &before), ==, 0);
    }
  g_assert_cmpint (run ((const char *const[]) { program ("KIOSK_MAKE_REGISTRY_CARDS"), pki, tsv, out, serials[0],
                                                NULL },
                        NULL, NULL),
                   ==, 0);
  {
    g_autofree char *der = g_strdup_printf ("%s/card-%s.der", out, serials[0]);

    g_assert_cmpint (g_stat (der, &after), ==, 0);
    g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
    g_assert_cmpint (after.st_ino, ==, before.st_ino);
  }
  g_assert_cmpint (run ((const char *const[]) { program ("KIOSK_MAKE_REGISTRY_CARDS"), pki, tsv, out, "D0000000",
                                                NULL },
                        NULL, NULL),
                   ==, 2);
}

/* Removes @path and everything under it. */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  work_dir = g_dir_make_tmp ("registry-gen-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/registry-gen/defaults", test_defaults);
  g_test_add_func ("/registry-gen/same-seed-same-content", test_same_seed_same_content);
  g_test_add_func ("/registry-gen/other-seed-differs", test_other_seed_differs);
  g_test_add_func ("/registry-gen/refusal-states", test_refusal_states);
  g_test_add_func ("/registry-gen/offers", test_offers);
  g_test_add_func ("/registry-gen/household-heads", test_household_heads);
  g_test_add_func ("/registry-gen/card-serials-unique", test_card_serials_unique);
  g_test_add_func ("/registry-gen/cards-tsv", test_cards_tsv);
  g_test_add_func ("/registry-gen/gaiji", test_gaiji);
  g_test_add_func ("/registry-gen/bad-arguments", test_bad_arguments);
  g_test_add_func ("/registry-gen/default-today", test_default_today);
  g_test_add_func ("/registry-gen/make-registry-cards", test_make_registry_cards);
  status = g_test_run ();
  if (g_getenv ("KEEP_REGISTRY_GEN") == NULL)
    remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
