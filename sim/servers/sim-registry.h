/* sim-registry.h: the municipal server's resident registry (registry-schema.sql) and its log of
 * issued documents. Rows come out as plain structs; the rules (sim-certify.c) decide with them. */
#pragma once

#include <json-glib/json-glib.h>

#include "sim/servers/sim-document.h"

G_BEGIN_DECLS

typedef struct _SimRegistry SimRegistry;

/* The schema's version (PRAGMA user_version, set by registry-schema.sql); the registry of the
 * first version had none (0). */
#define SIM_REGISTRY_SCHEMA_VERSION 2

/* A municipality the server issues for. */
typedef struct {
  char *code;
  char *name;
  char *prefecture;
  char *mayor_title; /* "みどり市長" */
  char *mayor_name;
  char *seal_text;
  gboolean prints_my_number;
  gboolean refuses_protected_household;
  int max_copies;
  char *opens;  /* "06:30" */
  char *closes; /* "23:00"; "24:00": to midnight */
  gboolean closed_new_year; /* closed 29 Dec – 3 Jan */
} SimMunicipality;

/* A person on a residence record. */
typedef struct {
  gint64 id;
  char *municipality;
  gint64 household_id;
  gint64 family_register_id; /* 0: none */
  char *family_name;
  char *given_name;
  char *family_kana;
  char *given_kana;
  SimDay birth;
  char *sex;
  char *relationship;
  SimDay resident_since;
  char *previous_address; /* NULL: none */
  char *my_number;        /* NULL: none */
  char *status;           /* resident, moving-out, moved-out, deceased */
  gboolean protected;     /* 支援措置 */
} SimResident;

/* A household with its people, head first. */
typedef struct {
  gint64 id;
  char *address;
  char *head_name;    /* "山田 太郎" */
  GPtrArray *members; /* SimResident* */
} SimHousehold;

/* A family register (戸籍) with its people in order and their 附票 addresses. */
typedef struct {
  gint64 id;
  char *municipality; /* 本籍地 */
  char *domicile;     /* 本籍 */
  char *head_name;    /* 筆頭者 */
  SimDay made_on;
  gboolean pending_filing;
  GPtrArray *members; /* SimDocumentMember*, with resident_ids parallel */
  GArray *resident_ids; /* gint64 per member, 0 when the member has no record here */
} SimFamilyRegister;

/* A registered seal. */
typedef struct {
  char *number;
  char *impression;
} SimSeal;

/* A use registration for a 本籍地. */
typedef struct {
  SimDay effective_on;
} SimUseRegistration;

/* One issued document, keyed by the center's request id. */
typedef struct {
  char *request_id;
  char *session_id;
  char *terminal_id;
  char *card_serial;
  char *card_fingerprint;
  char *municipality;
  char *type;
  char *options; /* canonical JSON of the request's options */
  gint64 copies;
  GBytes *document;
  GBytes *statement;
  GBytes *signature;
} SimIssued;

/* Opens @path. With @seed_sql, an empty file is first given @schema_sql and then the seed, in one
 * transaction; without, the file must already hold a registry (made by kiosk-sim-registry). */
SimRegistry *sim_registry_open (const char *path, const char *schema_sql, const char *seed_sql,
                                GError **error);

/* Closes the registry. */
void sim_registry_free (SimRegistry *self);

/* The municipality with @code, or NULL with SIM_ERROR_TYPE_UNKNOWN if the server has none. */
SimMunicipality *sim_registry_find_municipality (SimRegistry *self, const char *code,
                                                 GError **error);

/* TRUE if the registry holds municipality @code. */
gboolean sim_registry_has_municipality (SimRegistry *self, const char *code);

/* The resident holding card @card_serial, or NULL with SIM_ERROR_RESIDENT_UNKNOWN. */
SimResident *sim_registry_find_resident (SimRegistry *self, const char *card_serial, GError **error);

/* Household @id with its people (head first, then in the order they joined). */
SimHousehold *sim_registry_find_household (SimRegistry *self, gint64 id, GError **error);

/* Family register @id with its members; NULL with SIM_ERROR_INTERNAL if it is not there. */
SimFamilyRegister *sim_registry_find_register (SimRegistry *self, gint64 id, GError **error);

/* The municipality code of register @id without loading it; NULL if none. */
char *sim_registry_register_municipality (SimRegistry *self, gint64 id, GError **error);

/* @resident_id's seal, or NULL (without error) if none is registered. */
SimSeal *sim_registry_find_seal (SimRegistry *self, gint64 resident_id, GError **error);

/* @resident_id's tax record of @fiscal_year; FALSE (without error) if there is none. */
gboolean sim_registry_find_tax (SimRegistry *self, gint64 resident_id, int fiscal_year,
                                SimDocumentTax *tax, GError **error);

/* The fiscal years of @resident_id's tax records, newest first (int). */
GArray *sim_registry_tax_years (SimRegistry *self, gint64 resident_id, GError **error);

/* @resident_id's use registration with @municipality; FALSE (without error) if there is none. */
gboolean sim_registry_find_use_registration (SimRegistry *self, gint64 resident_id,
                                             const char *municipality,
                                             SimUseRegistration *registration, GError **error);

/* TRUE if @municipality offers @type. */
gboolean sim_registry_offers (SimRegistry *self, const char *municipality, const char *type,
                              GError **error);

/* The types @municipality offers, in the order of certificate_type (char*). */
GPtrArray *sim_registry_offered_types (SimRegistry *self, const char *municipality,
                                       GError **error);

/* The catalogue name of @type ("住民票の写し"), or NULL with SIM_ERROR_TYPE_UNKNOWN. */
char *sim_registry_type_name (SimRegistry *self, const char *type, GError **error);

/* The fee of @type at @municipality in effect on @day (ISO date); -1 with an error if none. */
gint64 sim_registry_fee (SimRegistry *self, const char *municipality, const char *type,
                         const char *day, GError **error);

/* TRUE if @municipality is in a maintenance window at @minute ("YYYY-MM-DD HH:MM"). */
gboolean sim_registry_in_maintenance (SimRegistry *self, const char *municipality,
                                      const char *minute, GError **error);

/* The maintenance windows of @municipality that end after @minute, as the catalogue's array. */
JsonNode *sim_registry_maintenance_json (SimRegistry *self, const char *municipality,
                                         const char *minute, GError **error);

/* The document issued for @request_id; NULL without error if there is none. */
SimIssued *sim_registry_find_issued (SimRegistry *self, const char *request_id, GError **error);

/* The number the next issued document carries (発行番号). */
gint64 sim_registry_next_issue_number (SimRegistry *self, GError **error);

/* Records @issued under @issue_number. */
gboolean sim_registry_store_issued (SimRegistry *self, const SimIssued *issued, gint64 issue_number,
                                    GError **error);

/* "山田 太郎". */
char *sim_resident_full_name (const SimResident *resident);

void sim_municipality_free (SimMunicipality *municipality);
void sim_resident_free (SimResident *resident);
void sim_household_free (SimHousehold *household);
void sim_family_register_free (SimFamilyRegister *family_register);
void sim_seal_free (SimSeal *seal);
void sim_issued_free (SimIssued *issued);

/* Parses "YYYY-MM-DD" (a NULL or malformed text is day 0-0-0). */
SimDay sim_day_parse (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimRegistry, sim_registry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimMunicipality, sim_municipality_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimResident, sim_resident_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimHousehold, sim_household_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimFamilyRegister, sim_family_register_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimSeal, sim_seal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimIssued, sim_issued_free)

G_END_DECLS
