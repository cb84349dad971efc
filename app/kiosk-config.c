/* kiosk-config.c: loading and validating the terminal's key file. */
#include "app/kiosk-config.h"

#include "app/kiosk-error.h"

#include <unistd.h>

/* Reads [group] key as a non-empty string, or sets an error naming it. */
static char *
required_string (GKeyFile *file, const char *path, const char *group, const char *key, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *value = g_key_file_get_string (file, group, key, &local);

  if (value != NULL)
    g_strstrip (value);
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s] %s is missing or empty", path, group, key);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* Reads [group] key as a positive count of milliseconds, @fallback when absent. */
static gboolean
optional_ms (GKeyFile *file, const char *path, const char *group, const char *key, guint fallback,
             guint *out, GError **error)
{
  g_autoptr (GError) local = NULL;
  gint64 value;

  if (!g_key_file_has_key (file, group, key, NULL))
    {
      *out = fallback;
      return TRUE;
    }
  value = g_key_file_get_int64 (file, group, key, &local);
  if (local != NULL || value <= 0 || value > 24 * 3600 * 1000)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG,
                   "%s: [%s] %s must be a number of milliseconds between 1 and 86400000", path, group, key);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* Checks that a configured file can be read now, so a bad path is named at start. */
static gboolean
readable_file (const char *path, const char *group, const char *key, const char *value, GError **error)
{
  if (g_file_test (value, G_FILE_TEST_IS_REGULAR) && access (value, R_OK) == 0)
    return TRUE;
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [%s] %s: cannot read %s", path, group, key, value);
  return FALSE;
}

/* Loads and validates the configuration at @path. */
KioskConfig *
kiosk_config_load (const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (KioskConfig) config = g_new0 (KioskConfig, 1);
  g_autoptr (GError) local = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: %s", path, local->message);
      return NULL;
    }

  if (!(config->terminal_id = required_string (file, path, "terminal", "id", error)) ||
      !(config->center_url = required_string (file, path, "center", "url", error)) ||
      !(config->center_ca = required_string (file, path, "center", "ca", error)) ||
      !(config->client_cert = required_string (file, path, "center", "cert", error)) ||
      !(config->client_key = required_string (file, path, "center", "key", error)) ||
      !(config->municipal_ca = required_string (file, path, "binding", "ca", error)) ||
      !(config->printer_uri = required_string (file, path, "printer", "uri", error)) ||
      !(config->journal_path = required_string (file, path, "journal", "path", error)))
    return NULL;

  if (!g_str_has_prefix (config->center_url, "https://"))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [center] url must start with https://", path);
      return NULL;
    }
  if (!g_str_has_prefix (config->printer_uri, "ipp://") && !g_str_has_prefix (config->printer_uri, "ipps://"))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG, "%s: [printer] uri must start with ipp:// or ipps://", path);
      return NULL;
    }
  if (!readable_file (path, "center", "ca", config->center_ca, error) ||
      !readable_file (path, "center", "cert", config->client_cert, error) ||
      !readable_file (path, "center", "key", config->client_key, error) ||
      !readable_file (path, "binding", "ca", config->municipal_ca, error))
    return NULL;

  config->reader = g_key_file_get_string (file, "card", "reader", NULL);
  if (config->reader != NULL && *g_strstrip (config->reader) == '\0')
    g_clear_pointer (&config->reader, g_free);

  if (!optional_ms (file, path, "card", "timeout", 60000, &config->card_timeout_ms, error) ||
      !optional_ms (file, path, "printer", "timeout", 120000, &config->print_timeout_ms, error) ||
      !optional_ms (file, path, "session", "idle-timeout", 90000, &config->idle_timeout_ms, error))
    return NULL;

  return g_steal_pointer (&config);
}

/* Frees @self. */
void
kiosk_config_free (KioskConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->terminal_id);
  g_free (self->center_url);
  g_free (self->center_ca);
  g_free (self->client_cert);
  g_free (self->client_key);
  g_free (self->municipal_ca);
  g_free (self->reader);
  g_free (self->printer_uri);
  g_free (self->journal_path);
  g_free (self);
}
