/* sim-certify.h: the municipality's rules for issuing at a terminal, and the certificate they
 * allow, built from the registry rows the request resolved to (docs/protocol.md, "Refusals"). */
#pragma once

#include <json-glib/json-glib.h>

#include "sim/servers/sim-document.h"
#include "sim/servers/sim-registry.h"

G_BEGIN_DECLS

/* What a request may ask beyond its type and copies (docs/protocol.md, "Options"). */
typedef struct {
  GArray *members;            /* int: household positions (1 = the head); empty: the holder */
  gboolean show_domicile;     /* 本籍・筆頭者 */
  gboolean show_relationship; /* 世帯主・続柄 */
  gboolean show_my_number;    /* 個人番号, where the municipality allows it */
  int fiscal_year;            /* zei: 年度; 0: the latest available */
  gboolean individual;        /* koseki, fuhyo: the holder only (個人事項) instead of all */
} SimCertifyOptions;

/* A certificate the rules allowed, ready to render. */
typedef struct {
  char *municipality; /* the issuing municipality's code */
  char *options;      /* canonical JSON of the options, as stored and compared */
  SimDocument *document;
} SimCertified;

/* Reads the request's "options" object (NULL: none) for @type; unknown members, wrong types and
 * options that do not apply to @type are SIM_ERROR_BAD_REQUEST. */
gboolean sim_certify_options_parse (JsonObject *options, const char *type, SimCertifyOptions *out,
                                    GError **error);

/* The options as canonical JSON (every field, in one order): what is stored with an issue and
 * compared when the same request id comes again. */
char *sim_certify_options_json (const SimCertifyOptions *options);

/* Frees what sim_certify_options_parse() allocated. */
void sim_certify_options_clear (SimCertifyOptions *options);

/* Applies every rule for the holder of @card_serial asking @type from @municipality (NULL: where
 * the type is kept for them) at @now, and builds the document; otherwise NULL with
 * SIM_ERROR_REFUSED (the message is the reason code), SIM_ERROR_RESIDENT_UNKNOWN,
 * SIM_ERROR_TYPE_UNKNOWN or SIM_ERROR_BAD_REQUEST. */
SimCertified *sim_certify (SimRegistry *registry, const char *card_serial, const char *municipality,
                           const char *type, gint64 copies, const SimCertifyOptions *options,
                           GDateTime *now, GError **error);

/* The protocol's catalogue for the holder of @card_serial at @now: {"municipalities": [...]}. */
JsonNode *sim_certify_catalogue (SimRegistry *registry, const char *card_serial, GDateTime *now,
                                 GError **error);

/* A SHA-256 (hex) over everything @document prints, in one order: two documents with the same
 * digest print the same. */
char *sim_certify_document_digest (const SimDocument *document);

/* Checks that @certified is still what the registry gives the holder of @card_serial at @now (the
 * rows it was built from unchanged, nothing of another request in it): the build is made again
 * and compared, issue number and time included. FALSE with SIM_ERROR_INTERNAL if not. */
gboolean sim_certify_recheck (SimRegistry *registry, const SimCertified *certified,
                              const char *card_serial, const char *type, gint64 copies,
                              const SimCertifyOptions *options, GDateTime *now, GError **error);

/* A deep copy of @options into @copy. */
void sim_certify_options_copy (const SimCertifyOptions *options, SimCertifyOptions *copy);

/* Frees a certified document. */
void sim_certified_free (SimCertified *certified);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCertified, sim_certified_free)

G_END_DECLS
