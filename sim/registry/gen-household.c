/* gen-household.c: households and their people, of the kinds Japanese households are (単身, 夫婦,
 * 夫婦と子, ひとり親, 三世代, foreign residents), each with the family registers its people are in. */
#include "sim/registry/gen-home.h"

typedef enum {
  HOME_SINGLE_YOUNG,  /* 18-39, unmarried */
  HOME_SINGLE_MIDDLE, /* 40-64, unmarried or divorced */
  HOME_SINGLE_OLD,    /* 65+, widowed */
  HOME_COUPLE,
  HOME_FAMILY,        /* a couple and their children */
  HOME_SINGLE_PARENT,
  HOME_WITH_PARENTS,  /* a family and the head's parents (父, 母) */
  HOME_WITH_GRANDCHILDREN, /* an old couple, their son's family (子, 子の妻, 孫) */
  HOME_FOREIGN,
  N_HOME_KINDS,
} GenHomeKind;

/* Relative shares of the kinds of households, after the 2020 census's household types and an age
 * pyramid with many people past 60. */
static const guint home_weights[N_HOME_KINDS] = { 110, 110, 190, 250, 160, 55, 35, 35, 20 };

/* The most people a household of each kind has. */
static const guint home_max_size[N_HOME_KINDS] = { 1, 1, 1, 2, 5, 4, 7, 7, 4 };

/* Former addresses of foreign residents who came from abroad. */
static const char *const countries[] = {
  "ブラジル国", "ベトナム国", "中華人民共和国", "フィリピン共和国", "大韓民国", "アメリカ合衆国",
};

/* 18-39, alone; in the parents' register, or in one of their own (分籍). */
static void
gen_home_single_young (GenHome *home)
{
  GenWorld *world = home->world;
  GenSex sex = gen_rng_permille (&world->rng, 520) ? GEN_MALE : GEN_FEMALE;
  guint person = gen_home_member (home, sex, gen_rng_range (&world->rng, 18, 39), "世帯主");
  GenDay birth = gen_person (world, person)->birth;

  gen_home_maybe_moved (home, 800, gen_day_add_years (birth, 18));
  gen_home_settle (home);
  if (gen_rng_permille (&world->rng, 150))
    {
      GenDay split_on = gen_world_day_between (world, gen_day_add_years (birth, 20), world->today - 1);
      guint member = gen_home_own_register (home, person, split_on);

      gen_member (world, member)->split_on = split_on;
    }
  else
    gen_home_parents_register (home, gen_register_place (world, home->municipality), person, 0, gen_ref_none ());
}

/* 40-64, alone: never married (the parents' register) or divorced. */
static void
gen_home_single_middle (GenHome *home)
{
  GenWorld *world = home->world;
  GenSex sex = gen_rng_permille (&world->rng, 550) ? GEN_MALE : GEN_FEMALE;
  guint person = gen_home_member (home, sex, gen_rng_range (&world->rng, 40, 64), "世帯主");
  GenPerson *p = gen_person (world, person);
  GenDay birth = p->birth;
  const GenName *ex_family = gen_names_surname (&world->rng);
  const GenName *ex_given = gen_names_given (&world->rng, sex == GEN_MALE ? GEN_FEMALE : GEN_MALE,
                                             gen_day_year (birth));
  GenDay married_on = gen_world_day_between (world, gen_day_add_years (birth, 24), gen_day_add_years (birth, 34));
  GenDay divorced_on = gen_world_day_between (world, married_on + 365, world->today - 30);
  guint draw = gen_rng_below (&world->rng, 10);

  gen_home_maybe_moved (home, 600, gen_day_add_years (birth, 18));
  gen_home_settle (home);
  if (draw < 4)
    gen_home_parents_register (home, gen_register_place (world, home->municipality), person, 0, gen_ref_none ());
  else if (sex == GEN_MALE)
    {
      /* his register, from which his former wife left at the divorce */
      guint husband = gen_home_own_register (home, person, married_on);
      guint wife = gen_register_add_other (world, p->family_name, ex_given->name,
                                           gen_day_add_years (birth, gen_rng_range (&world->rng, -2, 5)), GEN_FEMALE,
                                           "妻", gen_ref_none (), gen_ref_none ());

      gen_register_marry (world, husband, wife, married_on, ex_family->name);
      gen_member (world, husband)->divorced_on = divorced_on;
      gen_member (world, wife)->divorced_on = divorced_on;
      gen_member (world, wife)->removed = TRUE;
      gen_register (world, world->registers->len - 1)->made_on = married_on;
    }
  else
    {
      /* her new register, made at the divorce */
      guint member = gen_home_own_register (home, person, divorced_on);

      gen_member (world, member)->divorced_on = divorced_on;
      gen_member (world, member)->partner = gen_ref_text (ex_family->name, ex_given->name);
    }
}

/* 65 and over, alone, widowed: the register of the couple, the spouse 除籍 by death, the children
 * married out. */
static void
gen_home_single_old (GenHome *home)
{
  GenWorld *world = home->world;
  GenSex sex = gen_rng_permille (&world->rng, 750) ? GEN_FEMALE : GEN_MALE;
  int age = gen_home_old_age (world);
  guint person = sex == GEN_FEMALE ? gen_home_wife (home, age, "世帯主") : gen_home_member (home, sex, age, "世帯主");
  GenPerson *p = gen_person (world, person);
  GenDay birth = p->birth;
  GenDay spouse_birth = gen_day_add_years (birth, sex == GEN_FEMALE ? -gen_rng_range (&world->rng, 0, 5)
                                                                    : gen_rng_range (&world->rng, 0, 5));
  const GenName *spouse_given = gen_names_given (&world->rng, sex == GEN_MALE ? GEN_FEMALE : GEN_MALE,
                                                 gen_day_year (spouse_birth));
  const char *spouse_maiden = gen_names_surname (&world->rng)->name;
  GenDay married_on = sex == GEN_FEMALE ? gen_home_marriage (world, spouse_birth, birth, 0)
                                        : gen_home_marriage (world, birth, spouse_birth, 0);
  GenDay died_on = gen_world_day_between (world, MAX (married_on + 365, gen_day_add_years (spouse_birth, 55)),
                                          world->today - 1);
  GenChild children[3];
  guint n_children = gen_home_grown_children (world, married_on, 3, children);
  GenParents parents;
  guint spouse, self;

  gen_home_maybe_moved (home, 250, gen_day_add_years (birth, 30));
  gen_home_settle (home);
  gen_register_new (world, gen_register_place (world, home->municipality), married_on);
  if (sex == GEN_FEMALE)
    {
      spouse = gen_register_add_other (world, p->family_name, spouse_given->name, spouse_birth, GEN_MALE,
                                       gen_register_random_ordinal (world, GEN_MALE), gen_ref_none (), gen_ref_none ());
      gen_parents_invent (world, p->maiden_name, birth, &parents);
      self = gen_register_add_person (world, person, "妻", gen_ref_text (parents.family, parents.father_given),
                                      gen_ref_text (parents.family, parents.mother_given), FALSE);
      gen_register_marry (world, spouse, self, married_on, NULL);
    }
  else
    {
      gen_parents_invent (world, p->family_name, birth, &parents);
      self = gen_register_add_person (world, person, gen_register_random_ordinal (world, GEN_MALE),
                                      gen_ref_text (parents.family, parents.father_given),
                                      gen_ref_text (parents.family, parents.mother_given), FALSE);
      spouse = gen_register_add_other (world, p->family_name, spouse_given->name, spouse_birth, GEN_FEMALE, "妻",
                                       gen_ref_none (), gen_ref_none ());
      gen_register_marry (world, self, spouse, married_on, spouse_maiden);
    }
  gen_member (world, spouse)->died_on = died_on;
  gen_member (world, spouse)->removed = TRUE;
  gen_register_add_children (world, children, n_children,
                             sex == GEN_FEMALE ? gen_ref_text (p->family_name, spouse_given->name)
                                               : gen_ref_person ((int) person),
                             sex == GEN_FEMALE ? gen_ref_person ((int) person)
                                               : gen_ref_text (p->family_name, spouse_given->name));
}

/* A husband of @age and his wife (the head, for some), in the household. */
static void
gen_home_spouses (GenHome *home, int age, guint *husband, guint *wife)
{
  GenWorld *world = home->world;
  int wife_age = CLAMP (age + gen_rng_range (&world->rng, -6, 2), 20, 100);

  if (gen_rng_permille (&world->rng, 50))
    {
      *wife = gen_home_wife (home, wife_age, "世帯主");
      *husband = gen_home_member (home, GEN_MALE, age, "夫");
    }
  else
    {
      *husband = gen_home_member (home, GEN_MALE, age, "世帯主");
      *wife = gen_home_wife (home, wife_age, "妻");
    }
}

/* A couple: young, middle-aged or old; the grown children married out. */
static void
gen_home_couple (GenHome *home)
{
  GenWorld *world = home->world;
  static const guint weights[] = { 15, 25, 60 };
  guint band = gen_rng_weighted (&world->rng, weights, G_N_ELEMENTS (weights));
  int age = band == 0 ? gen_rng_range (&world->rng, 22, 39)
            : band == 1 ? gen_rng_range (&world->rng, 40, 64) : MIN (gen_home_old_age (world), 95);
  guint husband, wife;
  GenDay married_on;
  GenChild children[3];
  guint n_children;

  gen_home_spouses (home, age, &husband, &wife);
  married_on = gen_home_marriage (world, gen_person (world, husband)->birth, gen_person (world, wife)->birth, 0);
  n_children = gen_home_grown_children (world, married_on, 3, children);
  gen_home_maybe_moved (home, 500, married_on);
  gen_home_bride (home, wife, married_on);
  gen_home_settle (home);
  gen_home_couple_register (home, gen_register_place (world, home->municipality), husband, wife, married_on,
                            children, n_children, gen_ref_none (), gen_ref_none ());
}

/* A couple of @age (husband) with 1-3 children at home and sometimes one married out; returns
 * the marriage day, fills @children (the register's, eldest first). */
static GenDay
gen_home_young_family (GenHome *home, int age, guint *husband, guint *wife, GenChild *children, guint *n_children)
{
  GenWorld *world = home->world;
  static const guint sizes[] = { 50, 38, 12 };
  guint n = gen_rng_weighted (&world->rng, sizes, G_N_ELEMENTS (sizes)) + 1;
  GenDay married_on;

  gen_home_spouses (home, age, husband, wife);
  n = gen_home_children (home, gen_person (world, *wife)->birth, n, "子", children);
  married_on = gen_home_marriage (world, gen_person (world, *husband)->birth, gen_person (world, *wife)->birth,
                                  children[0].birth);
  if (age >= 50 && gen_rng_permille (&world->rng, 300))
    {
      GenDay birth = MAX (married_on + 300, gen_day_add_years (children[0].birth, -gen_rng_range (&world->rng, 2, 5)));

      if (birth < children[0].birth && gen_day_age (birth, world->today) >= 22)
        {
          gen_home_grown_child (world, birth, &children[n++]);
          gen_children_sort (children, n);
        }
    }
  *n_children = n;
  return married_on;
}

/* 夫婦と子. */
static void
gen_home_family (GenHome *home)
{
  GenWorld *world = home->world;
  static const guint weights[] = { 30, 35, 35 };
  static const int from[] = { 28, 40, 50 };
  guint band = gen_rng_weighted (&world->rng, weights, G_N_ELEMENTS (weights));
  int age = gen_rng_range (&world->rng, from[band], band == 2 ? 62 : from[band] + 9);
  guint husband, wife, n_children;
  GenChild children[5];
  GenDay married_on = gen_home_young_family (home, age, &husband, &wife, children, &n_children);

  gen_home_maybe_moved (home, 550, married_on);
  gen_home_bride (home, wife, married_on);
  gen_home_settle (home);
  gen_home_couple_register (home, gen_register_place (world, home->municipality), husband, wife, married_on,
                            children, n_children, gen_ref_none (), gen_ref_none ());
}

/* ひとり親: mostly a divorced mother with her own new register, the children 入籍 into it; or a
 * father whose wife left (divorced) or died. */
static void
gen_home_single_parent (GenHome *home)
{
  GenWorld *world = home->world;
  gboolean mother = gen_rng_permille (&world->rng, 850);
  int age = mother ? gen_rng_range (&world->rng, 28, 58) : gen_rng_range (&world->rng, 35, 64);
  guint parent = gen_home_member (home, mother ? GEN_FEMALE : GEN_MALE, age, "世帯主");
  GenDay parent_birth = gen_person (world, parent)->birth;
  GenDay spouse_birth = gen_day_add_years (parent_birth, mother ? -gen_rng_range (&world->rng, 0, 4)
                                                                : gen_rng_range (&world->rng, 0, 4));
  const GenName *spouse_family = gen_names_surname (&world->rng);
  const GenName *spouse_given = gen_names_given (&world->rng, mother ? GEN_MALE : GEN_FEMALE,
                                                 gen_day_year (spouse_birth));
  guint n = gen_rng_below (&world->rng, 3) + 1;
  GenChild children[3];
  GenDay married_on, divorced_on;
  guint register_index, head;

  n = gen_home_children (home, mother ? parent_birth : spouse_birth, n, "子", children);
  married_on = mother ? gen_home_marriage (world, spouse_birth, parent_birth, children[0].birth)
                      : gen_home_marriage (world, parent_birth, spouse_birth, children[0].birth);
  divorced_on = gen_world_day_between (world, MAX (children[n - 1].birth, married_on) + 30, world->today - 30);
  gen_home_maybe_moved (home, 600, divorced_on);
  gen_home_settle (home);
  if (mother)
    {
      head = gen_home_own_register (home, parent, divorced_on);
      register_index = world->registers->len - 1;
      gen_member (world, head)->divorced_on = divorced_on;
      gen_member (world, head)->partner = gen_ref_text (spouse_family->name, spouse_given->name);
      gen_register_add_children (world, children, n, gen_ref_text (spouse_family->name, spouse_given->name),
                                 gen_ref_person ((int) parent));
      for (guint i = 1; i < gen_register (world, register_index)->n_members; i++)
        gen_member (world, head + i)->entered_on = MIN (divorced_on + (GenDay) gen_rng_range (&world->rng, 14, 200),
                                                        world->today - 1);
    }
  else
    {
      GenPerson *p = gen_person (world, parent);
      guint wife;

      head = gen_home_own_register (home, parent, married_on);
      wife = gen_register_add_other (world, p->family_name, spouse_given->name, spouse_birth, GEN_FEMALE, "妻",
                                     gen_ref_none (), gen_ref_none ());
      gen_register_marry (world, head, wife, married_on, spouse_family->name);
      if (gen_rng_permille (&world->rng, 500))
        {
          gen_member (world, head)->divorced_on = divorced_on;
          gen_member (world, wife)->divorced_on = divorced_on;
        }
      else
        gen_member (world, wife)->died_on = divorced_on;
      gen_member (world, wife)->removed = TRUE;
      gen_register_add_children (world, children, n, gen_ref_person ((int) parent),
                                 gen_ref_text (p->family_name, spouse_given->name));
    }
}

/* A family living with the head's mother (and father): the parents' register holds the head as a
 * son who married out; the head's register is often in the same place. */
static void
gen_home_with_parents (GenHome *home)
{
  GenWorld *world = home->world;
  int age = gen_rng_range (&world->rng, 35, 58);
  guint husband, wife, n_children, father = G_MAXUINT, mother;
  GenChild children[5], siblings[4];
  GenDay married_on = gen_home_young_family (home, age, &husband, &wife, children, &n_children);
  GenDay husband_birth = gen_person (world, husband)->birth;
  int mother_age = MIN (age + gen_rng_range (&world->rng, 24, 34), 100);
  gboolean father_alive = gen_rng_permille (&world->rng, 600);
  guint parents_place = gen_register_place (world, home->municipality);
  GenDay parents_married, parents_came;
  guint member_father, member_mother, n_siblings;

  if (father_alive)
    father = gen_home_member (home, GEN_MALE, MIN (mother_age + gen_rng_range (&world->rng, 0, 4), 100), "父");
  mother = gen_home_wife (home, mother_age, "母");
  parents_married = gen_home_marriage (world, father_alive ? gen_person (world, father)->birth
                                                           : gen_day_add_years (gen_person (world, mother)->birth, -2),
                                       gen_person (world, mother)->birth, husband_birth);
  gen_home_maybe_moved (home, 500, married_on);
  parents_came = gen_world_day_between (world, MAX (married_on, home->moved_on), world->today - 1);
  if (gen_rng_permille (&world->rng, 500))
    {
      /* the parents came to live with their son's family */
      if (father_alive)
        gen_home_join (home, father, parents_came);
      gen_home_join (home, mother, parents_came);
    }
  gen_home_bride (home, wife, married_on);
  gen_home_settle (home);

  /* the parents' register: the head married out of it */
  gen_register_new (world, parents_place, parents_married);
  {
    GenPerson *m = gen_person (world, mother);
    GenParents grandparents;

    if (father_alive)
      {
        gen_parents_invent (world, m->family_name, gen_person (world, father)->birth, &grandparents);
        member_father = gen_register_add_person (world, father, gen_register_random_ordinal (world, GEN_MALE),
                                                 gen_ref_text (grandparents.family, grandparents.father_given),
                                                 gen_ref_text (grandparents.family, grandparents.mother_given), FALSE);
      }
    else
      {
        GenDay birth = gen_day_add_years (m->birth, -gen_rng_range (&world->rng, 0, 4));

        member_father = gen_register_add_other (world, m->family_name,
                                                gen_names_given (&world->rng, GEN_MALE, gen_day_year (birth))->name,
                                                birth, GEN_MALE, gen_register_random_ordinal (world, GEN_MALE),
                                                gen_ref_none (), gen_ref_none ());
        gen_member (world, member_father)->died_on
          = gen_world_day_between (world, MAX (parents_married + 365, gen_day_add_years (birth, 55)), world->today - 1);
        gen_member (world, member_father)->removed = TRUE;
      }
    gen_parents_invent (world, m->maiden_name, m->birth, &grandparents);
    member_mother = gen_register_add_person (world, mother, "妻",
                                             gen_ref_text (grandparents.family, grandparents.father_given),
                                             gen_ref_text (grandparents.family, grandparents.mother_given), FALSE);
    gen_register_marry (world, member_father, member_mother, parents_married, NULL);
  }
  n_siblings = gen_siblings_invent (world, husband_birth, parents_married, 2, siblings);
  siblings[n_siblings++] = (GenChild) { (int) husband, NULL, husband_birth, GEN_MALE, married_on,
                                        gen_ref_person ((int) wife) };
  gen_children_sort (siblings, n_siblings);
  {
    GenMember *head = gen_member (world, gen_register (world, world->registers->len - 1)->first_member);
    GenRef father_ref = head->person >= 0 ? gen_ref_person (head->person)
                                          : gen_ref_text (head->family_name, head->given_name);

    gen_register_add_children (world, siblings, n_siblings, father_ref, gen_ref_person ((int) mother));
    /* the head's register: in his parents' place more often than not */
    gen_home_couple_register (home,
                              gen_rng_permille (&world->rng, 700) ? parents_place
                                                                  : gen_register_place (world, home->municipality),
                              husband, wife, married_on, children, n_children, father_ref,
                              gen_ref_person ((int) mother));
  }
}

/* An old couple (or a widowed head) living with their son, his wife (子の妻) and their children
 * (孫): two registers, the son married out of his parents'. */
static void
gen_home_with_grandchildren (GenHome *home)
{
  GenWorld *world = home->world;
  int age = gen_rng_range (&world->rng, 62, 88);
  gboolean wife_alive = gen_rng_permille (&world->rng, 800);
  guint elder = gen_home_member (home, GEN_MALE, age, "世帯主");
  guint elder_wife = wife_alive ? gen_home_wife (home, CLAMP (age + gen_rng_range (&world->rng, -5, 1), 55, 100), "妻")
                                : G_MAXUINT;
  int son_age = MAX (age - gen_rng_range (&world->rng, 25, 34), 28);
  guint son = gen_home_member (home, GEN_MALE, son_age, "子");
  guint son_wife = gen_home_wife (home, MAX (son_age + gen_rng_range (&world->rng, -4, 2), 24), "子の妻");
  guint n = gen_rng_below (&world->rng, 3) + 1;
  GenChild grandchildren[3], children[4];
  GenDay elder_birth = gen_person (world, elder)->birth;
  GenDay son_birth = gen_person (world, son)->birth;
  GenDay elder_wife_birth = wife_alive ? gen_person (world, elder_wife)->birth : gen_day_add_years (elder_birth, 2);
  GenDay elder_married = gen_home_marriage (world, elder_birth, elder_wife_birth, son_birth);
  GenDay son_married;
  guint place = gen_register_place (world, home->municipality);
  guint member_elder, member_wife, n_children;
  GenParents parents;
  const char *wife_given = NULL;

  n = gen_home_children (home, gen_person (world, son_wife)->birth, n, "孫", grandchildren);
  son_married = gen_home_marriage (world, son_birth, gen_person (world, son_wife)->birth, grandchildren[0].birth);
  gen_home_maybe_moved (home, 300, elder_married);
  gen_home_bride (home, son_wife, son_married);
  gen_home_settle (home);

  /* the elder couple's register */
  gen_register_new (world, place, elder_married);
  gen_parents_invent (world, home->surname.name, elder_birth, &parents);
  member_elder = gen_register_add_person (world, elder, gen_register_random_ordinal (world, GEN_MALE),
                                          gen_ref_text (parents.family, parents.father_given),
                                          gen_ref_text (parents.family, parents.mother_given), FALSE);
  if (wife_alive)
    {
      gen_parents_invent (world, gen_person (world, elder_wife)->maiden_name, elder_wife_birth, &parents);
      member_wife = gen_register_add_person (world, elder_wife, "妻",
                                             gen_ref_text (parents.family, parents.father_given),
                                             gen_ref_text (parents.family, parents.mother_given), FALSE);
      gen_register_marry (world, member_elder, member_wife, elder_married, NULL);
    }
  else
    {
      wife_given = gen_names_given (&world->rng, GEN_FEMALE, gen_day_year (elder_wife_birth))->name;
      member_wife = gen_register_add_other (world, home->surname.name, wife_given, elder_wife_birth, GEN_FEMALE, "妻",
                                            gen_ref_none (), gen_ref_none ());
      gen_register_marry (world, member_elder, member_wife, elder_married, gen_names_surname (&world->rng)->name);
      gen_member (world, member_wife)->died_on
        = gen_world_day_between (world, MAX (son_birth + 365, gen_day_add_years (elder_wife_birth, 50)),
                                 world->today - 1);
      gen_member (world, member_wife)->removed = TRUE;
    }
  n_children = gen_siblings_invent (world, son_birth, elder_married, 2, children);
  children[n_children++] = (GenChild) { (int) son, NULL, son_birth, GEN_MALE, son_married,
                                        gen_ref_person ((int) son_wife) };
  gen_children_sort (children, n_children);
  gen_register_add_children (world, children, n_children, gen_ref_person ((int) elder),
                             wife_alive ? gen_ref_person ((int) elder_wife)
                                        : gen_ref_text (home->surname.name, wife_given));

  /* the son's register */
  gen_home_couple_register (home, gen_rng_permille (&world->rng, 800) ? place
                                                                      : gen_register_place (world, home->municipality),
                            son, son_wife, son_married, grandchildren, n, gen_ref_person ((int) elder),
                            wife_alive ? gen_ref_person ((int) elder_wife)
                                       : gen_ref_text (home->surname.name, wife_given));
}

/* Foreign residents: no 戸籍; alone, a couple, or a couple with children; came from abroad or
 * from elsewhere in Japan. */
static void
gen_home_foreign (GenHome *home)
{
  GenWorld *world = home->world;
  const GenName *family = gen_names_foreign_family (&world->rng);
  guint draw = gen_rng_below (&world->rng, 4);
  GenSex sex = gen_rng_permille (&world->rng, 500) ? GEN_MALE : GEN_FEMALE;
  int age = gen_rng_range (&world->rng, 20, 50);
  guint head = gen_home_person (home, sex, gen_world_birth (world, age), *family,
                                gen_names_foreign_given (&world->rng, sex), "世帯主");
  GenDay birth = gen_person (world, head)->birth;

  if (draw >= 2)
    {
      GenSex other = sex == GEN_MALE ? GEN_FEMALE : GEN_MALE;

      gen_home_person (home, other, gen_world_birth (world, CLAMP (age + gen_rng_range (&world->rng, -5, 5), 20, 60)),
                       *family, gen_names_foreign_given (&world->rng, other), other == GEN_FEMALE ? "妻" : "夫");
    }
  if (draw == 3)
    {
      guint n = gen_rng_below (&world->rng, 2) + 1;

      for (guint i = 0; i < n; i++)
        {
          GenSex child = gen_rng_permille (&world->rng, 500) ? GEN_MALE : GEN_FEMALE;

          gen_home_person (home, child, gen_world_birth (world, gen_rng_range (&world->rng, 0, MIN (15, age - 20))),
                           *family, gen_names_foreign_given (&world->rng, child), "子");
        }
    }
  home->moved_on = gen_world_day_between (world, MAX (gen_day_add_years (birth, 18), world->today - 365 * 15),
                                          world->today - 1);
  if (gen_rng_permille (&world->rng, 400))
    home->previous = countries[gen_rng_below (&world->rng, G_N_ELEMENTS (countries))];
  else
    home->previous = gen_home_elsewhere (world, home->municipality);
  gen_home_settle (home);
  for (guint i = 0; i < gen_household (world, home->household)->n_persons; i++)
    gen_person (world, head + i)->foreign = TRUE;
}

/* One household of @kind in @municipality. */
static void
gen_home_make (GenWorld *world, guint municipality, GenHomeKind kind)
{
  GenHousehold household = { 0 };
  GenHome home = { 0 };

  household.municipality = municipality;
  household.address = gen_place_address (world, municipality, TRUE);
  household.first_person = world->persons->len;
  g_array_append_val (world->households, household);
  home.world = world;
  home.household = world->households->len - 1;
  home.municipality = municipality;
  /* about 2% of families write their name with an MJ character or a variation sequence */
  if (gen_rng_permille (&world->rng, 20))
    home.surname = gen_names_gaiji_surname (&world->rng, world->strings);
  else
    home.surname = *gen_names_surname (&world->rng);
  switch (kind)
    {
    case HOME_SINGLE_YOUNG: gen_home_single_young (&home); break;
    case HOME_SINGLE_MIDDLE: gen_home_single_middle (&home); break;
    case HOME_SINGLE_OLD: gen_home_single_old (&home); break;
    case HOME_COUPLE: gen_home_couple (&home); break;
    case HOME_FAMILY: gen_home_family (&home); break;
    case HOME_SINGLE_PARENT: gen_home_single_parent (&home); break;
    case HOME_WITH_PARENTS: gen_home_with_parents (&home); break;
    case HOME_WITH_GRANDCHILDREN: gen_home_with_grandchildren (&home); break;
    case HOME_FOREIGN: gen_home_foreign (&home); break;
    case N_HOME_KINDS:
    default: g_assert_not_reached ();
    }
}

/* Each municipality's share of @n by its weight (the remainder to the first ones), then
 * households until the share is filled; the last few people live alone, to fill it exactly. */
void
gen_households (GenWorld *world, guint n)
{
  guint64 total_weight = 0;
  guint given = 0;

  for (guint m = 0; m < world->n_municipalities; m++)
    total_weight += gen_place (world, m)->weight;
  for (guint m = 0; m < world->n_municipalities; m++)
    given += (guint) ((guint64) n * gen_place (world, m)->weight / total_weight);
  for (guint m = 0; m < world->n_municipalities; m++)
    {
      guint share = (guint) ((guint64) n * gen_place (world, m)->weight / total_weight) + (m < n - given ? 1 : 0);
      guint target = world->persons->len + share;

      while (world->persons->len < target)
        {
          guint left = target - world->persons->len;
          GenHomeKind kind = (GenHomeKind) gen_rng_weighted (&world->rng, home_weights, N_HOME_KINDS);

          if (home_max_size[kind] > left)
            kind = left >= 2 && gen_rng_permille (&world->rng, 500) ? HOME_COUPLE : HOME_SINGLE_OLD;
          if (home_max_size[kind] > left)
            kind = gen_rng_permille (&world->rng, 500) ? HOME_SINGLE_YOUNG : HOME_SINGLE_OLD;
          gen_home_make (world, m, kind);
        }
    }
}
