/* gen-register.c: family registers and their members. */
#include "sim/registry/gen-register.h"

static const char *const sons[] = { "長男", "二男", "三男", "四男", "五男" };
static const char *const daughters[] = { "長女", "二女", "三女", "四女", "五女" };

/* A resident's name, read when written. */
GenRef
gen_ref_person (int person)
{
  return (GenRef) { person, NULL, NULL };
}

/* A name as text. */
GenRef
gen_ref_text (const char *family, const char *given)
{
  return (GenRef) { -1, family, given };
}

/* No name recorded. */
GenRef
gen_ref_none (void)
{
  return (GenRef) { -1, NULL, NULL };
}

/* 77% here, 20% another municipality of the registry, 3% outside. */
guint
gen_register_place (GenWorld *world, guint municipality)
{
  guint draw = gen_rng_below (&world->rng, 1000);
  guint n = world->n_municipalities;

  if (draw < 770 || (draw < 970 && n < 2))
    return municipality;
  if (draw < 970)
    return (municipality + 1 + gen_rng_below (&world->rng, n - 1)) % n;
  return n + gen_rng_below (&world->rng, world->places->len - n);
}

/* A new register with no members yet. */
guint
gen_register_new (GenWorld *world, guint place, GenDay made_on)
{
  GenRegister reg = { 0 };

  reg.place = place;
  reg.domicile = gen_place_domicile (world, place);
  reg.first_member = world->members->len;
  reg.made_on = made_on;
  g_array_append_val (world->registers, reg);
  return world->registers->len - 1;
}

/* Where a member was born: mostly the 本籍地 or where they live. */
static const char *
gen_register_birthplace (GenWorld *world, guint place, guint home)
{
  guint draw = gen_rng_below (&world->rng, 10);

  if (draw < 5)
    return gen_place_full_name (world, place);
  if (draw < 8)
    return gen_place_full_name (world, home);
  return gen_place_full_name (world, gen_rng_below (&world->rng, world->places->len));
}

/* A zeroed member of the open register. */
static GenMember *
gen_register_append (GenWorld *world, guint *index)
{
  GenMember member = { 0 };
  GenRegister *reg = gen_register (world, world->registers->len - 1);

  member.person = -1;
  member.partner = gen_ref_none ();
  g_array_append_val (world->members, member);
  reg->n_members++;
  *index = world->members->len - 1;
  return gen_member (world, *index);
}

/* A resident member. */
guint
gen_register_add_person (GenWorld *world, guint person, const char *relationship, GenRef father, GenRef mother,
                         gboolean removed)
{
  guint reg_index = world->registers->len - 1;
  guint place = gen_register (world, reg_index)->place;
  GenPerson *p = gen_person (world, person);
  const char *birthplace = gen_register_birthplace (world, place, p->municipality);
  guint index;
  GenMember *member = gen_register_append (world, &index);

  member->person = (int) person;
  member->birth = p->birth;
  member->sex = p->sex;
  member->relationship = relationship;
  member->father = father;
  member->mother = mother;
  member->birthplace = birthplace;
  member->removed = removed;
  if (!removed)
    p->family_register = (int) reg_index;
  return index;
}

/* A member living elsewhere (or dead), with one 附票 line somewhere. */
guint
gen_register_add_other (GenWorld *world, const char *family, const char *given, GenDay birth, GenSex sex,
                        const char *relationship, GenRef father, GenRef mother)
{
  guint place = gen_register (world, world->registers->len - 1)->place;
  const char *birthplace = gen_register_birthplace (world, place, place);
  guint lives = gen_rng_permille (&world->rng, 500) ? place : gen_rng_below (&world->rng, world->places->len);
  const char *address = gen_place_address (world, lives, TRUE);
  guint index;
  GenMember *member = gen_register_append (world, &index);

  member->family_name = family;
  member->given_name = given;
  member->birth = birth;
  member->sex = sex;
  member->relationship = relationship;
  member->father = father;
  member->mother = mother;
  member->birthplace = birthplace;
  member->address = address;
  member->address_since = birth;
  return index;
}

/* The name a member is known by in the other's 婚姻 line (a wife's maiden name is read later). */
static GenRef
gen_register_member_ref (GenWorld *world, guint index)
{
  GenMember *member = gen_member (world, index);

  if (member->person >= 0)
    return gen_ref_person (member->person);
  return gen_ref_text (member->family_name, member->given_name);
}

/* Both members get the 婚姻 line naming the other. */
void
gen_register_marry (GenWorld *world, guint husband, guint wife, GenDay day, const char *wife_maiden)
{
  GenRef ref_husband = gen_register_member_ref (world, husband);
  GenRef ref_wife = gen_register_member_ref (world, wife);

  if (ref_wife.person < 0 && wife_maiden != NULL)
    ref_wife.family = wife_maiden;
  gen_member (world, husband)->married_on = day;
  gen_member (world, husband)->partner = ref_wife;
  gen_member (world, wife)->married_on = day;
  gen_member (world, wife)->partner = ref_husband;
}

/* The given name of child @i living elsewhere: drawn again while a brother or sister has it. */
static const char *
gen_register_child_name (GenWorld *world, const GenChild *children, guint n, guint i)
{
  const char *given = children[i].given;

  for (guint tries = 0; tries < 8; tries++)
    {
      gboolean taken = FALSE;

      for (guint j = 0; j < n; j++)
        if (j != i)
          taken = taken || g_strcmp0 (children[j].person >= 0 ? gen_person (world, children[j].person)->given_name
                                                              : children[j].given,
                                      given) == 0;
      if (!taken)
        break;
      given = gen_names_given (&world->rng, children[i].sex, gen_day_year (children[i].birth))->name;
    }
  return given;
}

/* Sons and daughters counted apart, in the order given. */
void
gen_register_add_children (GenWorld *world, const GenChild *children, guint n, GenRef father, GenRef mother)
{
  GenRegister *reg = gen_register (world, world->registers->len - 1);
  GenMember *head = gen_member (world, reg->first_member);
  /* children living elsewhere carry the family name of the register's head */
  const char *family = head->person >= 0 ? gen_person (world, head->person)->family_name : head->family_name;
  guint n_sons = 0, n_daughters = 0;

  for (guint i = 0; i < n; i++)
    {
      const GenChild *child = &children[i];
      const char *relationship = child->sex == GEN_MALE ? gen_register_ordinal (GEN_MALE, ++n_sons)
                                                        : gen_register_ordinal (GEN_FEMALE, ++n_daughters);
      guint index;

      if (child->person >= 0)
        index = gen_register_add_person (world, (guint) child->person, relationship, father, mother,
                                         child->married_on != 0);
      else
        index = gen_register_add_other (world, family, gen_register_child_name (world, children, n, i), child->birth,
                                        child->sex, relationship, father, mother);
      if (child->married_on != 0)
        {
          GenMember *member = gen_member (world, index);

          member->married_on = child->married_on;
          member->partner = child->partner;
          member->removed = TRUE;
        }
    }
}

/* From the tables, the last entry for larger numbers. */
const char *
gen_register_ordinal (GenSex sex, guint n)
{
  guint i = MIN (MAX (n, 1u), G_N_ELEMENTS (sons)) - 1;

  return sex == GEN_MALE ? sons[i] : daughters[i];
}

/* Mostly the first child, often the second, sometimes the third. */
const char *
gen_register_random_ordinal (GenWorld *world, GenSex sex)
{
  static const guint weights[] = { 60, 28, 12 };

  return gen_register_ordinal (sex, gen_rng_weighted (&world->rng, weights, G_N_ELEMENTS (weights)) + 1);
}

/* Father 26-38 years older, mother within a few years of him, married before the child came. */
void
gen_parents_invent (GenWorld *world, const char *family, GenDay child_birth, GenParents *parents)
{
  GenDay father_birth = gen_day_add_years (child_birth, -gen_rng_range (&world->rng, 26, 38))
                        - gen_rng_below (&world->rng, 365);
  GenDay mother_birth = gen_day_add_years (father_birth, gen_rng_range (&world->rng, -2, 4))
                        + gen_rng_below (&world->rng, 365);
  GenDay earliest = MAX (gen_day_add_years (father_birth, 22), gen_day_add_years (mother_birth, 20));

  parents->family = family;
  parents->father_given = gen_names_given (&world->rng, GEN_MALE, gen_day_year (father_birth))->name;
  parents->mother_given = gen_names_given (&world->rng, GEN_FEMALE, gen_day_year (mother_birth))->name;
  parents->father_birth = father_birth;
  parents->mother_birth = mother_birth;
  parents->married_on = MIN (gen_world_day_between (world, earliest, gen_day_add_years (earliest, 6)),
                             child_birth - 1 - gen_rng_below (&world->rng, 300));
}

/* Brothers and sisters born 1-6 years apart, none before the marriage nor after today. */
guint
gen_siblings_invent (GenWorld *world, GenDay birth, GenDay married_on, guint max, GenChild *children)
{
  guint n = gen_rng_below (&world->rng, max + 1);
  guint made = 0;

  for (guint i = 0; i < n; i++)
    {
      int years = gen_rng_range (&world->rng, 1, 6) * (gen_rng_permille (&world->rng, 500) ? 1 : -1);
      GenDay sibling_birth = gen_day_add_years (birth, years) + gen_rng_below (&world->rng, 200);
      GenChild *child = &children[made];

      if (sibling_birth <= married_on || sibling_birth >= world->today)
        continue;
      child->person = -1;
      child->birth = sibling_birth;
      child->sex = gen_rng_permille (&world->rng, 500) ? GEN_MALE : GEN_FEMALE;
      child->given = gen_names_given (&world->rng, child->sex, gen_day_year (sibling_birth))->name;
      child->married_on = 0;
      if (gen_day_age (sibling_birth, world->today) >= 25 && gen_rng_permille (&world->rng, 600))
        {
          const GenName *partner_family = gen_names_surname (&world->rng);
          const GenName *partner_given = gen_names_given (
            &world->rng, child->sex == GEN_MALE ? GEN_FEMALE : GEN_MALE, gen_day_year (sibling_birth));

          child->married_on = gen_world_day_between (world, gen_day_add_years (sibling_birth, 23),
                                                     MIN (gen_day_add_years (sibling_birth, 34), world->today - 1));
          child->partner = gen_ref_text (partner_family->name, partner_given->name);
        }
      made++;
    }
  return made;
}
