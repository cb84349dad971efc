/* test-center-ocsp.c: the center's revocation check against real `openssl ocsp` responders. Each
 * test starts a center of its own (an empty cache) asking a responder it chose. */
#include <string.h>

#include "sim/servers/sim-ocsp.h"
#include "tests/center/center-world.h"

/* The world shared by the tests of this program: PKI, municipal server, the default responder. */
static CenterWorld *world;

/* Restarts the center asking @ocsp with @cache_seconds, and returns a terminal's client of it. */
static SimHttpClient *
center_asking (CenterWorldOcsp *ocsp, guint cache_seconds)
{
  center_world_restart_center (world, ocsp, cache_seconds);
  return center_world_client (world, world->center_url, "terminal");
}

/* Authenticates as @card and checks the answer is @expected_status with @code (NULL: a session). */
static void
assert_authentication (SimHttpClient *client, const char *card, guint expected_status,
                       const char *code)
{
  guint status = 0;
  g_autoptr (JsonObject) answer = center_world_authenticate (world, client, card, &status);

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (center_world_error_code (answer), ==, code);
  if (code == NULL)
    g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (answer, "session_id")));
}

/* A good card opens a session once the responder has said so. */
static void
test_good_card_opens_session (void)
{
  g_autoptr (CenterWorldOcsp) ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autoptr (SimHttpClient) client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_authentication (client, "card-1", 201, NULL);
  g_assert_cmpuint (center_world_ocsp_requests (ocsp), ==, 1);
}

/* Card 7, revoked in the CA's database, is refused with cert-revoked. */
static void
test_revoked_card_is_refused (void)
{
  g_autoptr (SimHttpClient) client = center_asking (world->ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_authentication (client, "card-7", 401, "cert-revoked");
}

/* Writes @name: jpki-ca.index without the line of serial @serial, and its attributes. */
static void
write_index_without (const char *name, const char *serial)
{
  g_autoptr (GBytes) index = center_world_read (world, "jpki-ca.index");
  g_autofree char *text = g_strndup (g_bytes_get_data (index, NULL), g_bytes_get_size (index));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GString) kept = g_string_new (NULL);
  g_autofree char *field = g_strdup_printf ("\t%s\t", serial);
  g_autofree char *attributes = g_strconcat (name, ".attr", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && strstr (lines[i], field) == NULL)
      g_string_append_printf (kept, "%s\n", lines[i]);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, 7); /* cards 1-4, 7, 8, 9 */
  g_assert_nonnull (strstr (text, field));
  center_world_write (world, name, kept->str);
  /* Every card certificate has the same subject: the database must allow repeats. */
  center_world_write (world, attributes, "unique_subject = no\n");
}

/* A certificate the CA issued but the responder's database does not list is refused as unknown. */
static void
test_card_unknown_to_responder_is_refused (void)
{
  g_autoptr (CenterWorldOcsp) ocsp = NULL;
  g_autoptr (SimHttpClient) client = NULL;

  write_index_without ("without-card-2.index", "5A000002");
  ocsp = center_world_ocsp_start (world, "without-card-2.index", "jpki-ocsp");
  client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);
  assert_authentication (client, "card-2", 401, "cert-status-unknown");
  assert_authentication (client, "card-1", 201, NULL);
}

/* With the responder down the center fails closed: revocation-unavailable, no session. */
static void
test_responder_down_fails_closed (void)
{
  CenterWorldOcsp *ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autoptr (SimHttpClient) client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  center_world_ocsp_stop (ocsp);
  assert_authentication (client, "card-1", 503, "revocation-unavailable");
}

/* Asks, through a responder signing as @signer, about card 1, and expects a refusal although the
 * responder answered "good". */
static void
assert_signer_refused (const char *signer)
{
  g_autoptr (CenterWorldOcsp) ocsp = center_world_ocsp_start (world, "jpki-ca.index", signer);
  g_autoptr (SimHttpClient) client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_authentication (client, "card-1", 503, "revocation-unavailable");
  g_assert_cmpuint (center_world_ocsp_requests (ocsp), ==, 1);
}

/* An answer signed by a certificate of the CA that was not delegated OCSP signing (card 2's) is
 * not believed. */
static void
test_answer_signed_by_undelegated_certificate_is_refused (void)
{
  assert_signer_refused ("card-2");
}

/* An answer signed by a responder certificate from another CA (the TLS CA's center.pem) is not
 * believed. */
static void
test_answer_signed_by_another_ca_is_refused (void)
{
  assert_signer_refused ("center");
}

/* A good answer is reused: a second session for the card asks nothing, even with the responder down. */
static void
test_good_answer_is_reused_from_cache (void)
{
  CenterWorldOcsp *ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autoptr (SimHttpClient) client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_authentication (client, "card-1", 201, NULL);
  assert_authentication (client, "card-1", 201, NULL);
  g_assert_cmpuint (center_world_ocsp_requests (ocsp), ==, 1);
  center_world_ocsp_stop (ocsp);
  assert_authentication (client, "card-1", 201, NULL);
  assert_authentication (client, "card-2", 503, "revocation-unavailable");
}

/* A revoked answer is never kept as good: every try asks again, and is refused again. */
static void
test_revoked_answer_is_not_cached (void)
{
  g_autoptr (CenterWorldOcsp) ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autoptr (SimHttpClient) client = center_asking (ocsp, SIM_OCSP_DEFAULT_CACHE_SECONDS);

  assert_authentication (client, "card-7", 401, "cert-revoked");
  assert_authentication (client, "card-7", 401, "cert-revoked");
  g_assert_cmpuint (center_world_ocsp_requests (ocsp), ==, 2);
}

/* With --ocsp-cache-seconds 0 every session asks the responder. */
static void
test_cache_off_asks_every_time (void)
{
  g_autoptr (CenterWorldOcsp) ocsp = center_world_ocsp_start (world, "jpki-ca.index", "jpki-ocsp");
  g_autoptr (SimHttpClient) client = center_asking (ocsp, 0);

  assert_authentication (client, "card-1", 201, NULL);
  assert_authentication (client, "card-1", 201, NULL);
  g_assert_cmpuint (center_world_ocsp_requests (ocsp), ==, 2);
}

/* The center does not start without a responder unless told explicitly to skip revocation. */
static void
test_center_needs_a_revocation_policy (void)
{
  g_autofree char *ca = center_world_path (world, "tls-ca.pem");
  g_autofree char *jpki_ca = center_world_path (world, "jpki-ca.pem");
  g_autofree char *client_cert = center_world_path (world, "center-client.pem");
  g_autofree char *client_key = center_world_path (world, "center-client.key");
  g_autofree char *db = center_world_path (world, "center.sqlite");
  const char *argv[] = {
    g_getenv ("KIOSK_SIM_CENTER"), "--listen", "127.0.0.1:0", "--jpki-ca", jpki_ca,
    "--municipal-url", world->municipal_url, "--municipal-ca", ca, "--client-cert", client_cert,
    "--client-key", client_key, "--db", db, NULL,
  };
  g_autofree char *errors = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &errors,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_nonnull (strstr (errors, "--ocsp-url"));
}

/* Runs the tests in one world. */
int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  world = center_world_new (TRUE);
  g_test_add_func ("/center-ocsp/good-card-opens-session", test_good_card_opens_session);
  g_test_add_func ("/center-ocsp/revoked-card-is-refused", test_revoked_card_is_refused);
  g_test_add_func ("/center-ocsp/card-unknown-to-responder-is-refused",
                   test_card_unknown_to_responder_is_refused);
  g_test_add_func ("/center-ocsp/responder-down-fails-closed", test_responder_down_fails_closed);
  g_test_add_func ("/center-ocsp/answer-signed-by-undelegated-certificate-is-refused",
                   test_answer_signed_by_undelegated_certificate_is_refused);
  g_test_add_func ("/center-ocsp/answer-signed-by-another-ca-is-refused",
                   test_answer_signed_by_another_ca_is_refused);
  g_test_add_func ("/center-ocsp/good-answer-is-reused-from-cache",
                   test_good_answer_is_reused_from_cache);
  g_test_add_func ("/center-ocsp/revoked-answer-is-not-cached", test_revoked_answer_is_not_cached);
  g_test_add_func ("/center-ocsp/cache-off-asks-every-time", test_cache_off_asks_every_time);
  g_test_add_func ("/center-ocsp/center-needs-a-revocation-policy",
                   test_center_needs_a_revocation_policy);
  status = g_test_run ();
  g_clear_pointer (&world, center_world_free);
  return status;
}
