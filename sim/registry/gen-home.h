/* gen-home.h: making one household: its people and the family registers they are in (gen-home.c),
 * used by the kinds of households of gen-household.c. */
#pragma once

#include "sim/registry/gen-register.h"

G_BEGIN_DECLS

/* The household being made. */
typedef struct {
  GenWorld *world;
  guint household;
  guint municipality;
  GenName surname;
  GenDay moved_on;      /* 0: the family has always lived here */
  const char *previous; /* where it lived before moved_on */
} GenHome;

/* An address in another municipality of the registry or outside it. */
const char *gen_home_elsewhere (GenWorld *world, guint municipality);

/* An age from 65 to 100, fewer the older (people living alone or as couples past 65). */
int gen_home_old_age (GenWorld *world);

/* A new person of the household, not settled yet (since = 0). */
guint gen_home_person (GenHome *home, GenSex sex, GenDay birth, GenName family, const GenName *given,
                       const char *relationship);

/* A Japanese person of the household's family name, given a name of their generation. */
guint gen_home_member (GenHome *home, GenSex sex, int age, const char *relationship);

/* A wife who took the family name: her maiden name is another. */
guint gen_home_wife (GenHome *home, int age, const char *relationship);

/* Everyone not settled yet: born here, or came when the household moved in. */
void gen_home_settle (GenHome *home);

/* @person came on @day from elsewhere (a wife at her marriage, parents moving in). */
void gen_home_join (GenHome *home, guint person, GenDay day);

/* A wife who married into a family living here came then, mostly from elsewhere. */
void gen_home_bride (GenHome *home, guint wife, GenDay married_on);

/* With chance @per_mille the household moved in on a day from @earliest to yesterday. */
void gen_home_maybe_moved (GenHome *home, guint per_mille, GenDay earliest);

/* @n children of a mother born @mother_birth (born when she was 22-42, none over 29), eldest first,
 * as people of the household with @relationship; their indexes in @children. */
guint gen_home_children (GenHome *home, GenDay mother_birth, guint n, const char *relationship, GenChild *children);

/* Orders @children by birth (insertion sort: stable, and they are few). */
void gen_children_sort (GenChild *children, guint n);

/* A marriage day: both adult (he 22, she 20), within a few years, before their first child. */
GenDay gen_home_marriage (GenWorld *world, GenDay husband_birth, GenDay wife_birth, GenDay first_child);

/* The register of a resident couple and their children: the husband is the 筆頭者. His parents are
 * @his_father and @his_mother (invented when they have no name); hers are invented. */
void gen_home_couple_register (GenHome *home, guint place, guint husband, guint wife, GenDay married_on,
                               const GenChild *children, guint n_children, GenRef his_father, GenRef his_mother);

/* A grown child living elsewhere who married out of the register (or did not marry). */
void gen_home_grown_child (GenWorld *world, GenDay birth, GenChild *child);

/* Up to @max grown children born 1-4 years apart from a year after @married_on, none under 22. */
guint gen_home_grown_children (GenWorld *world, GenDay married_on, guint max, GenChild *children);

/* The register of someone's parents who live elsewhere (or died), with @person among their
 * children; @married_person_on: @person married out of it (0: still in it). */
void gen_home_parents_register (GenHome *home, guint place, guint person, GenDay married_person_on, GenRef partner);

/* A register of @person's own: by 分籍 (split from the parents'), or after a divorce. */
guint gen_home_own_register (GenHome *home, guint person, GenDay made_on);

G_END_DECLS
