/* test-config.c: the configuration names what is wrong with it. */
#include <glib/gstdio.h>

#include "app/kiosk-config.h"
#include "app/kiosk-error.h"

typedef struct {
  char *dir;
  char *pem; /* any readable file stands for the certificates */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kiosk-config-XXXXXX", NULL);
  f->pem = g_build_filename (f->dir, "any.pem", NULL);
  g_assert_true (g_file_set_contents (f->pem, "pem", -1, NULL));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->pem);
  g_free (f->dir);
}

/* Writes a configuration in which @replace_key (group/key) has @value, or is left out if NULL. */
static char *
write_config (Fixture *f, const char *replace_key, const char *value)
{
  const char *keys[][3] = {
    { "terminal", "id", "T-0001" },
    { "center", "url", "https://127.0.0.1:8443" },
    { "center", "ca", f->pem },
    { "center", "cert", f->pem },
    { "center", "key", f->pem },
    { "binding", "ca", f->pem },
    { "printer", "uri", "ipp://127.0.0.1:8631/ipp/print" },
    { "journal", "path", "/nonexistent/journal.sqlite" },
    { "card", "timeout", "5000" },
  };
  g_autoptr (GKeyFile) file = g_key_file_new ();
  char *path = g_build_filename (f->dir, "terminal.conf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s", keys[i][0], keys[i][1]);
      if (g_strcmp0 (name, replace_key) == 0)
        {
          if (value != NULL)
            g_key_file_set_string (file, keys[i][0], keys[i][1], value);
        }
      else
        g_key_file_set_string (file, keys[i][0], keys[i][1], keys[i][2]);
    }
  g_assert_true (g_key_file_save_to_file (file, path, NULL));
  return path;
}

static void
test_valid_config_loads (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_config (f, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (config->terminal_id, ==, "T-0001");
  g_assert_cmpuint (config->card_timeout_ms, ==, 5000);
  g_assert_cmpuint (config->print_timeout_ms, ==, 120000);
  g_assert_null (config->reader);
}

/* Each case: the key to spoil, its bad value (NULL: missing), a fragment the message must carry. */
static const struct {
  const char *key;
  const char *value;
  const char *message;
} bad_cases[] = {
  { "terminal/id", NULL, "[terminal] id" },
  { "center/url", "http://127.0.0.1:8443", "[center] url must start with https://" },
  { "center/ca", "/nonexistent/ca.pem", "[center] ca: cannot read" },
  { "printer/uri", "lpd://printer", "[printer] uri" },
  { "card/timeout", "soon", "[card] timeout" },
  { "card/timeout", "0", "[card] timeout" },
};

static void
test_bad_key_is_named (Fixture *f, gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autofree char *path = write_config (f, bad_cases[i].key, bad_cases[i].value);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load (path, &error);

  g_assert_null (config);
  g_assert_true (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG));
  g_assert_nonnull (strstr (error->message, bad_cases[i].message));
}

static void
test_missing_file_is_a_config_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load ("/nonexistent/terminal.conf", &error);

  g_assert_null (config);
  g_assert_true (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_CONFIG));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/config/valid-loads", Fixture, NULL, fixture_set_up, test_valid_config_loads, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/bad-key-is-named/%u", i);
      g_test_add (name, Fixture, GUINT_TO_POINTER (i), fixture_set_up, test_bad_key_is_named, fixture_tear_down);
    }
  g_test_add_func ("/config/missing-file-is-a-config-error", test_missing_file_is_a_config_error);
  return g_test_run ();
}
