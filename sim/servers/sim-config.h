/* sim-config.h: the simulator servers' configuration files (GLib key files), validated at start. */
#pragma once

#include <glib.h>

#include "sim/servers/sim-server.h"

G_BEGIN_DECLS

/* The error domain of a configuration file that cannot be used: a server exits 2 on it. */
#define SIM_CONFIG_ERROR (sim_config_error_quark ())
GQuark sim_config_error_quark (void);

/* The one code: the message names the file, and the group and key when there is one. */
typedef enum {
  SIM_CONFIG_ERROR_INVALID,
} SimConfigError;

/* A group a file may contain and its keys (NULL-terminated); any other group or key is refused. */
typedef struct {
  const char *group;
  const char *const *keys;
} SimConfigGroup;

typedef struct _SimConfig SimConfig;

/* Loads @path and checks that its groups and keys are all among @groups (ended by a NULL group). */
SimConfig *sim_config_load (const char *path, const SimConfigGroup *groups, GError **error);

/* Frees @self. */
void sim_config_free (SimConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimConfig, sim_config_free)

/* Sets an error naming the file, [@group] and @key (@key NULL: the group alone). */
void sim_config_set_error (SimConfig *self, GError **error, const char *group, const char *key,
                           const char *format, ...) G_GNUC_PRINTF (5, 6);

/* TRUE if the file has [@group] @key. */
gboolean sim_config_has (SimConfig *self, const char *group, const char *key);

/* Each getter below reads [@group] @key into *@value unless *@value is already set (by the
 * command line, which wins); the file's value is checked either way. A @required key missing from
 * both is an error naming it. */

/* A non-empty string. */
gboolean sim_config_get_string (SimConfig *self, const char *group, const char *key,
                                gboolean required, char **value, GError **error);

/* A path, relative ones taken from the file's directory; it need not exist (created, written). */
gboolean sim_config_get_path (SimConfig *self, const char *group, const char *key,
                              gboolean required, char **value, GError **error);

/* A path as sim_config_get_path that must name a readable regular file now. */
gboolean sim_config_get_file (SimConfig *self, const char *group, const char *key,
                              gboolean required, char **value, GError **error);

/* A URL of @scheme ("https") with a host. */
gboolean sim_config_get_url (SimConfig *self, const char *group, const char *key,
                             const char *scheme, gboolean required, char **value, GError **error);

/* An address to listen on, HOST:PORT with a port from 0 to 65535. */
gboolean sim_config_get_listen (SimConfig *self, const char *group, const char *key,
                                gboolean required, char **value, GError **error);

/* An integer of 0 or more; *@value is left alone when the key is absent or @given is TRUE. */
gboolean sim_config_get_count (SimConfig *self, const char *group, const char *key, gboolean given,
                               gint *value, GError **error);

/* The relative @value resolved against the file's directory; an absolute one unchanged. */
char *sim_config_resolve (SimConfig *self, const char *value);

/* The keys of [server] every simulator server shares (listen, cert, key, client-ca, ready-file). */
extern const char *const sim_config_server_keys[];

/* Fills the unset fields of @options from [server]. */
gboolean sim_config_get_server_options (SimConfig *self, SimServerOptions *options,
                                        GError **error);

G_END_DECLS
