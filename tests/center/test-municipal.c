/* test-municipal.c: kiosk-sim-municipal as the center sees it, over real mutual TLS. */
#include "tests/center/center-world.h"

#include <string.h>

#include "sim/servers/sim-http-client.h"
#include "sim/servers/sim-server.h"

/* The world shared by the tests of this program: one PKI, one municipal server. */
static CenterWorld *world;

/* The fingerprint of card @n, as the center would compute it. */
static char *
card_fingerprint (int n)
{
  g_autofree char *name = g_strdup_printf ("card-%d.der", n);
  g_autoptr (GBytes) der = center_world_read (world, name);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

/* A POST /v1/certificates body for card @serial, with the fingerprint of card @n. */
static JsonObject *
certificate_request (const char *request_id, const char *serial, int n)
{
  JsonObject *body = json_object_new ();
  g_autofree char *fingerprint = card_fingerprint (n);

  json_object_set_string_member (body, "request_id", request_id);
  json_object_set_string_member (body, "session_id", "0b5f7a2c-3d4e-4f60-8a9b-0c1d2e3f4a5b");
  json_object_set_string_member (body, "terminal_id", "T-0001");
  json_object_set_string_member (body, "card_serial", serial);
  json_object_set_string_member (body, "card_fingerprint", fingerprint);
  json_object_set_string_member (body, "municipality", "999999");
  json_object_set_string_member (body, "type", "juminhyo");
  json_object_set_int_member (body, "copies", 1);
  return body;
}

/* Posts @body as the center and returns the answer. */
static JsonObject *
post_certificate (JsonObject *body, guint *status)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url,
                                                          "center-client");

  return center_world_call (client, "POST", "/v1/certificates", body, status);
}

/* Issues a document for card @n and returns its text. */
static char *
issue_text (const char *serial, int n)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, serial, n);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_certificate (body, &status);
  g_autoptr (GBytes) document = NULL;

  g_assert_cmpuint (status, ==, 201);
  document = center_world_get_base64 (answer, "document");
  return center_world_pdf_text (document);
}

/* Card 1's document is a 住民票の写し naming card 1's resident, certified by the mayor. */
static void
test_document_for_card_1_names_its_resident (void)
{
  g_autofree char *text = issue_text ("5A000001", 1);

  g_assert_nonnull (strstr (text, "住民票の写し"));
  g_assert_nonnull (strstr (text, "山田"));
  g_assert_nonnull (strstr (text, "花子"));
  g_assert_nonnull (strstr (text, "昭和60年4月2日"));
  g_assert_nonnull (strstr (text, "この写しは、住民票の原本と相違ないことを証明する。"));
  g_assert_nonnull (strstr (text, "みどり市長"));
  g_assert_nonnull (strstr (text, "令和"));
  g_assert_null (strstr (text, "健太"));
}

/* Card 2's document names another resident of another household. */
static void
test_document_for_card_2_names_another_resident (void)
{
  g_autofree char *text = issue_text ("5A000002", 2);

  g_assert_nonnull (strstr (text, "佐藤"));
  g_assert_nonnull (strstr (text, "健太"));
  g_assert_nonnull (strstr (text, "桜台"));
  g_assert_null (strstr (text, "花子"));
  g_assert_null (strstr (text, "若葉町"));
}

/* A serial no resident holds is resident-unknown. */
static void
test_unknown_serial_is_resident_unknown (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, "5A0000FF", 1);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_certificate (body, &status);

  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (center_world_error_code (answer), ==, "resident-unknown");
}

/* A resident under 15 is refused with a reason. */
static void
test_minor_is_refused (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, "5A000004", 4);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_certificate (body, &status);

  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (center_world_error_code (answer), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "error"),
                                                  "reason"),
                   ==, "under-15");
}

/* A type no municipality has is type-unknown. */
static void
test_unknown_type_is_type_unknown (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, "5A000001", 1);
  guint status = 0;
  g_autoptr (JsonObject) answer = NULL;

  json_object_set_string_member (body, "type", "shomei");
  answer = post_certificate (body, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (center_world_error_code (answer), ==, "type-unknown");
}

/* The binding verifies with muni-signer.pem and binds this request and these exact PDF bytes. */
static void
test_binding_verifies_and_matches_document (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, "5A000001", 1);
  guint status = 0;
  g_autoptr (JsonObject) answer = post_certificate (body, &status);
  g_autoptr (GBytes) document = center_world_get_base64 (answer, "document");
  g_autoptr (JsonObject) statement =
    center_world_verify_binding (world, json_object_get_object_member (answer, "binding"));
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, document);
  g_autofree char *fingerprint = card_fingerprint (1);

  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (statement, "v"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (statement, "document_sha256"), ==, sha256);
  g_assert_cmpstr (json_object_get_string_member (statement, "request_id"), ==, request_id);
  g_assert_cmpstr (json_object_get_string_member (statement, "card_fingerprint"), ==, fingerprint);
  g_assert_cmpstr (json_object_get_string_member (statement, "terminal_id"), ==, "T-0001");
  g_assert_cmpstr (json_object_get_string_member (statement, "municipality"), ==, "999999");
  g_assert_cmpstr (json_object_get_string_member (statement, "type"), ==, "juminhyo");
  g_assert_cmpint (json_object_get_int_member (statement, "copies"), ==, 1);
}

/* Asking again with the same request_id answers the identical document and binding. */
static void
test_same_request_id_returns_identical_bytes (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) body = certificate_request (request_id, "5A000003", 3);
  guint first_status = 0, second_status = 0;
  g_autoptr (JsonObject) first = post_certificate (body, &first_status);
  g_autoptr (JsonObject) second = post_certificate (body, &second_status);

  g_assert_cmpuint (first_status, ==, 201);
  g_assert_cmpuint (second_status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (first, "document"), ==,
                   json_object_get_string_member (second, "document"));
  g_assert_cmpstr (
    json_object_get_string_member (json_object_get_object_member (first, "binding"), "statement"),
    ==,
    json_object_get_string_member (json_object_get_object_member (second, "binding"), "statement"));
}

/* A request_id reused for another card never answers the first card's document. */
static void
test_same_request_id_for_another_card_is_refused (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr (JsonObject) first_body = certificate_request (request_id, "5A000001", 1);
  g_autoptr (JsonObject) second_body = certificate_request (request_id, "5A000002", 2);
  guint status = 0;
  g_autoptr (JsonObject) first = post_certificate (first_body, &status);
  g_autoptr (JsonObject) second = NULL;

  g_assert_cmpuint (status, ==, 201);
  second = post_certificate (second_body, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (center_world_error_code (second), ==, "refused");
  g_assert_false (json_object_has_member (second, "document"));
}

/* One POST of a concurrent burst: its body, and what came back. */
typedef struct {
  JsonObject *body;
  guint status;
  GBytes *document;
} BurstCall;

/* Posts one call of a burst, from its own thread and connection. */
static gpointer
post_in_thread (gpointer data)
{
  BurstCall *call = data;
  g_autoptr (JsonObject) answer = post_certificate (call->body, &call->status);
  const char *document = json_object_get_string_member_with_default (answer, "document", NULL);

  if (document != NULL)
    {
      gsize len = 0;
      guchar *bytes = g_base64_decode (document, &len);

      call->document = g_bytes_new_take (bytes, len);
    }
  return NULL;
}

/* Posts every call of @calls at once and waits for all answers. */
static void
post_burst (BurstCall *calls, guint n)
{
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (threads, g_thread_new ("burst", post_in_thread, &calls[i]));
  for (guint i = 0; i < n; i++)
    g_thread_join (g_ptr_array_index (threads, i));
}

/* The same request id asked eight times at once (documents are made in worker threads): one
 * document is issued, and every answer carries it. */
static void
test_same_request_at_once_gets_one_document (void)
{
  g_autofree char *request_id = g_uuid_string_random ();
  BurstCall calls[8] = { 0 };
  guint created = 0;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    calls[i].body = certificate_request (request_id, "5A000001", 1);
  post_burst (calls, G_N_ELEMENTS (calls));
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_assert_true (calls[i].status == 201 || calls[i].status == 200);
      created += calls[i].status == 201;
      g_assert_nonnull (calls[i].document);
      g_assert_true (g_bytes_equal (calls[i].document, calls[0].document));
    }
  g_assert_cmpuint (created, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      json_object_unref (calls[i].body);
      g_bytes_unref (calls[i].document);
    }
}

/* Different requests at once each get a document of their own, with its own issue number. */
static void
test_different_requests_at_once_get_their_own_documents (void)
{
  BurstCall calls[8] = { 0 };
  g_autoptr (GHashTable) seen = g_hash_table_new (g_bytes_hash, g_bytes_equal);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autofree char *request_id = g_uuid_string_random ();

      calls[i].body = certificate_request (request_id, i % 2 ? "5A000002" : "5A000001",
                                           i % 2 ? 2 : 1);
    }
  post_burst (calls, G_N_ELEMENTS (calls));
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_assert_cmpuint (calls[i].status, ==, 201);
      g_assert_true (g_hash_table_add (seen, calls[i].document)); /* never the same document */
    }
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      json_object_unref (calls[i].body);
      g_bytes_unref (calls[i].document);
    }
}

/* Malformed JSON, wrong types and missing fields are bad-request. */
static void
test_malformed_request_is_bad_request (void)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url,
                                                          "center-client");
  const char *bodies[] = {
    "{\"request_id\":", "[]", "{}", "\xff\xfe",
    "{\"request_id\":\"x\",\"session_id\":\"s\",\"terminal_id\":\"T\",\"card_serial\":\"5A000001\","
    "\"card_fingerprint\":\"00\",\"type\":\"juminhyo\",\"copies\":1}",
    "{\"request_id\":\"3b241101-e2bb-4255-8caf-4136c566a962\",\"session_id\":1}",
  };

  center_world_assert_bad_requests (client, "/v1/certificates", bodies, G_N_ELEMENTS (bodies));
}

/* A body larger than the cap is refused before it is read. */
static void
test_huge_body_is_refused (void)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url,
                                                          "center-client");
  gsize size = 4 * 1024 * 1024;
  g_autoptr (GBytes) body = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request (client, "POST", "/v1/certificates", body, &error);
  g_autoptr (JsonObject) answer = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 413);
  answer = sim_json_parse_object (response->body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (center_world_error_code (answer), ==, "bad-request");
}

/* The catalogue offers 住民票の写し of みどり市 to card 1's resident (tests/municipal/test-rules.c
 * has the rest of it). */
static void
test_catalogue_offers_juminhyo (void)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url,
                                                          "center-client");
  guint status = 0;
  g_autoptr (JsonObject) answer =
    center_world_call (client, "GET", "/v1/catalogue?card_serial=5A000001", NULL, &status);
  JsonObject *municipality, *offer;

  g_assert_cmpuint (status, ==, 200);
  municipality =
    json_array_get_object_element (json_object_get_array_member (answer, "municipalities"), 0);
  g_assert_cmpstr (json_object_get_string_member (municipality, "code"), ==, "999999");
  g_assert_cmpstr (json_object_get_string_member (municipality, "name"), ==, "みどり市");
  offer = json_array_get_object_element (json_object_get_array_member (municipality, "certificates"),
                                         0);
  g_assert_cmpstr (json_object_get_string_member (offer, "type"), ==, "juminhyo");
  g_assert_cmpint (json_object_get_int_member (offer, "fee"), ==, 200);
}

/* A client without a certificate does not get an HTTP answer: the TLS handshake refuses it. */
static void
test_client_without_certificate_is_refused_at_tls (void)
{
  g_autoptr (SimHttpClient) client = center_world_client (world, world->municipal_url, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request (client, "GET", "/healthz", NULL, &error);

  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* A client certificate from another CA (the card CA) is refused at TLS too. */
static void
test_client_from_another_ca_is_refused_at_tls (void)
{
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *cert = center_world_path (world, "card-1.pem");
  g_autofree char *key = center_world_path (world, "card-1.key");
  g_autoptr (SimHttpClient) client = sim_http_client_new (world->municipal_url, ca, cert, key);
  g_autoptr (GError) error = NULL;
  g_autoptr (SimHttpResponse) response =
    sim_http_client_request (client, "GET", "/healthz", NULL, &error);

  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* Starts the world, runs the tests, stops the world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = center_world_new (FALSE);
  g_test_add_func ("/municipal/document-for-card-1-names-its-resident",
                   test_document_for_card_1_names_its_resident);
  g_test_add_func ("/municipal/document-for-card-2-names-another-resident",
                   test_document_for_card_2_names_another_resident);
  g_test_add_func ("/municipal/unknown-serial-is-resident-unknown",
                   test_unknown_serial_is_resident_unknown);
  g_test_add_func ("/municipal/minor-is-refused", test_minor_is_refused);
  g_test_add_func ("/municipal/same-request-at-once-gets-one-document",
                   test_same_request_at_once_gets_one_document);
  g_test_add_func ("/municipal/different-requests-at-once-get-their-own-documents",
                   test_different_requests_at_once_get_their_own_documents);
  g_test_add_func ("/municipal/unknown-type-is-type-unknown", test_unknown_type_is_type_unknown);
  g_test_add_func ("/municipal/binding-verifies-and-matches-document",
                   test_binding_verifies_and_matches_document);
  g_test_add_func ("/municipal/same-request-id-returns-identical-bytes",
                   test_same_request_id_returns_identical_bytes);
  g_test_add_func ("/municipal/same-request-id-for-another-card-is-refused",
                   test_same_request_id_for_another_card_is_refused);
  g_test_add_func ("/municipal/malformed-request-is-bad-request",
                   test_malformed_request_is_bad_request);
  g_test_add_func ("/municipal/huge-body-is-refused", test_huge_body_is_refused);
  g_test_add_func ("/municipal/catalogue-offers-juminhyo", test_catalogue_offers_juminhyo);
  g_test_add_func ("/municipal/client-without-certificate-is-refused-at-tls",
                   test_client_without_certificate_is_refused_at_tls);
  g_test_add_func ("/municipal/client-from-another-ca-is-refused-at-tls",
                   test_client_from_another_ca_is_refused_at_tls);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  return status;
}
