/* sim-center-store.c: the center's storage rules over either backend: ids and nonces from the
 * CSPRNG, the idempotency-key claim, outcomes recorded once, and the periodic purge. */
#include "sim/servers/sim-center-store-private.h"

#include <openssl/rand.h>

#include "sim/servers/sim-error.h"

/* TRUE if @location names a PostgreSQL database rather than an SQLite file. */
static gboolean
sim_center_store_is_pg_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* Opens the backend @location names. */
SimCenterStore *
sim_center_store_open (const char *location, GError **error)
{
  if (sim_center_store_is_pg_uri (location))
    return sim_center_store_pg_open (location, error);
  return sim_center_store_sqlite_open (location, error);
}

/* Removes the purge timer and lets the backend close. */
void
sim_center_store_free (SimCenterStore *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->purge_source, g_source_remove);
  self->backend->close (self);
}

/* Fills @buffer from OpenSSL's CSPRNG. */
static gboolean
sim_center_store_random (guint8 *buffer, int len, GError **error)
{
  if (RAND_bytes (buffer, len) != 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "no randomness");
      return FALSE;
    }
  return TRUE;
}

/* Creates, stores and returns a nonce. */
char *
sim_center_store_new_nonce (SimCenterStore *self, gint64 now, gint64 *expires_at, GError **error)
{
  guint8 random[32];
  g_autofree char *nonce = NULL;

  if (!sim_center_store_random (random, sizeof random, error))
    return NULL;
  nonce = g_base64_encode (random, sizeof random);
  *expires_at = now + SIM_CENTER_NONCE_LIFETIME;
  if (!self->backend->insert_nonce (self, nonce, *expires_at, error))
    return NULL;
  return g_steal_pointer (&nonce);
}

/* Deletes the nonce if live: one statement, so a nonce can be burnt only once. */
gboolean
sim_center_store_burn_nonce (SimCenterStore *self, const char *nonce, gint64 now, GError **error)
{
  gboolean deleted = FALSE;

  if (!self->backend->delete_nonce (self, nonce, now, &deleted, error))
    return FALSE;
  if (!deleted)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_NONCE_UNKNOWN, "nonce unknown, used or expired");
      return FALSE;
    }
  return TRUE;
}

/* A random (version 4) UUID from the CSPRNG: session ids are bearer secrets. */
char *
sim_center_store_new_id (GError **error)
{
  guint8 b[16];

  if (!sim_center_store_random (b, sizeof b, error))
    return NULL;
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

/* Creates a session row. */
SimSession *
sim_center_store_create_session (SimCenterStore *self, const char *terminal_id,
                                 const SimCardIdentity *identity, gint64 now, GError **error)
{
  g_autoptr (SimSession) session = g_new0 (SimSession, 1);

  session->session_id = sim_center_store_new_id (error);
  if (session->session_id == NULL)
    return NULL;
  session->terminal_id = g_strdup (terminal_id);
  session->card_fingerprint = g_strdup (identity->fingerprint);
  session->card_serial = g_strdup (identity->serial);
  session->expires_at = now + SIM_CENTER_SESSION_LIFETIME;
  if (!self->backend->insert_session (self, session, error))
    return NULL;
  return g_steal_pointer (&session);
}

/* Finds a live session of this terminal. */
SimSession *
sim_center_store_find_session (SimCenterStore *self, const char *session_id,
                               const char *terminal_id, gint64 now, GError **error)
{
  GError *local_error = NULL;
  SimSession *session =
    self->backend->find_session (self, session_id, terminal_id, now, &local_error);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (session == NULL)
    g_set_error (error, SIM_ERROR, SIM_ERROR_SESSION_UNKNOWN,
                 "session unknown, expired or of another terminal");
  /* the backend's result does not point into local_error (cppcheck reads the call through the
   * function pointer as if it might) */
  /* cppcheck-suppress returnDanglingLifetime */
  return session;
}

/* Inserts-or-finds: the insert does nothing when the key is taken, and the read that follows then
 * sees the other center's committed row. A claimed request is never deleted, so the read always
 * finds one. */
SimCenterRequest *
sim_center_store_claim_request (SimCenterStore *self, const char *session_id,
                                const char *idempotency_key, const SimCenterRequest *request,
                                gboolean *created, GError **error)
{
  g_autoptr (SimCenterRequest) candidate = g_new0 (SimCenterRequest, 1);
  GError *local_error = NULL;
  SimCenterRequest *stored;
  gboolean inserted = FALSE;

  candidate->request_id = sim_center_store_new_id (error);
  if (candidate->request_id == NULL)
    return NULL;
  candidate->municipality = g_strdup (request->municipality);
  candidate->type = g_strdup (request->type);
  candidate->copies = request->copies;
  candidate->options = g_strdup (request->options);
  if (!self->backend->insert_request (self, session_id, idempotency_key, candidate, &inserted,
                                      error))
    return NULL;
  stored = self->backend->find_request (self, session_id, idempotency_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (stored == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "the request under this key vanished");
      return NULL;
    }
  if (created != NULL)
    *created = inserted && g_str_equal (stored->request_id, candidate->request_id);
  /* cppcheck-suppress returnDanglingLifetime ; as in sim_center_store_find_session */
  return stored;
}

/* Stores the answer once. */
gboolean
sim_center_store_complete_request (SimCenterStore *self, const char *request_id, GBytes *response,
                                   GError **error)
{
  gboolean found = FALSE;

  if (!self->backend->complete_request (self, request_id, response,
                                        g_get_real_time () / G_USEC_PER_SEC, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "request %s is unknown", request_id);
      return FALSE;
    }
  return TRUE;
}

/* Records an outcome once for @owner_id's answered request: the insert does nothing if one is
 * there (or being inserted by another center, whose commit it waits for), and the read that
 * follows tells which one stands. */
static gboolean
sim_center_store_record_outcome_of (SimCenterStore *self, SimCenterOwner owner,
                                    const char *owner_id, const char *request_id,
                                    const char *outcome, const char *reason, GError **error)
{
  g_autofree char *stored = NULL;
  gboolean answered = FALSE;

  if (!self->backend->insert_outcome (self, owner, owner_id, request_id, outcome, reason, error)
      || !self->backend->find_outcome (self, owner, owner_id, request_id, &answered, &stored,
                                       error))
    return FALSE;
  if (!answered)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "no answered request %s of the %s",
                   request_id, owner == SIM_CENTER_OWNER_SESSION ? "session" : "terminal");
      return FALSE;
    }
  if (stored == NULL || !g_str_equal (stored, outcome))
    {
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_REFUSED, "outcome-conflict");
      return FALSE;
    }
  return TRUE;
}

/* Records an outcome once for an answered request of the session. */
gboolean
sim_center_store_record_outcome (SimCenterStore *self, const char *session_id,
                                 const char *request_id, const char *outcome, const char *reason,
                                 GError **error)
{
  return sim_center_store_record_outcome_of (self, SIM_CENTER_OWNER_SESSION, session_id,
                                             request_id, outcome, reason, error);
}

/* Records an outcome once for an answered request of the terminal, its session live or not. */
gboolean
sim_center_store_record_terminal_outcome (SimCenterStore *self, const char *terminal_id,
                                          const char *request_id, const char *outcome,
                                          const char *reason, GError **error)
{
  return sim_center_store_record_outcome_of (self, SIM_CENTER_OWNER_TERMINAL, terminal_id,
                                             request_id, outcome, reason, error);
}

/* Lists the terminal's answered requests that have no outcome yet. */
GPtrArray *
sim_center_store_list_unreported (SimCenterStore *self, const char *terminal_id, guint limit,
                                  GError **error)
{
  g_autoptr (GPtrArray) unreported =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sim_center_unreported_free);

  if (!self->backend->list_unreported (self, terminal_id, limit, unreported, error))
    return NULL;
  return g_steal_pointer (&unreported);
}

/* Purges what expired at @now. */
gboolean
sim_center_store_purge (SimCenterStore *self, gint64 now, SimCenterPurge *purged, GError **error)
{
  SimCenterPurge counts = { 0 };

  if (!self->backend->purge (self, now, &counts, error))
    return FALSE;
  if (purged != NULL)
    *purged = counts;
  return TRUE;
}

/* One round of the periodic purge, at the current time; logs what it removed or why it failed. */
static gboolean
sim_center_store_purge_now (gpointer user_data)
{
  SimCenterStore *self = user_data;
  g_autoptr (GError) error = NULL;
  SimCenterPurge purged = { 0 };

  if (!sim_center_store_purge (self, g_get_real_time () / G_USEC_PER_SEC, &purged, &error))
    g_warning ("event=purge-failed store=%s detail=\"%s\"", self->backend_name, error->message);
  else if (purged.nonces + purged.sessions + purged.documents > 0)
    g_message ("event=purged store=%s nonces=%" G_GINT64_FORMAT " sessions=%" G_GINT64_FORMAT
               " documents=%" G_GINT64_FORMAT,
               self->backend_name, purged.nonces, purged.sessions, purged.documents);
  return G_SOURCE_CONTINUE;
}

/* Purges once now (what expired while no center ran), then on a timer. */
void
sim_center_store_purge_periodically (SimCenterStore *self)
{
  g_clear_handle_id (&self->purge_source, g_source_remove);
  sim_center_store_purge_now (self);
  self->purge_source =
    g_timeout_add_seconds (SIM_CENTER_PURGE_INTERVAL, sim_center_store_purge_now, self);
}

/* Frees a session. */
void
sim_session_free (SimSession *session)
{
  if (session == NULL)
    return;
  g_free (session->session_id);
  g_free (session->terminal_id);
  g_free (session->card_fingerprint);
  g_free (session->card_serial);
  g_free (session);
}

/* Frees a request. */
void
sim_center_request_free (SimCenterRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->request_id);
  g_free (request->municipality);
  g_free (request->type);
  g_free (request->options);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_free (request);
}

/* Frees an unreported request. */
void
sim_center_unreported_free (SimCenterUnreported *unreported)
{
  if (unreported == NULL)
    return;
  g_free (unreported->request_id);
  g_free (unreported);
}
