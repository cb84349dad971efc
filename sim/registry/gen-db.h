/* gen-db.h: writing the generated registry (an SQLite file on registry-schema.sql) and the list
 * of its cards (cards.tsv). */
#pragma once

#include "sim/registry/gen-world.h"

G_BEGIN_DECLS

#define GEN_ERROR (gen_error_quark ())

typedef enum {
  GEN_ERROR_FAILED, /* the file could not be written */
} GenError;

GQuark gen_error_quark (void);

/* Writes @world into the new file @path after running @schema there. */
gboolean gen_db_write (GenWorld *world, const char *path, const char *schema, GError **error);

/* Writes the cards of @world, one line each after a header, to @path (replacing it):
 * serial, resident, municipality, state, koseki, tax_years. */
gboolean gen_cards_write (GenWorld *world, const char *path, GError **error);

G_END_DECLS
