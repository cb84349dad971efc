/* gen-register.h: building family registers (戸籍) and their members while the households are
 * made: a register is opened, then its members are appended in order (the 筆頭者 first), and
 * only then is the next register opened. */
#pragma once

#include "sim/registry/gen-world.h"

G_BEGIN_DECLS

/* A child of a register's couple: a resident (person >= 0) or someone living elsewhere. */
typedef struct {
  int person;
  const char *given;       /* when person < 0 */
  GenDay birth;
  GenSex sex;
  GenDay married_on;       /* married out of the register (removed), 0: not */
  GenRef partner;
} GenChild;

/* Invented parents of someone of @family born on @child_birth, who live elsewhere. */
typedef struct {
  const char *family;
  const char *father_given;
  const char *mother_given;
  GenDay father_birth;
  GenDay mother_birth;
  GenDay married_on;
} GenParents;

/* References to names. */
GenRef gen_ref_person (int person);
GenRef gen_ref_text (const char *family, const char *given);
GenRef gen_ref_none (void);

/* The 本籍地 of a register of someone living in @municipality: mostly there, about 20% another
 * municipality of the registry, about 3% one outside it. */
guint gen_register_place (GenWorld *world, guint municipality);

/* Opens a register in @place made on @made_on, with a 本籍 there; members follow. */
guint gen_register_new (GenWorld *world, guint place, GenDay made_on);

/* Appends resident @person to the open register; returns the member's index. The person's
 * current register becomes this one unless @removed. */
guint gen_register_add_person (GenWorld *world, guint person, const char *relationship, GenRef father,
                               GenRef mother, gboolean removed);

/* Appends someone without a record here. */
guint gen_register_add_other (GenWorld *world, const char *family, const char *given, GenDay birth, GenSex sex,
                              const char *relationship, GenRef father, GenRef mother);

/* Records that members @husband and @wife married each other on @day; @wife_maiden is the family
 * name she had before, when she has no record here (a resident's is her maiden_name). */
void gen_register_marry (GenWorld *world, guint husband, guint wife, GenDay day, const char *wife_maiden);

/* Appends @children (in order of birth), numbering sons and daughters (長男, 二女). */
void gen_register_add_children (GenWorld *world, const GenChild *children, guint n, GenRef father, GenRef mother);

/* The @n-th (from 1) son or daughter: 長男, 二女, 三男. */
const char *gen_register_ordinal (GenSex sex, guint n);

/* A random 続柄 for a 筆頭者 or spouse among their parents' children (長男, 二男, 長女 ...). */
const char *gen_register_random_ordinal (GenWorld *world, GenSex sex);

/* Invents the parents of someone of @family born on @child_birth. */
void gen_parents_invent (GenWorld *world, const char *family, GenDay child_birth, GenParents *parents);

/* Invents up to @max brothers and sisters of someone born @birth whose parents married @married_on,
 * into @children; the older ones have married out. Returns how many. */
guint gen_siblings_invent (GenWorld *world, GenDay birth, GenDay married_on, guint max, GenChild *children);

G_END_DECLS
