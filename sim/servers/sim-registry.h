/* sim-registry.h: the municipal server's resident registry and its log of issued documents. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _SimRegistry SimRegistry;

/* A calendar day; the registry stores dates as numbers. */
typedef struct {
  int year;
  int month;
  int day;
} SimDay;

/* The municipality the registry belongs to. */
typedef struct {
  char *code;
  char *name;
  char *mayor_title; /* "みどり市長" */
  char *mayor_name;
} SimMunicipality;

/* What a 住民票の写し prints of one resident. */
typedef struct {
  char *family_name;
  char *given_name;
  char *family_kana;
  char *given_kana;
  SimDay birth;
  char *sex;
  char *relationship;
  SimDay moved_in;
  char *address;
  char *head_name; /* 世帯主 */
  char *refusal;   /* NULL unless the record may not be issued at a terminal */
} SimResident;

/* One issued document, keyed by the center's request id. */
typedef struct {
  char *request_id;
  char *session_id;
  char *terminal_id;
  char *card_serial;
  char *card_fingerprint;
  char *type;
  gint64 copies;
  GBytes *document;
  GBytes *statement;
  GBytes *signature;
} SimIssued;

/* Opens @path, creating it from @seed_sql on first use. */
SimRegistry *sim_registry_open (const char *path, const char *seed_sql, GError **error);

/* Closes the registry. */
void sim_registry_free (SimRegistry *self);

/* The municipality (owned by the registry). */
const SimMunicipality *sim_registry_get_municipality (SimRegistry *self);

/* The resident holding card @card_serial, or NULL with SIM_ERROR_RESIDENT_UNKNOWN. */
SimResident *sim_registry_find_resident (SimRegistry *self, const char *card_serial, GError **error);

/* The display name of certificate @type, or NULL with SIM_ERROR_TYPE_UNKNOWN. */
char *sim_registry_find_type (SimRegistry *self, const char *type, GError **error);

/* One element of the protocol's "municipalities" array for @card_serial's resident. */
JsonNode *sim_registry_catalogue (SimRegistry *self, const char *card_serial, GError **error);

/* The document issued for @request_id; NULL without error if there is none. */
SimIssued *sim_registry_find_issued (SimRegistry *self, const char *request_id, GError **error);

/* The number the next issued document carries (発行番号). */
gint64 sim_registry_next_issue_number (SimRegistry *self, GError **error);

/* Records @issued under @issue_number. */
gboolean sim_registry_store_issued (SimRegistry *self, const SimIssued *issued, gint64 issue_number,
                                    GError **error);

/* Frees a resident. */
void sim_resident_free (SimResident *resident);

/* Frees an issued record. */
void sim_issued_free (SimIssued *issued);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimRegistry, sim_registry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimResident, sim_resident_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimIssued, sim_issued_free)

G_END_DECLS
