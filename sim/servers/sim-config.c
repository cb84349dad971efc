/* sim-config.c: loading and validating the simulator servers' key files. */
#include "sim/servers/sim-config.h"

#include <string.h>
#include <unistd.h>

/* The error domain of unusable configuration files. */
GQuark
sim_config_error_quark (void)
{
  return g_quark_from_static_string ("sim-config-error-quark");
}

struct _SimConfig {
  char *path;      /* as given, for messages */
  char *directory; /* absolute: where relative paths start */
  GKeyFile *file;
};

const char *const sim_config_server_keys[] = { "listen", "cert", "key", "client-ca", "ready-file",
                                               NULL };

/* Names the file, the group and the key in front of the message. */
void
sim_config_set_error (SimConfig *self, GError **error, const char *group, const char *key,
                      const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (key != NULL)
    g_set_error (error, SIM_CONFIG_ERROR, SIM_CONFIG_ERROR_INVALID, "%s: [%s] %s: %s", self->path,
                 group, key, message);
  else
    g_set_error (error, SIM_CONFIG_ERROR, SIM_CONFIG_ERROR_INVALID, "%s: [%s]: %s", self->path,
                 group, message);
}

/* The entry of @group in @groups, or NULL. */
static const SimConfigGroup *
sim_config_find_group (const SimConfigGroup *groups, const char *group)
{
  for (; groups->group != NULL; groups++)
    if (g_str_equal (groups->group, group))
      return groups;
  return NULL;
}

/* Refuses any group or key the server does not read: a misspelt key must not be silently ignored. */
static gboolean
sim_config_check_known (SimConfig *self, const SimConfigGroup *groups, GError **error)
{
  g_auto (GStrv) names = g_key_file_get_groups (self->file, NULL);

  for (char **name = names; *name != NULL; name++)
    {
      const SimConfigGroup *known = sim_config_find_group (groups, *name);
      g_auto (GStrv) keys = NULL;

      if (known == NULL)
        {
          sim_config_set_error (self, error, *name, NULL, "unknown group");
          return FALSE;
        }
      keys = g_key_file_get_keys (self->file, *name, NULL, NULL);
      for (char **key = keys; key != NULL && *key != NULL; key++)
        if (!g_strv_contains (known->keys, *key))
          {
            sim_config_set_error (self, error, *name, *key, "unknown key");
            return FALSE;
          }
    }
  return TRUE;
}

/* Loads and checks the names in the file. */
SimConfig *
sim_config_load (const char *path, const SimConfigGroup *groups, GError **error)
{
  g_autoptr (SimConfig) self = g_new0 (SimConfig, 1);
  g_autoptr (GError) local = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  self->path = g_strdup (path);
  self->directory = g_path_get_dirname (absolute);
  self->file = g_key_file_new ();
  if (!g_key_file_load_from_file (self->file, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, SIM_CONFIG_ERROR, SIM_CONFIG_ERROR_INVALID, "%s: %s", path,
                   local->message);
      return NULL;
    }
  if (!sim_config_check_known (self, groups, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Frees the file. */
void
sim_config_free (SimConfig *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, g_key_file_free);
  g_free (self->path);
  g_free (self->directory);
  g_free (self);
}

/* TRUE if the key is there. */
gboolean
sim_config_has (SimConfig *self, const char *group, const char *key)
{
  return g_key_file_has_key (self->file, group, key, NULL);
}

/* The file's value of the key, stripped, or NULL if absent; empty is an error. */
static gboolean
sim_config_read (SimConfig *self, const char *group, const char *key, char **out, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree char *value = NULL;

  *out = NULL;
  if (!sim_config_has (self, group, key))
    return TRUE;
  value = g_key_file_get_string (self->file, group, key, &local);
  if (value == NULL)
    {
      sim_config_set_error (self, error, group, key, "%s", local->message);
      return FALSE;
    }
  if (*g_strstrip (value) == '\0')
    {
      sim_config_set_error (self, error, group, key, "missing or empty");
      return FALSE;
    }
  *out = g_steal_pointer (&value);
  return TRUE;
}

/* Stores @read unless the command line set *@value; a required key set by neither is an error. */
static gboolean
sim_config_keep (SimConfig *self, const char *group, const char *key, gboolean required,
                 char *read, char **value, GError **error)
{
  g_autofree char *owned = read;

  if (*value == NULL)
    *value = g_steal_pointer (&owned);
  if (*value == NULL && required)
    {
      sim_config_set_error (self, error, group, key, "missing or empty");
      return FALSE;
    }
  return TRUE;
}

/* A non-empty string. */
gboolean
sim_config_get_string (SimConfig *self, const char *group, const char *key, gboolean required,
                       char **value, GError **error)
{
  char *read = NULL;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  return sim_config_keep (self, group, key, required, read, value, error);
}

/* Resolves against the file's directory. */
char *
sim_config_resolve (SimConfig *self, const char *value)
{
  return g_canonicalize_filename (value, self->directory);
}

/* A path, resolved. */
gboolean
sim_config_get_path (SimConfig *self, const char *group, const char *key, gboolean required,
                     char **value, GError **error)
{
  g_autofree char *read = NULL;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  return sim_config_keep (self, group, key, required,
                          read != NULL ? sim_config_resolve (self, read) : NULL, value, error);
}

/* A readable file, resolved. */
gboolean
sim_config_get_file (SimConfig *self, const char *group, const char *key, gboolean required,
                     char **value, GError **error)
{
  g_autofree char *read = NULL;
  g_autofree char *path = NULL;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  if (read != NULL)
    {
      path = sim_config_resolve (self, read);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || access (path, R_OK) != 0)
        {
          sim_config_set_error (self, error, group, key, "cannot read %s", path);
          return FALSE;
        }
    }
  return sim_config_keep (self, group, key, required, g_steal_pointer (&path), value, error);
}

/* A URL of the scheme, with a host. */
gboolean
sim_config_get_url (SimConfig *self, const char *group, const char *key, const char *scheme,
                    gboolean required, char **value, GError **error)
{
  g_autofree char *read = NULL;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  if (read != NULL)
    {
      g_autoptr (GUri) uri = g_uri_parse (read, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), scheme) != 0
          || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          sim_config_set_error (self, error, group, key, "must be a %s:// URL with a host", scheme);
          return FALSE;
        }
    }
  return sim_config_keep (self, group, key, required, g_steal_pointer (&read), value, error);
}

/* HOST:PORT. */
gboolean
sim_config_get_listen (SimConfig *self, const char *group, const char *key, gboolean required,
                       char **value, GError **error)
{
  g_autofree char *read = NULL;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  if (read != NULL)
    {
      const char *colon = strrchr (read, ':');
      guint64 port = 0;

      if (colon == NULL || colon == read
          || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
        {
          sim_config_set_error (self, error, group, key,
                                "must be HOST:PORT with a port from 0 to 65535");
          return FALSE;
        }
    }
  return sim_config_keep (self, group, key, required, g_steal_pointer (&read), value, error);
}

/* A count of 0 or more. */
gboolean
sim_config_get_count (SimConfig *self, const char *group, const char *key, gboolean given,
                      gint *value, GError **error)
{
  g_autofree char *read = NULL;
  gint64 count = 0;

  if (!sim_config_read (self, group, key, &read, error))
    return FALSE;
  if (read == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (read, 10, G_MININT, G_MAXINT, &count, NULL))
    {
      sim_config_set_error (self, error, group, key, "must be a whole number");
      return FALSE;
    }
  if (count < 0)
    {
      sim_config_set_error (self, error, group, key, "must be 0 or more");
      return FALSE;
    }
  if (!given)
    *value = (gint) count;
  return TRUE;
}

/* The shared [server] group. */
gboolean
sim_config_get_server_options (SimConfig *self, SimServerOptions *options, GError **error)
{
  return sim_config_get_listen (self, "server", "listen", TRUE, &options->listen, error)
         && sim_config_get_file (self, "server", "cert", TRUE, &options->cert, error)
         && sim_config_get_file (self, "server", "key", TRUE, &options->key, error)
         && sim_config_get_file (self, "server", "client-ca", TRUE, &options->client_ca, error)
         && sim_config_get_path (self, "server", "ready-file", FALSE, &options->ready_file, error);
}
