/* center-world.h: the test fixture of the center and municipal suites: a generated PKI and the real
 * kiosk-sim-municipal / kiosk-sim-center processes on 127.0.0.1, reached over mutual TLS, and the
 * `openssl ocsp` responders the center asks. */
#pragma once

#include <json-glib/json-glib.h>

#include "sim/servers/sim-http-client.h"
#include "tests/center/center-db.h"

G_BEGIN_DECLS

/* A real `openssl ocsp` responder for jpki-ca, on a port it chose itself. */
typedef struct {
  GSubprocess *process;
  char *url;            /* http://127.0.0.1:PORT */
  char *log;            /* its stderr: one "Received request" line per question */
} CenterWorldOcsp;

typedef struct {
  char *dir;            /* temporary directory with the PKI and the servers' files */
  GSubprocess *municipal;
  char *municipal_url;
  CenterWorldOcsp *ocsp; /* the responder the center starts with; NULL unless with_center */
  GSubprocess *center;  /* NULL unless started */
  char *center_url;
  CenterDb *db;         /* the center's database (KIOSK_TEST_CENTER_DB); NULL unless with_center */
  GSubprocess *second_center; /* another instance on the same database; NULL unless started */
  char *second_center_url;
} CenterWorld;

/* Generates the PKI (4 cards) with sim/pki/make-pki and starts the municipal server, and an OCSP
 * responder and the center asking it too if @with_center, on SQLite or, with
 * KIOSK_TEST_CENTER_DB=pg, on a PostgreSQL server of its own. Aborts the test program on failure. */
CenterWorld *center_world_new (gboolean with_center);

/* Stops the municipal server and starts it again on the same registry, judging hours, days and
 * ages at the ISO 8601 instant @fixed_time (NULL: the clock); its new URL in world->municipal_url. */
void center_world_restart_municipal (CenterWorld *world, const char *fixed_time);

/* Starts `openssl ocsp` serving @index (a file of the world, "jpki-ca.index") and signing with
 * @signer.pem/@signer.key, and waits until it listens. */
CenterWorldOcsp *center_world_ocsp_start (CenterWorld *world, const char *index, const char *signer);

/* How many requests the responder has received so far. */
guint center_world_ocsp_requests (CenterWorldOcsp *ocsp);

/* Stops the responder (if it still runs) and frees @ocsp. */
void center_world_ocsp_stop (CenterWorldOcsp *ocsp);

/* Stops the center, if one runs, and starts another asking @ocsp (NULL: --no-revocation-check)
 * and reusing a good answer for @cache_seconds. */
void center_world_restart_center (CenterWorld *world, CenterWorldOcsp *ocsp, guint cache_seconds);

/* Starts a second center on the world's database, asking the world's OCSP responder: another
 * instance serving the same fleet. Returns its URL; center_world_free stops it. */
const char *center_world_start_second_center (CenterWorld *world);

/* Starts a server of the test's own (@argv, its program from KIOSK_SIM_*) and waits, with a
 * timeout, until it has written @ready_path; its base URL in @url. Aborts if it exits first. */
GSubprocess *center_world_start_server (const char *const *argv, const char *ready_path, char **url);

/* The program named by @variable (KIOSK_SIM_CENTER, KIOSK_SIM_MUNICIPAL), which meson sets. */
const char *center_world_program (const char *variable);

/* Sends @process SIGTERM and asserts it exits with status 0. */
void center_world_stop (GSubprocess *process);

/* Stops the servers with SIGTERM, checks they exit cleanly, removes the directory. */
void center_world_free (CenterWorld *world);

/* The path of @name inside the world's directory. */
char *center_world_path (CenterWorld *world, const char *name);

/* Writes @contents to @name inside the world's directory. */
void center_world_write (CenterWorld *world, const char *name, const char *contents);

/* The contents of @name inside the world's directory. */
GBytes *center_world_read (CenterWorld *world, const char *name);

/* A client of @url presenting @name.pem / @name.key (NULL: no client certificate), pinning tls-ca. */
SimHttpClient *center_world_client (CenterWorld *world, const char *url, const char *name);

/* Sends @body (NULL: none) and returns the JSON object answered, with the HTTP status in @status;
 * a transport failure fails the test. */
JsonObject *center_world_call (SimHttpClient *client, const char *method, const char *path,
                               JsonObject *body, guint *status);

/* A fresh nonce from the center, asserting it answered 200. */
char *center_world_nonce (SimHttpClient *client);

/* A POST /v1/sessions body: @nonce, @terminal_time, card @cert_name's certificate and @key_name's
 * signature over the challenge for @nonce, @terminal_id and @terminal_time. */
JsonObject *center_world_session_body (CenterWorld *world, const char *nonce,
                                       const char *terminal_id, const char *terminal_time,
                                       const char *cert_name, const char *key_name);

/* Asks @client's center for a nonce and opens a session as card @card ("card-1": its .der and .key)
 * from terminal T-0001; returns the answer, with the HTTP status in @status. */
JsonObject *center_world_authenticate (CenterWorld *world, SimHttpClient *client, const char *card,
                                       guint *status);

/* The "code" of an error body, or NULL. */
const char *center_world_error_code (JsonObject *answer);

/* Makes a client certificate @name.pem/@name.key with CN @common_name signed by tls-ca. */
void center_world_make_client (CenterWorld *world, const char *name, const char *common_name);

/* Makes a card @name.key/@name.der issued by a CA other than the JPKI test CA. */
void center_world_make_rogue_card (CenterWorld *world, const char *name);

/* An RSA PKCS#1 v1.5 SHA-256 signature over @data with @name.key, as the card would make it. */
GBytes *center_world_sign (CenterWorld *world, const char *name, GBytes *data);

/* The base64 string member @member of @object decoded, failing the test if absent. */
GBytes *center_world_get_base64 (JsonObject *object, const char *member);

/* The text of the first page of the PDF @document (poppler-glib). */
char *center_world_pdf_text (GBytes *document);

/* Checks that @binding's signature over its statement verifies with muni-signer.pem and returns
 * the statement. */
JsonObject *center_world_verify_binding (CenterWorld *world, JsonObject *binding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CenterWorld, center_world_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CenterWorldOcsp, center_world_ocsp_stop)

/* POSTs each of @bodies to @path and asserts each is answered 400 bad-request. */
void center_world_assert_bad_requests (SimHttpClient *client, const char *path, const char *const *bodies,
                                       gsize n_bodies);

G_END_DECLS
