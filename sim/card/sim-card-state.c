/* sim-card-state.c: the emulated card's PIN counters in its state file (see sim-card-state.h). */
#include "sim/card/sim-card-state.h"

#include "sim/card/sim-jpki.h"

/* The state file's group and keys. */
#define STATE_GROUP "tries-left"
#define STATE_USER_AUTH "user-auth"
#define STATE_SIGNING "signing"

/* Reads the counter @key (0..@max) of @file into *@field; a missing key keeps it. */
static gboolean
state_read_counter (GKeyFile *file, const char *path, const char *key, guint max, guint *field, GError **error)
{
  g_autofree char *value = g_key_file_get_value (file, STATE_GROUP, key, NULL);
  guint64 number;

  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &number, NULL)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "state file %s: [" STATE_GROUP "] %s: \"%s\" is not a number from 0 to %u", path, key, value, max);
    return FALSE;
  }
  *field = (guint) number;
  return TRUE;
}

/* Reads the counters kept in @path; see sim-card-state.h. */
gboolean
kiosk_sim_card_state_read (const char *path, KioskSimCardCounters *counters, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  guint64 old;

  g_return_val_if_fail (path != NULL && counters != NULL, FALSE);

  counters->user_auth = KIOSK_SIM_JPKI_MAX_TRIES;
  counters->signing = KIOSK_SIM_JPKI_SIGN_MAX_TRIES;
  if (!g_file_get_contents (path, &text, NULL, &local_error)) {
    if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      return TRUE;
    g_propagate_error (error, g_steal_pointer (&local_error));
    return FALSE;
  }
  /* The older format: the user-auth counter alone. */
  if (g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, KIOSK_SIM_JPKI_MAX_TRIES, &old, NULL)) {
    counters->user_auth = (guint) old;
    return TRUE;
  }
  if (!g_key_file_load_from_data (file, text, -1, G_KEY_FILE_NONE, &local_error)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "state file %s: %s", path, local_error->message);
    return FALSE;
  }
  return state_read_counter (file, path, STATE_USER_AUTH, KIOSK_SIM_JPKI_MAX_TRIES, &counters->user_auth, error) &&
         state_read_counter (file, path, STATE_SIGNING, KIOSK_SIM_JPKI_SIGN_MAX_TRIES, &counters->signing, error);
}

/* Writes the counters; see sim-card-state.h. */
gboolean
kiosk_sim_card_state_write (const char *path, const KioskSimCardCounters *counters, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();

  g_return_val_if_fail (path != NULL && counters != NULL, FALSE);

  g_key_file_set_comment (file, NULL, NULL, " kiosk-sim-card: PIN tries left, kept across insertions", NULL);
  g_key_file_set_uint64 (file, STATE_GROUP, STATE_USER_AUTH, counters->user_auth);
  g_key_file_set_uint64 (file, STATE_GROUP, STATE_SIGNING, counters->signing);
  return g_key_file_save_to_file (file, path, error);
}

/* The counters a card starts with; see sim-card-state.h. */
gboolean
kiosk_sim_card_state_start (const char *path, const KioskSimCardProfile *profile, KioskSimCardCounters *counters,
                            GError **error)
{
  if (!kiosk_sim_card_state_read (path, counters, error))
    return FALSE;
  if (profile->tries_left >= 0)
    counters->user_auth = (guint) profile->tries_left;
  if (profile->sign_tries_left >= 0)
    counters->signing = (guint) profile->sign_tries_left;
  return kiosk_sim_card_state_write (path, counters, error);
}
