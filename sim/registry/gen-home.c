/* gen-home.c: the people of a household being made (ages, names, where they lived before) and the
 * family registers they share, for the kinds of households of gen-household.c. */
#include "sim/registry/gen-home.h"

/* An address in another municipality of the registry or outside it. */
const char *
gen_home_elsewhere (GenWorld *world, guint municipality)
{
  guint n = world->n_municipalities;
  guint place;

  if (n >= 2 && gen_rng_permille (&world->rng, 550))
    place = (municipality + 1 + gen_rng_below (&world->rng, n - 1)) % n;
  else
    place = n + gen_rng_below (&world->rng, world->places->len - n);
  return gen_place_address (world, place, TRUE);
}

/* An age from 65 to 100, fewer the older (people living alone or as couples past 65). */
int
gen_home_old_age (GenWorld *world)
{
  static const guint weights[] = { 50, 33, 14, 3 };
  static const int from[] = { 65, 75, 85, 95 };
  guint band = gen_rng_weighted (&world->rng, weights, G_N_ELEMENTS (weights));

  return gen_rng_range (&world->rng, from[band], band == 3 ? 100 : from[band] + 9);
}

/* A new person of the household, not settled yet (since = 0). */
guint
gen_home_person (GenHome *home, GenSex sex, GenDay birth, GenName family, const GenName *given,
                 const char *relationship)
{
  GenWorld *world = home->world;
  GenPerson person = { 0 };
  int age = gen_day_age (birth, world->today);

  person.household = home->household;
  person.family_register = -1;
  person.municipality = home->municipality;
  person.sex = sex;
  person.family_name = family.name;
  person.family_kana = family.kana;
  person.given_name = given->name;
  person.given_kana = given->kana;
  person.relationship = relationship;
  person.birth = birth;
  /* about 70% of those 15 and over hold a card (more of the old than of the young), and some
   * children */
  person.wants_card = gen_rng_permille (&world->rng, age >= 60 ? 780 : age >= 15 ? 650 : 300);
  g_array_append_val (world->persons, person);
  gen_household (world, home->household)->n_persons++;
  return world->persons->len - 1;
}

/* A Japanese person of the household's family name, given a name of their generation. */
guint
gen_home_member (GenHome *home, GenSex sex, int age, const char *relationship)
{
  GenDay birth = gen_world_birth (home->world, age);

  return gen_home_person (home, sex, birth, home->surname,
                          gen_names_given (&home->world->rng, sex, gen_day_year (birth)), relationship);
}

/* A wife who took the family name: her maiden name is another. */
guint
gen_home_wife (GenHome *home, int age, const char *relationship)
{
  guint wife = gen_home_member (home, GEN_FEMALE, age, relationship);

  gen_person (home->world, wife)->maiden_name = gen_names_surname (&home->world->rng)->name;
  return wife;
}

/* Where the person lived before @since: sometimes two addresses (the 附票 shows both). */
static void
gen_home_set_previous (GenWorld *world, GenPerson *person, const char *previous)
{
  person->previous_address = previous;
  person->previous_since = gen_world_day_between (world, person->birth, person->since - 1);
  if (person->previous_since > person->birth + 365 && gen_rng_permille (&world->rng, 300))
    {
      person->older_address = gen_home_elsewhere (world, person->municipality);
      person->older_since = person->birth;
    }
}

/* Everyone not settled yet: born here, or came when the household moved in. */
void
gen_home_settle (GenHome *home)
{
  GenWorld *world = home->world;
  GenHousehold *household = gen_household (world, home->household);

  for (guint i = 0; i < household->n_persons; i++)
    {
      GenPerson *person = gen_person (world, household->first_person + i);

      if (person->since != 0)
        continue;
      if (home->moved_on != 0 && person->birth < home->moved_on)
        {
          person->since = home->moved_on;
          gen_home_set_previous (world, person, home->previous);
        }
      else
        person->since = person->birth;
    }
}

/* @person came on @day from elsewhere (a wife at her marriage, parents moving in). */
void
gen_home_join (GenHome *home, guint person, GenDay day)
{
  GenWorld *world = home->world;
  GenPerson *p = gen_person (world, person);

  p->since = CLAMP (day, p->birth + 1, world->today - 1);
  gen_home_set_previous (world, p, gen_home_elsewhere (world, home->municipality));
}

/* A wife who married into a family living here came then, mostly from elsewhere. */
void
gen_home_bride (GenHome *home, guint wife, GenDay married_on)
{
  if ((home->moved_on == 0 || married_on > home->moved_on) && gen_rng_permille (&home->world->rng, 700))
    gen_home_join (home, wife, married_on);
}

/* With chance @per_mille the household moved in on a day from @earliest to yesterday. */
void
gen_home_maybe_moved (GenHome *home, guint per_mille, GenDay earliest)
{
  GenWorld *world = home->world;

  if (!gen_rng_permille (&world->rng, per_mille) || earliest >= world->today - 1)
    return;
  home->moved_on = gen_world_day_between (world, earliest, world->today - 1);
  home->previous = gen_home_elsewhere (world, home->municipality);
}

/* TRUE if one of the first @n @children is called @given. */
static gboolean
gen_home_name_taken (GenWorld *world, const GenChild *children, guint n, const char *given)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (children[i].person >= 0 ? gen_person (world, children[i].person)->given_name : children[i].given,
                   given) == 0)
      return TRUE;
  return FALSE;
}

/* @n children of a mother born @mother_birth (born when she was 22-42, none over 29), eldest first,
 * as people of the household with @relationship; their indexes in @children. */
guint
gen_home_children (GenHome *home, GenDay mother_birth, guint n, const char *relationship, GenChild *children)
{
  GenWorld *world = home->world;
  int mother_age = gen_day_age (mother_birth, world->today);
  int oldest = CLAMP (mother_age - 22, 0, 29);
  int youngest = CLAMP (mother_age - 42, 0, oldest);
  int ages[8];

  for (guint i = 0; i < n; i++)
    ages[i] = gen_rng_range (&world->rng, youngest, oldest);
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && ages[j] > ages[j - 1]; j--)
      {
        int swap = ages[j];

        ages[j] = ages[j - 1];
        ages[j - 1] = swap;
      }
  for (guint i = 0; i < n; i++)
    {
      GenSex sex = gen_rng_permille (&world->rng, 512) ? GEN_MALE : GEN_FEMALE;
      guint person = gen_home_member (home, sex, ages[i], relationship);
      GenPerson *child = gen_person (world, person);

      /* brothers and sisters are not given the same name */
      for (guint tries = 0; tries < 8 && gen_home_name_taken (world, children, i, child->given_name); tries++)
        {
          const GenName *given = gen_names_given (&world->rng, sex, gen_day_year (child->birth));

          child->given_name = given->name;
          child->given_kana = given->kana;
        }
      children[i] = (GenChild) { (int) person, child->given_name, child->birth, sex, 0, gen_ref_none () };
    }
  return n;
}

/* Orders @children by birth (insertion sort: stable, and they are few). */
void
gen_children_sort (GenChild *children, guint n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && children[j].birth < children[j - 1].birth; j--)
      {
        GenChild swap = children[j];

        children[j] = children[j - 1];
        children[j - 1] = swap;
      }
}

/* A marriage day: both adult (he 22, she 20), within a few years, before their first child. */
GenDay
gen_home_marriage (GenWorld *world, GenDay husband_birth, GenDay wife_birth, GenDay first_child)
{
  GenDay earliest = MAX (gen_day_add_years (husband_birth, 22), gen_day_add_years (wife_birth, 20));
  GenDay day = gen_world_day_between (world, earliest, gen_day_add_years (earliest, 8));

  if (first_child != 0 && day >= first_child)
    day = first_child - 1 - gen_rng_below (&world->rng, 400);
  return MIN (day, world->today - 1);
}

/* The register of a resident couple and their children: the husband is the 筆頭者. His parents are
 * @his_father and @his_mother (invented when they have no name); hers are invented. */
void
gen_home_couple_register (GenHome *home, guint place, guint husband, guint wife, GenDay married_on,
                          const GenChild *children, guint n_children, GenRef his_father, GenRef his_mother)
{
  GenWorld *world = home->world;
  GenPerson *h = gen_person (world, husband);
  GenPerson *w = gen_person (world, wife);
  GenParents parents;
  guint member_husband, member_wife;

  gen_register_new (world, place, married_on);
  if (his_father.person < 0 && his_father.family == NULL)
    {
      gen_parents_invent (world, h->family_name, h->birth, &parents);
      his_father = gen_ref_text (parents.family, parents.father_given);
      his_mother = gen_ref_text (parents.family, parents.mother_given);
    }
  member_husband = gen_register_add_person (world, husband, gen_register_random_ordinal (world, GEN_MALE),
                                            his_father, his_mother, FALSE);
  gen_parents_invent (world, w->maiden_name != NULL ? w->maiden_name : w->family_name, w->birth, &parents);
  member_wife = gen_register_add_person (world, wife, "妻", gen_ref_text (parents.family, parents.father_given),
                                         gen_ref_text (parents.family, parents.mother_given), FALSE);
  gen_register_marry (world, member_husband, member_wife, married_on, NULL);
  gen_register_add_children (world, children, n_children, gen_ref_person ((int) husband),
                             gen_ref_person ((int) wife));
}

/* A grown child living elsewhere who married out of the register (or did not marry). */
void
gen_home_grown_child (GenWorld *world, GenDay birth, GenChild *child)
{
  child->person = -1;
  child->birth = birth;
  child->sex = gen_rng_permille (&world->rng, 500) ? GEN_MALE : GEN_FEMALE;
  child->given = gen_names_given (&world->rng, child->sex, gen_day_year (birth))->name;
  child->married_on = 0;
  child->partner = gen_ref_none ();
  if (gen_day_age (birth, world->today) >= 24 && gen_rng_permille (&world->rng, 750))
    {
      const GenName *family = gen_names_surname (&world->rng);
      const GenName *given = gen_names_given (&world->rng, child->sex == GEN_MALE ? GEN_FEMALE : GEN_MALE,
                                              gen_day_year (birth));

      child->married_on = gen_world_day_between (world, gen_day_add_years (birth, 23),
                                                 MIN (gen_day_add_years (birth, 35), world->today - 1));
      child->partner = gen_ref_text (family->name, given->name);
    }
}

/* Up to @max grown children born 1-4 years apart from a year after @married_on, none under 22. */
guint
gen_home_grown_children (GenWorld *world, GenDay married_on, guint max, GenChild *children)
{
  guint n = gen_rng_below (&world->rng, max + 1);
  GenDay birth = married_on;
  guint made = 0;

  for (guint i = 0; i < n; i++)
    {
      birth = gen_day_add_years (birth, gen_rng_range (&world->rng, 1, 4)) + gen_rng_below (&world->rng, 300);
      if (gen_day_age (birth, world->today) < 22)
        break;
      gen_home_grown_child (world, birth, &children[made++]);
    }
  return made;
}

/* The register of someone's parents who live elsewhere (or died), with @person among their
 * children; @married_person_on: @person married out of it (0: still in it). */
void
gen_home_parents_register (GenHome *home, guint place, guint person, GenDay married_person_on, GenRef partner)
{
  GenWorld *world = home->world;
  GenPerson *p = gen_person (world, person);
  const char *maiden = gen_names_surname (&world->rng)->name;
  GenParents parents, his, hers;
  GenChild children[4];
  guint n, father, mother;

  gen_parents_invent (world, home->surname.name, p->birth, &parents);
  gen_register_new (world, place, parents.married_on);
  gen_parents_invent (world, parents.family, parents.father_birth, &his);
  gen_parents_invent (world, maiden, parents.mother_birth, &hers);
  father = gen_register_add_other (world, parents.family, parents.father_given, parents.father_birth, GEN_MALE,
                                   gen_register_random_ordinal (world, GEN_MALE),
                                   gen_ref_text (his.family, his.father_given),
                                   gen_ref_text (his.family, his.mother_given));
  mother = gen_register_add_other (world, parents.family, parents.mother_given, parents.mother_birth, GEN_FEMALE,
                                   "妻", gen_ref_text (hers.family, hers.father_given),
                                   gen_ref_text (hers.family, hers.mother_given));
  gen_register_marry (world, father, mother, parents.married_on, maiden);
  if (gen_day_age (parents.father_birth, world->today) >= 70 && gen_rng_permille (&world->rng, 500))
    {
      gen_member (world, father)->died_on = gen_world_day_between (
        world, MAX (gen_day_add_years (parents.father_birth, 60), p->birth), world->today - 1);
      gen_member (world, father)->removed = TRUE;
    }
  n = gen_siblings_invent (world, p->birth, parents.married_on, 2, children);
  children[n++] = (GenChild) { (int) person, NULL, p->birth, p->sex, married_person_on, partner };
  gen_children_sort (children, n);
  gen_register_add_children (world, children, n, gen_ref_text (parents.family, parents.father_given),
                             gen_ref_text (parents.family, parents.mother_given));
}

/* A register of @person's own: by 分籍 (split from the parents'), or after a divorce. */
guint
gen_home_own_register (GenHome *home, guint person, GenDay made_on)
{
  GenWorld *world = home->world;
  GenPerson *p = gen_person (world, person);
  GenParents parents;

  gen_parents_invent (world, p->family_name, p->birth, &parents);
  gen_register_new (world, gen_register_place (world, home->municipality), made_on);
  return gen_register_add_person (world, person, gen_register_random_ordinal (world, p->sex),
                                  gen_ref_text (parents.family, parents.father_given),
                                  gen_ref_text (parents.family, parents.mother_given), FALSE);
}
