/* sim-card-profile.c: reading and checking an emulated card's profile (see sim-card-profile.h). */
#include "sim/card/sim-card-profile.h"

#include <string.h>

#include "sim/card/sim-jpki.h"

/* The one group of a profile. */
#define PROFILE_GROUP "card"

/* The My Number Card's ATR (DOMAIN.md). */
static const guint8 jpki_atr[] = { 0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14 };
/* Some other card's: T=1, historical bytes "BANKCARD", with its check byte. */
static const guint8 other_atr[] = { 0x3B, 0x88, 0x80, 0x01, 0x42, 0x41, 0x4E, 0x4B, 0x43, 0x41, 0x52, 0x44, 0x1B };

/* A profile with the defaults. */
KioskSimCardProfile *
kiosk_sim_card_profile_new (void)
{
  KioskSimCardProfile *self = g_new0 (KioskSimCardProfile, 1);

  self->tries_left = -1;
  self->sign_tries_left = -1;
  self->user_auth_certificate = TRUE;
  self->jpki = TRUE;
  self->transport = KIOSK_SIM_TRANSPORT_T1;
  self->max_response = 256;
  kiosk_sim_timing_init (&self->timing);
  return self;
}

/* Sets @error to "PATH: [card] KEY: MESSAGE". */
G_GNUC_PRINTF (5, 6) static void
profile_set_error (GError **error, gint code, const char *path, const char *key, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_KEY_FILE_ERROR, code, "%s: [" PROFILE_GROUP "] %s: %s", path, key, message);
}

/* Reads a path-valued @key (relative to @base) into *@field; the file must exist. */
static gboolean
profile_read_path (GKeyFile *file, const char *path, const char *base, const char *key, char **field, GError **error)
{
  g_autofree char *value = g_key_file_get_string (file, PROFILE_GROUP, key, NULL);
  g_autofree char *resolved = NULL;

  if (value == NULL)
    return TRUE;
  if (*value == '\0') {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, key, "empty file name");
    return FALSE;
  }
  resolved = g_path_is_absolute (value) ? g_strdup (value) : g_build_filename (base, value, NULL);
  /* The APDU log is written, not read: only its directory must exist. */
  if (g_strcmp0 (key, "apdu-log") == 0) {
    g_autofree char *parent = g_path_get_dirname (resolved);

    if (!g_file_test (parent, G_FILE_TEST_IS_DIR)) {
      profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, key, "directory %s does not exist", parent);
      return FALSE;
    }
  } else if (!g_file_test (resolved, G_FILE_TEST_IS_REGULAR)) {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, key, "file %s does not exist", resolved);
    return FALSE;
  }
  g_free (*field);
  *field = g_steal_pointer (&resolved);
  return TRUE;
}

/* Reads a boolean @key into *@field when present. */
static gboolean
profile_read_boolean (GKeyFile *file, const char *path, const char *key, gboolean *field, GError **error)
{
  g_autofree char *value = g_key_file_get_value (file, PROFILE_GROUP, key, NULL);

  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "true") == 0)
    *field = TRUE;
  else if (g_strcmp0 (value, "false") == 0)
    *field = FALSE;
  else {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, key, "\"%s\" is not true or false", value);
    return FALSE;
  }
  return TRUE;
}

/* Reads an unsigned @key in [@min, @max] into *@field when present. */
static gboolean
profile_read_number (GKeyFile *file, const char *path, const char *key, guint min, guint max, guint *field,
                     GError **error)
{
  g_autofree char *value = g_key_file_get_value (file, PROFILE_GROUP, key, NULL);
  guint64 number;

  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &number, NULL)) {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, key, "\"%s\" is not a number from %u to %u",
                       value, min, max);
    return FALSE;
  }
  *field = (guint) number;
  return TRUE;
}

/* Reads the ATR (hex digits, spaces or colons between bytes allowed) when present. */
static gboolean
profile_read_atr (GKeyFile *file, const char *path, KioskSimCardProfile *self, GError **error)
{
  g_autofree char *value = g_key_file_get_value (file, PROFILE_GROUP, "atr", NULL);
  g_autoptr (GString) digits = NULL;
  g_autoptr (GByteArray) atr = NULL;

  if (value == NULL)
    return TRUE;
  digits = g_string_new (NULL);
  for (const char *c = value; *c != '\0'; c++)
    if (*c != ' ' && *c != ':')
      g_string_append_c (digits, *c);
  atr = g_byte_array_new ();
  for (gsize i = 0; i + 1 < digits->len && g_ascii_isxdigit (digits->str[i]) && g_ascii_isxdigit (digits->str[i + 1]); i += 2) {
    guint8 byte = (guint8) (g_ascii_xdigit_value (digits->str[i]) << 4 | g_ascii_xdigit_value (digits->str[i + 1]));

    g_byte_array_append (atr, &byte, 1);
  }
  if (atr->len * 2 != digits->len || atr->len < 2 || atr->len > 33) {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, "atr", "\"%s\" is not an ATR of 2 to 33 hex bytes", value);
    return FALSE;
  }
  g_clear_pointer (&self->atr, g_bytes_unref);
  self->atr = g_byte_array_free_to_bytes (g_steal_pointer (&atr));
  return TRUE;
}

/* Reads the transport when present. */
static gboolean
profile_read_transport (GKeyFile *file, const char *path, KioskSimCardProfile *self, GError **error)
{
  g_autofree char *value = g_key_file_get_value (file, PROFILE_GROUP, "transport", NULL);

  if (value == NULL)
    return TRUE;
  if (g_strcmp0 (value, "t1") == 0)
    self->transport = KIOSK_SIM_TRANSPORT_T1;
  else if (g_strcmp0 (value, "t0") == 0)
    self->transport = KIOSK_SIM_TRANSPORT_T0;
  else {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, "transport", "\"%s\" is not t0 or t1", value);
    return FALSE;
  }
  return TRUE;
}

/* Fails for any group but [card] and any key this file does not know. */
static gboolean
profile_check_names (GKeyFile *file, const char *path, GError **error)
{
  static const char *const known[] = {
    "cert", "key", "ca-cert", "pin", "tries-left", "locked", "user-auth-certificate", "jpki", "atr",
    "transport", "max-response", "tear-after", "apdu-log", "sign-cert", "sign-key", "sign-ca-cert", "sign-pin",
    "sign-tries-left", "sign-locked", NULL,
  };
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
  g_auto (GStrv) keys = NULL;

  for (gsize i = 0; groups[i] != NULL; i++) {
    if (g_strcmp0 (groups[i], PROFILE_GROUP) != 0) {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "%s: unknown group [%s] (a profile has only [" PROFILE_GROUP "])", path, groups[i]);
      return FALSE;
    }
  }
  keys = g_key_file_get_keys (file, PROFILE_GROUP, NULL, NULL);
  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++) {
    if (!g_strv_contains (known, keys[i]) && !kiosk_sim_timing_is_key (keys[i])) {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND, "%s: [" PROFILE_GROUP "] %s: unknown key",
                   path, keys[i]);
      return FALSE;
    }
  }
  return TRUE;
}

/* TRUE if @pin has the signing PIN's form: 6 to 16 upper-case letters A-Z or digits. */
static gboolean
profile_sign_pin_is_well_formed (const char *pin)
{
  gsize len = strlen (pin);

  if (len < 6 || len > 16)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]) && !(pin[i] >= 'A' && pin[i] <= 'Z'))
      return FALSE;
  return TRUE;
}

/* The keys of one PIN in a profile: the PIN, its tries left and its lock. */
typedef struct {
  const char *pin;
  const char *tries_left;
  const char *locked;
  guint max_tries;
  gboolean (*well_formed) (const char *pin); /* NULL: any non-empty PIN */
} ProfilePinKeys;

static const ProfilePinKeys user_auth_pin_keys = { "pin", "tries-left", "locked", KIOSK_SIM_JPKI_MAX_TRIES, NULL };
static const ProfilePinKeys signing_pin_keys = { "sign-pin", "sign-tries-left", "sign-locked",
                                                 KIOSK_SIM_JPKI_SIGN_MAX_TRIES, profile_sign_pin_is_well_formed };

/* Reads the keys of one PIN (@keys) into *@pin_field and *@tries_field. */
static gboolean
profile_read_pin (GKeyFile *file, const char *path, const ProfilePinKeys *keys, char **pin_field, gint *tries_field,
                  GError **error)
{
  g_autofree char *pin = g_key_file_get_value (file, PROFILE_GROUP, keys->pin, NULL);
  guint tries = keys->max_tries;
  gboolean has_tries = g_key_file_has_key (file, PROFILE_GROUP, keys->tries_left, NULL);
  gboolean locked = FALSE;

  if (pin != NULL) {
    if (*pin == '\0') {
      profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, keys->pin, "empty PIN");
      return FALSE;
    }
    if (keys->well_formed != NULL && !keys->well_formed (pin)) {
      profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, keys->pin,
                         "not 6 to 16 upper-case letters or digits");
      explicit_bzero (pin, strlen (pin));
      return FALSE;
    }
    kiosk_sim_card_profile_override (pin_field, pin);
    explicit_bzero (pin, strlen (pin));
  }
  if (!profile_read_number (file, path, keys->tries_left, 0, keys->max_tries, &tries, error) ||
      !profile_read_boolean (file, path, keys->locked, &locked, error))
    return FALSE;
  if (locked && has_tries && tries > 0) {
    profile_set_error (error, G_KEY_FILE_ERROR_INVALID_VALUE, path, keys->locked, "true contradicts %s=%u",
                       keys->tries_left, tries);
    return FALSE;
  }
  if (locked)
    *tries_field = 0;
  else if (has_tries)
    *tries_field = (gint) tries;
  return TRUE;
}

/* Reads the timing model's keys; any of them turns the model on. */
static gboolean
profile_read_timing (GKeyFile *file, const char *path, KioskSimCardProfile *self, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (file, PROFILE_GROUP, NULL, NULL);

  for (gsize i = 0; keys != NULL && keys[i] != NULL; i++) {
    g_autofree char *value = NULL;

    if (!kiosk_sim_timing_is_key (keys[i]))
      continue;
    value = g_key_file_get_value (file, PROFILE_GROUP, keys[i], NULL);
    if (!kiosk_sim_timing_set (&self->timing, keys[i], value, error)) {
      g_prefix_error (error, "%s: [" PROFILE_GROUP "] ", path);
      return FALSE;
    }
    self->timed = TRUE;
  }
  return TRUE;
}

/* Reads a profile; see sim-card-profile.h. */
gboolean
kiosk_sim_card_profile_load (KioskSimCardProfile *self, const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *base = g_path_get_dirname (path);

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error)) {
    g_set_error (error, local_error->domain, local_error->code, "profile %s: %s", path, local_error->message);
    return FALSE;
  }
  return profile_check_names (file, path, error) &&
         profile_read_path (file, path, base, "cert", &self->cert_path, error) &&
         profile_read_path (file, path, base, "key", &self->key_path, error) &&
         profile_read_path (file, path, base, "ca-cert", &self->ca_cert_path, error) &&
         profile_read_path (file, path, base, "apdu-log", &self->apdu_log_path, error) &&
         profile_read_path (file, path, base, "sign-cert", &self->sign_cert_path, error) &&
         profile_read_path (file, path, base, "sign-key", &self->sign_key_path, error) &&
         profile_read_path (file, path, base, "sign-ca-cert", &self->sign_ca_cert_path, error) &&
         profile_read_pin (file, path, &user_auth_pin_keys, &self->pin, &self->tries_left, error) &&
         profile_read_pin (file, path, &signing_pin_keys, &self->sign_pin, &self->sign_tries_left, error) &&
         profile_read_boolean (file, path, "user-auth-certificate", &self->user_auth_certificate, error) &&
         profile_read_boolean (file, path, "jpki", &self->jpki, error) &&
         profile_read_atr (file, path, self, error) &&
         profile_read_transport (file, path, self, error) &&
         profile_read_number (file, path, "max-response", 1, 256, &self->max_response, error) &&
         profile_read_number (file, path, "tear-after", 0, G_MAXINT, &self->tear_after, error) &&
         profile_read_timing (file, path, self, error);
}

/* The name of the first of the signing half's keys that is not given, NULL when all are. */
static const char *
profile_signing_missing (KioskSimCardProfile *self)
{
  if (self->sign_cert_path == NULL)
    return "sign-cert";
  if (self->sign_key_path == NULL)
    return "sign-key";
  if (self->sign_ca_cert_path == NULL)
    return "sign-ca-cert";
  if (self->sign_pin == NULL || *self->sign_pin == '\0')
    return "sign-pin";
  return NULL;
}

/* Checks that a JPKI card has what it needs. */
gboolean
kiosk_sim_card_profile_check (KioskSimCardProfile *self, GError **error)
{
  const char *missing = NULL;

  if (!self->jpki)
    return TRUE; /* another card: its files are never read */
  if (self->ca_cert_path == NULL)
    missing = "ca-cert";
  else if (self->pin == NULL || *self->pin == '\0')
    missing = "pin";
  else if (self->user_auth_certificate && self->cert_path == NULL)
    missing = "cert";
  else if (self->user_auth_certificate && self->key_path == NULL)
    missing = "key";
  if (missing != NULL) {
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                 "a My Number Card needs %s (--%s or \"%s=\" in the profile)", missing, missing, missing);
    return FALSE;
  }
  if (!kiosk_sim_card_profile_has_signing (self))
    return TRUE;
  missing = profile_signing_missing (self);
  if (missing != NULL) {
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                 "a signing half needs sign-cert, sign-key, sign-ca-cert and sign-pin; %s is missing "
                 "(--%s or \"%s=\" in the profile)", missing, missing, missing);
    return FALSE;
  }
  if (!profile_sign_pin_is_well_formed (self->sign_pin)) {
    g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "sign-pin: the signing PIN is 6 to 16 upper-case letters or digits");
    return FALSE;
  }
  return TRUE;
}

/* TRUE when any of the signing half's files or its PIN is given. */
gboolean
kiosk_sim_card_profile_has_signing (KioskSimCardProfile *self)
{
  return self->jpki && (self->sign_cert_path != NULL || self->sign_key_path != NULL ||
                        self->sign_ca_cert_path != NULL || self->sign_pin != NULL);
}

/* Wipes the string in *@field (it may hold a PIN), frees it and leaves NULL. */
static void
profile_clear_string (char **field)
{
  if (*field != NULL)
    explicit_bzero (*field, strlen (*field));
  g_clear_pointer (field, g_free);
}

/* Replaces a string field with a command-line value. */
void
kiosk_sim_card_profile_override (char **field, const char *value)
{
  if (value == NULL)
    return;
  profile_clear_string (field);
  *field = g_strdup (value);
}

/* The ATR the card presents. */
GBytes *
kiosk_sim_card_profile_get_atr (KioskSimCardProfile *self)
{
  if (self->atr != NULL)
    return g_bytes_ref (self->atr);
  return self->jpki ? g_bytes_new_static (jpki_atr, sizeof jpki_atr) : g_bytes_new_static (other_atr, sizeof other_atr);
}

/* Frees the profile, wiping its PINs. */
void
kiosk_sim_card_profile_free (KioskSimCardProfile *self)
{
  if (self == NULL)
    return;
  profile_clear_string (&self->pin);
  profile_clear_string (&self->sign_pin);
  g_free (self->cert_path);
  g_free (self->key_path);
  g_free (self->ca_cert_path);
  g_free (self->sign_cert_path);
  g_free (self->sign_key_path);
  g_free (self->sign_ca_cert_path);
  g_free (self->apdu_log_path);
  g_clear_pointer (&self->atr, g_bytes_unref);
  g_free (self);
}
