/* test-rules.c: kiosk-sim-municipal's rules and certificates, asked as the center asks, over real
 * mutual TLS, on the reference world's registry (sim/servers/registry-seed.sql): every type and
 * option, every refusal with its reason code, the catalogue; hours, closed days and the June
 * switch-over with the server judging at a fixed instant (--time). */
#include "tests/center/center-world.h"

#include <locale.h>
#include <poppler.h>
#include <sqlite3.h>
#include <string.h>

#include "sim/servers/sim-http-client.h"
#include "sim/servers/sim-server.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* The world shared by the tests of this program: one PKI, one municipal server. */
static CenterWorld *world;

/* A fingerprint for the request (the municipal server binds it; it does not check cards). */
static char *
fingerprint (void)
{
  g_autoptr (GBytes) der = center_world_read (world, "card-1.der");

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

/* A POST /v1/certificates body: @type for the holder of card @serial, from @municipality (NULL:
 * let the server find it), with @options (JSON text or NULL). */
static JsonObject *
request_body (const char *serial, const char *municipality, const char *type, int copies,
              const char *options)
{
  JsonObject *body = json_object_new ();
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *card_fingerprint = fingerprint ();

  json_object_set_string_member (body, "request_id", request_id);
  json_object_set_string_member (body, "session_id", "0b5f7a2c-3d4e-4f60-8a9b-0c1d2e3f4a5b");
  json_object_set_string_member (body, "terminal_id", "T-0001");
  json_object_set_string_member (body, "card_serial", serial);
  json_object_set_string_member (body, "card_fingerprint", card_fingerprint);
  if (municipality != NULL)
    json_object_set_string_member (body, "municipality", municipality);
  json_object_set_string_member (body, "type", type);
  json_object_set_int_member (body, "copies", copies);
  if (options != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = json_from_string (options, &error);

      g_assert_no_error (error);
      json_object_set_member (body, "options", g_steal_pointer (&node));
    }
  return body;
}

/* Posts @body as the center. */
static JsonObject *
post (JsonObject *body, guint *status)
{
  g_autoptr (SimHttpClient) client =
    center_world_client (world, world->municipal_url, "center-client");

  return center_world_call (client, "POST", "/v1/certificates", body, status);
}

/* The text of every page of @document without spaces, pages ended by form feeds; *@pages their
 * count. */
static char *
pdf_text (GBytes *document, int *pages)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PopplerDocument) pdf = poppler_document_new_from_bytes (document, NULL, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  *pages = poppler_document_get_n_pages (pdf);
  for (int i = 0; i < *pages; i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (pdf, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      /* the forms space out short labels (「筆 頭 者」): the tests look for words without spaces */
      for (const char *p = page_text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c != ' ' && c != 0x3000)
            g_string_append_unichar (text, c);
        }
      g_string_append_c (text, '\f');
    }
  return g_string_free (text, FALSE);
}

/* Issues and returns the document's text; checks the statement names @municipality and @type. */
static char *
issue (const char *serial, const char *municipality, const char *type, const char *options,
       const char *expected_municipality)
{
  g_autoptr (JsonObject) body = request_body (serial, municipality, type, 1, options);
  guint status = 0;
  g_autoptr (JsonObject) answer = post (body, &status);
  g_autoptr (GBytes) document = NULL;
  g_autoptr (JsonObject) statement = NULL;
  int pages = 0;

  if (status != 201)
    g_error ("%s %s for %s: status %u, %s", type, options != NULL ? options : "", serial, status,
             center_world_error_code (answer));
  document = center_world_get_base64 (answer, "document");
  statement = center_world_verify_binding (world, json_object_get_object_member (answer, "binding"));
  g_assert_cmpstr (json_object_get_string_member (statement, "municipality"), ==,
                   expected_municipality);
  g_assert_cmpstr (json_object_get_string_member (statement, "type"), ==, type);
  return pdf_text (document, &pages);
}

/* Asserts @type for @serial is refused with @reason (409 refused). */
static void
assert_refused (const char *serial, const char *municipality, const char *type, int copies,
                const char *options, const char *reason)
{
  g_autoptr (JsonObject) body = request_body (serial, municipality, type, copies, options);
  guint status = 0;
  g_autoptr (JsonObject) answer = post (body, &status);
  JsonObject *error;

  g_assert_cmpstr (center_world_error_code (answer), ==, "refused");
  g_assert_cmpuint (status, ==, 409);
  error = json_object_get_object_member (answer, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "reason"), ==, reason);
}

/* Asserts @type for @serial with @options is a bad request. */
static void
assert_bad_request (const char *serial, const char *type, const char *options)
{
  g_autoptr (JsonObject) body = request_body (serial, NULL, type, 1, options);
  guint status = 0;
  g_autoptr (JsonObject) answer = post (body, &status);

  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (center_world_error_code (answer), ==, "bad-request");
}

/* Asserts every string of @needles is in @text. */
static void
assert_contains (const char *text, const char *const *needles)
{
  for (gsize i = 0; needles[i] != NULL; i++)
    if (strstr (text, needles[i]) == NULL)
      g_error ("「%s」 is not in the document:\n%s", needles[i], text);
}

/* ---- every type --------------------------------------------------------------------------- */

/* 高橋 和子 (card 3) lives where her 戸籍 is: all six types, each its own form. */
static void
test_each_type_for_card_3 (void)
{
  static const struct {
    const char *type;
    const char *const needles[4];
  } types[] = {
    { "juminhyo", { "住民票の写し", "高橋", "和子", NULL } },
    { "kisai", { "住民票記載事項証明書", "高橋", "和子", NULL } },
    { "inkan", { "印鑑登録証明書", "A-000002", "高橋", NULL } },
    { "zei", { "所得・課税証明書", "高橋", "和子", NULL } },
    { "koseki", { "戸籍全部事項証明書", "青葉町5番地", "和子", NULL } },
    { "fuhyo", { "戸籍の附票の写し", "青葉町5番地6", "和子", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *text = issue ("5A000003", NULL, types[i].type, NULL, "999999");

      assert_contains (text, types[i].needles);
      assert_contains (text, (const char *const[]){ "みどり市長", "緑川", NULL });
    }
}

/* ---- options ------------------------------------------------------------------------------ */

/* A 住民票 shows the holder alone by default, the chosen members when asked, and 本籍・筆頭者 and
 * 世帯主・続柄 only when asked. */
static void
test_juminhyo_options (void)
{
  g_autofree char *alone = issue ("5A000001", "999999", "juminhyo", NULL, "999999");
  g_autofree char *both = issue ("5A000001", "999999", "juminhyo",
                                 "{\"members\": [1, 2], \"show_relationship\": true,"
                                 " \"show_domicile\": true}",
                                 "999999");

  assert_contains (alone, (const char *const[]){ "花子", NULL });
  g_assert_null (strstr (alone, "太郎"));
  g_assert_null (strstr (alone, "本籍"));
  assert_contains (both, (const char *const[]){ "花子", "太郎", "世帯主", "妻", "本籍",
                                                "若葉町一丁目2番地", "筆頭者", NULL });
}

/* The My Number is printed only where the municipality allows it: みどり市 does not. */
static void
test_my_number_is_refused_where_not_allowed (void)
{
  assert_refused ("5A000001", NULL, "juminhyo", 1, "{\"show_my_number\": true}",
                  "option-not-offered");
}

/* 個人事項 shows the holder alone; 全部事項 the whole register, the removed member marked. */
static void
test_koseki_whole_and_individual (void)
{
  g_autofree char *whole = issue ("5A000002", "999998", "koseki", NULL, "999998");
  g_autofree char *individual = issue ("5A000002", "999998", "koseki",
                                       "{\"scope\": \"individual\"}", "999998");
  g_autofree char *fuhyo = issue ("5A000002", NULL, "fuhyo", NULL, "999998");

  assert_contains (whole, (const char *const[]){ "戸籍全部事項証明書", "健太", "美穂", "翔",
                                                 "除籍", "さくら町長", NULL });
  assert_contains (individual, (const char *const[]){ "戸籍個人事項証明書", "健太", NULL });
  g_assert_null (strstr (individual, "美穂"));
  assert_contains (fuhyo, (const char *const[]){ "戸籍の附票の写し", "さくらハイツ201号", NULL });
}

/* The tax year asked for is printed; without one, the latest out. */
static void
test_zei_fiscal_year (void)
{
  g_autofree char *asked = issue ("5A000003", NULL, "zei", "{\"fiscal_year\": 2024}", "999999");

  assert_contains (asked, (const char *const[]){ "令和6年度", NULL });
}

/* A name with an MJ variation sequence prints; the document is made in IPAmj明朝. */
static void
test_mj_name_prints (void)
{
  g_autofree char *text = issue ("5E000015", NULL, "juminhyo", NULL, "999999");

  assert_contains (text, (const char *const[]){ "健", "わたなべ", NULL });
}

/* Options that do not exist or do not apply, and members not in the household, are bad requests. */
static void
test_bad_options (void)
{
  assert_bad_request ("5A000001", "juminhyo", "{\"colour\": true}");
  assert_bad_request ("5A000001", "juminhyo", "{\"fiscal_year\": 2025}");
  assert_bad_request ("5A000001", "juminhyo", "{\"members\": [3]}");
  assert_bad_request ("5A000001", "juminhyo", "{\"members\": [1, 1]}");
  assert_bad_request ("5A000001", "juminhyo", "{\"members\": \"all\"}");
  assert_bad_request ("5A000001", "juminhyo", "{\"show_domicile\": 1}");
  assert_bad_request ("5A000003", "koseki", "{\"scope\": \"some\"}");
  assert_bad_request ("5A000003", "inkan", "{\"scope\": \"whole\"}");
  assert_bad_request ("5A000003", "zei", "{\"fiscal_year\": \"2025\"}");
}

/* ---- refusals ----------------------------------------------------------------------------- */

/* Each rule of docs/protocol.md's "Refusals" table, with its reason code. */
static void
test_each_refusal (void)
{
  static const struct {
    const char *serial, *municipality, *type;
    int copies;
    const char *options, *reason;
  } cases[] = {
    { "5A000004", NULL, "juminhyo", 1, NULL, "under-15" },
    { "5E000001", NULL, "juminhyo", 1, NULL, "moved-out" },
    { "5E000002", NULL, "juminhyo", 1, NULL, "moving-out" },
    { "5E000003", NULL, "juminhyo", 1, NULL, "deceased" },
    { "5E000004", NULL, "juminhyo", 1, NULL, "protected" },
    { "5E000006", NULL, "juminhyo", 1, "{\"members\": [1, 2]}", "household-protected" },
    { "5E000007", NULL, "juminhyo", 1, NULL, "moved-in-today" },
    { "5A000002", NULL, "inkan", 1, NULL, "no-seal" },
    { "5E000009", NULL, "zei", 1, NULL, "no-tax-record" },
    { "5A000003", NULL, "zei", 1, "{\"fiscal_year\": 2099}", "tax-year-unavailable" },
    { "5E000010", NULL, "koseki", 1, NULL, "use-registration-required" },
    { "5E000011", NULL, "koseki", 1, NULL, "use-registration-pending" },
    { "5E000012", NULL, "koseki", 1, NULL, "koseki-filing-pending" },
    { "5E000016", NULL, "koseki", 1, NULL, "no-family-register" },
    { "5E000015", NULL, "fuhyo", 1, NULL, "domicile-not-participating" },
    { "5E000013", NULL, "juminhyo", 1, NULL, "unprintable-character" },
    { "5E000014", NULL, "juminhyo", 1, NULL, "field-too-long" },
    { "5A000002", "999998", "koseki", 6, NULL, "too-many-copies" },
    { "5A000001", "999998", "juminhyo", 1, NULL, "not-resident-here" },
    { "5A000001", "999998", "koseki", 1, NULL, "no-family-register" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s %s → %s", cases[i].serial, cases[i].type, cases[i].reason);
      assert_refused (cases[i].serial, cases[i].municipality, cases[i].type, cases[i].copies,
                      cases[i].options, cases[i].reason);
    }
}

/* The husband of a protected resident gets his own record, just not one that shows her. */
static void
test_protected_spouse_is_not_shown_but_holder_served (void)
{
  g_autofree char *text = issue ("5E000006", NULL, "juminhyo", "{\"members\": [1]}", "999999");

  assert_contains (text, (const char *const[]){ "誠", NULL });
  g_assert_null (strstr (text, "恵"));
}

/* ---- the catalogue ------------------------------------------------------------------------ */

/* GET /v1/catalogue for @serial: its "municipalities" array. */
static JsonArray *
catalogue (const char *serial)
{
  g_autoptr (SimHttpClient) client =
    center_world_client (world, world->municipal_url, "center-client");
  g_autofree char *path = g_strdup_printf ("/v1/catalogue?card_serial=%s", serial);
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_call (client, "GET", path, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_array_ref (json_object_get_array_member (answer, "municipalities"));
}

/* The certificate entry of @type in @municipality, or NULL. */
static JsonObject *
offer_of (JsonObject *municipality, const char *type)
{
  JsonArray *certificates = json_object_get_array_member (municipality, "certificates");

  for (guint i = 0; i < json_array_get_length (certificates); i++)
    {
      JsonObject *offer = json_array_get_object_element (certificates, i);

      if (g_str_equal (json_object_get_string_member (offer, "type"), type))
        return offer;
    }
  return NULL;
}

/* Card 2's resident: みどり市 as 住所地 with its four types, さくら町 as 本籍地 (use-registered)
 * with 戸籍 and 附票, each with the fee in effect today and the hours. */
static void
test_catalogue_residence_and_domicile (void)
{
  g_autoptr (JsonArray) list = catalogue ("5A000002");
  JsonObject *residence, *domicile;

  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  residence = json_array_get_object_element (list, 0);
  domicile = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (residence, "code"), ==, "999999");
  g_assert_cmpstr (json_object_get_string_member (residence, "role"), ==, "residence");
  g_assert_true (json_object_get_boolean_member (residence, "open"));
  g_assert_cmpint (json_object_get_int_member (offer_of (residence, "juminhyo"), "fee"), ==, 200);
  g_assert_nonnull (offer_of (residence, "zei"));
  g_assert_null (offer_of (residence, "koseki"));
  g_assert_cmpstr (json_object_get_string_member (domicile, "code"), ==, "999998");
  g_assert_cmpstr (json_object_get_string_member (domicile, "role"), ==, "domicile");
  g_assert_cmpint (json_object_get_int_member (offer_of (domicile, "koseki"), "fee"), ==, 450);
  g_assert_cmpint (json_object_get_int_member (offer_of (domicile, "fuhyo"), "fee"), ==, 250);
  g_assert_null (offer_of (domicile, "juminhyo"));
  g_assert_cmpint (json_object_get_int_member (domicile, "max_copies"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (residence, "hours"),
                                                  "opens"),
                   ==, "00:00");
}

/* Where 住所地 and 本籍地 are one, one entry with all six; the household members to choose from
 * are listed by name, a protected one never. */
static void
test_catalogue_members_and_protection (void)
{
  g_autoptr (JsonArray) card_3 = catalogue ("5A000003");
  g_autoptr (JsonArray) husband = catalogue ("5E000006");
  g_autoptr (JsonArray) card_1 = catalogue ("5A000001");
  JsonObject *options;
  JsonArray *members;

  g_assert_cmpuint (json_array_get_length (card_3), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (card_3, 0), "role"),
                   ==, "residence-and-domicile");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (card_3, 0), "certificates")),
                    ==, 6);
  options = json_object_get_object_member (
    offer_of (json_array_get_object_element (card_1, 0), "juminhyo"), "options");
  members = json_object_get_array_member (options, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "name"),
                   ==, "山田 太郎");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (members, 1), "holder"));
  g_assert_false (json_object_get_boolean_member (options, "show_my_number"));
  options = json_object_get_object_member (
    offer_of (json_array_get_object_element (husband, 0), "juminhyo"), "options");
  members = json_object_get_array_member (options, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (members, 0), "name"),
                   ==, "加藤 誠");
}

/* No use registration: the 本籍地 is not offered. */
static void
test_catalogue_without_use_registration (void)
{
  g_autoptr (JsonArray) list = catalogue ("5E000010");

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_null (offer_of (json_array_get_object_element (list, 0), "koseki"));
}

/* ---- at fixed instants -------------------------------------------------------------------- */

/* はなぞの村 keeps 09:00–17:00, closes 29 Dec – 3 Jan and for its maintenance window; みどり市
 * does none of it. Before June the new fiscal year's tax certificate is not out, and the default
 * is the year before. */
static void
test_hours_closed_days_and_june (void)
{
  center_world_restart_municipal (world, "2026-11-10T20:00:00+09:00");
  assert_refused ("5E000020", NULL, "juminhyo", 1, NULL, "outside-hours");
  {
    g_autoptr (JsonArray) list = catalogue ("5E000020");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                    "closed_reason"),
                     ==, "outside-hours");
  }
  /* in the window (09:30–11:00 that day) the village says so and offers nothing */
  center_world_restart_municipal (world, "2026-11-10T10:00:00+09:00");
  assert_refused ("5E000020", NULL, "juminhyo", 1, NULL, "maintenance");
  assert_refused ("5E000020", NULL, "kisai", 1, NULL, "type-not-offered");
  {
    g_autoptr (JsonArray) list = catalogue ("5E000020");
    JsonObject *village = json_array_get_object_element (list, 0);

    g_assert_false (json_object_get_boolean_member (village, "open"));
    g_assert_cmpstr (json_object_get_string_member (village, "closed_reason"), ==, "maintenance");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (village, "certificates")),
                      ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (village, "maintenance")),
                      ==, 1);
  }
  center_world_restart_municipal (world, "2026-11-10T11:00:00+09:00");
  {
    g_autofree char *text = issue ("5E000020", NULL, "juminhyo", NULL, "999997");
    g_autoptr (JsonArray) list = catalogue ("5E000020");
    JsonObject *village = json_array_get_object_element (list, 0);

    assert_contains (text, (const char *const[]){ "はなぞの村長", "花田", NULL });
    g_assert_true (json_object_get_boolean_member (village, "open"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (village, "maintenance")),
                      ==, 0);
  }
  center_world_restart_municipal (world, "2026-12-30T10:00:00+09:00");
  assert_refused ("5E000020", NULL, "juminhyo", 1, NULL, "closed-day");
  {
    g_autofree char *text = issue ("5A000001", NULL, "juminhyo", NULL, "999999");

    assert_contains (text, (const char *const[]){ "令和8年12月30日", NULL });
  }
  center_world_restart_municipal (world, "2026-05-20T10:00:00+09:00");
  assert_refused ("5A000003", NULL, "zei", 1, "{\"fiscal_year\": 2026}", "tax-year-unavailable");
  {
    g_autofree char *text = issue ("5A000003", NULL, "zei", NULL, "999999");

    assert_contains (text, (const char *const[]){ "令和7年度", NULL });
  }
  center_world_restart_municipal (world, NULL);
}

/* A registry file of the first schema (no version) is refused at start with what to do, not
 * served with queries that fail. */
static void
test_old_registry_is_refused_at_start (void)
{
  g_autofree char *old = center_world_path (world, "old-registry.sqlite");
  g_autofree char *cert = center_world_path (world, "municipal.pem");
  g_autofree char *key = center_world_path (world, "municipal.key");
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *signer_cert = center_world_path (world, "muni-signer.pem");
  g_autofree char *signer_key = center_world_path (world, "muni-signer.key");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (old, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE municipality (code TEXT PRIMARY KEY, name TEXT);"
                                 "INSERT INTO municipality VALUES ('999999', 'みどり市');",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, center_world_program ("KIOSK_SIM_MUNICIPAL"), "--listen",
                              "127.0.0.1:0", "--cert", cert, "--key", key, "--client-ca", ca,
                              "--signer-cert", signer_cert, "--signer-key", signer_key,
                              "--registry", old, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_nonnull (strstr (err, "schema version 0"));
  g_assert_nonnull (strstr (err, "make a new one"));
}

/* Starts the world, runs the tests, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, ""); /* the failure messages quote the documents, in UTF-8 */
  g_test_init (&argc, &argv, NULL);
  world = center_world_new (FALSE);
  g_test_add_func ("/municipal/rules/each-type-for-card-3", test_each_type_for_card_3);
  g_test_add_func ("/municipal/rules/juminhyo-options", test_juminhyo_options);
  g_test_add_func ("/municipal/rules/my-number-is-refused-where-not-allowed",
                   test_my_number_is_refused_where_not_allowed);
  g_test_add_func ("/municipal/rules/koseki-whole-and-individual", test_koseki_whole_and_individual);
  g_test_add_func ("/municipal/rules/zei-fiscal-year", test_zei_fiscal_year);
  g_test_add_func ("/municipal/rules/mj-name-prints", test_mj_name_prints);
  g_test_add_func ("/municipal/rules/bad-options", test_bad_options);
  g_test_add_func ("/municipal/rules/each-refusal", test_each_refusal);
  g_test_add_func ("/municipal/rules/protected-spouse-is-not-shown-but-holder-served",
                   test_protected_spouse_is_not_shown_but_holder_served);
  g_test_add_func ("/municipal/rules/catalogue-residence-and-domicile",
                   test_catalogue_residence_and_domicile);
  g_test_add_func ("/municipal/rules/catalogue-members-and-protection",
                   test_catalogue_members_and_protection);
  g_test_add_func ("/municipal/rules/catalogue-without-use-registration",
                   test_catalogue_without_use_registration);
  g_test_add_func ("/municipal/rules/hours-closed-days-and-june", test_hours_closed_days_and_june);
  g_test_add_func ("/municipal/rules/old-registry-is-refused-at-start",
                   test_old_registry_is_refused_at_start);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  return status;
}
