/* gen-names.h: the invented names the generator draws from: people (weighted common surnames,
 * given names by sex and birth decade, 外字 surnames of IPAmj明朝), and places (prefectures,
 * municipalities, towns, buildings). Every combination is made up. */
#pragma once

#include <glib.h>

#include "sim/registry/gen-rng.h"

G_BEGIN_DECLS

typedef enum {
  GEN_MALE,
  GEN_FEMALE,
} GenSex;

/* A name with its reading in hiragana. */
typedef struct {
  const char *name;
  const char *kana;
} GenName;

/* A common surname, drawn in proportion to how common it is. */
const GenName *gen_names_surname (GenRng *rng);

/* A surname written with an MJ character or an ideographic variation sequence IPAmj明朝 has
 * (髙橋, 渡邉 with U+E0110, ...); the text is made in @strings. */
GenName gen_names_gaiji_surname (GenRng *rng, GStringChunk *strings);

/* A given name for @sex, of the kind given to people born in @birth_year. */
const GenName *gen_names_given (GenRng *rng, GenSex sex, int birth_year);

/* A foreign resident's family or given name, in katakana. */
const GenName *gen_names_foreign_family (GenRng *rng);
const GenName *gen_names_foreign_given (GenRng *rng, GenSex sex);

/* A foreign resident's name too long for the forms' name box (family and given together). */
void gen_names_foreign_long (GenRng *rng, GenName *family, GenName *given);

/* The number of invented prefectures, and the stem of one (あおば: あおば県, あおば市). */
guint gen_names_n_prefectures (void);
const char *gen_names_prefecture_stem (guint index);

/* The kanji stem of municipality name @index (0..gen_names_n_municipality_stems()-1). */
guint gen_names_n_municipality_stems (void);
char *gen_names_municipality_stem (guint index);

/* The number of places outside the registry, and one of them. */
guint gen_names_n_outside (void);
void gen_names_outside (guint index, const char **prefecture, const char **name);

/* A town (町名) and whether its addresses have 丁目. */
const char *gen_names_town (GenRng *rng, gboolean *has_chome);

/* 一..九 for 1..9. */
const char *gen_names_kanji_digit (int n);

/* An apartment building's name (さくらハイツ). */
const char *gen_names_building (GenRng *rng);

/* A building name so long that an address with it does not fit the forms. */
const char *gen_names_long_building (GenRng *rng);

/* A character of the Private Use Area (U+E000..U+E0FF) that no font has: a legacy vendor 外字. */
gunichar gen_names_pua (GenRng *rng);

G_END_DECLS
