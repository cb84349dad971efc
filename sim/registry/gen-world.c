/* gen-world.c: the in-memory registry and the helpers every part of the generator uses. */
#include "sim/registry/gen-world.h"

/* An empty world; the stream of random numbers starts from @seed. */
GenWorld *
gen_world_new (guint64 seed, GenDay today)
{
  GenWorld *world = g_new0 (GenWorld, 1);
  int year, month, day;

  gen_rng_init (&world->rng, seed);
  world->seed = seed;
  world->today = today;
  world->strings = g_string_chunk_new (1 << 20);
  world->places = g_array_new (FALSE, TRUE, sizeof (GenPlace));
  world->households = g_array_new (FALSE, TRUE, sizeof (GenHousehold));
  world->persons = g_array_new (FALSE, TRUE, sizeof (GenPerson));
  world->registers = g_array_new (FALSE, TRUE, sizeof (GenRegister));
  world->members = g_array_new (FALSE, TRUE, sizeof (GenMember));
  /* fiscal year Y (the income of Y-1) is available from 1 June of Y */
  gen_day_ymd (today, &year, &month, &day);
  world->latest_fiscal_year = (guint) (month >= 6 ? year : year - 1);
  return world;
}

/* Frees the arrays and every string. */
void
gen_world_free (GenWorld *world)
{
  if (world == NULL)
    return;
  g_array_unref (world->places);
  g_array_unref (world->households);
  g_array_unref (world->persons);
  g_array_unref (world->registers);
  g_array_unref (world->members);
  g_string_chunk_free (world->strings);
  g_free (world);
}

/* One copy per distinct text. */
const char *
gen_world_intern (GenWorld *world, const char *text)
{
  return g_string_chunk_insert_const (world->strings, text);
}

/* Uniform over the days between. */
GenDay
gen_world_day_between (GenWorld *world, GenDay first, GenDay last)
{
  if (last <= first)
    return first;
  return first + gen_rng_below (&world->rng, last - first + 1);
}

/* A day after the birthday a year before the latest, up to the latest. */
GenDay
gen_world_birth (GenWorld *world, int age)
{
  GenDay latest = gen_day_add_years (world->today, -age);
  GenDay earliest = gen_day_add_years (world->today, -age - 1) + 1;

  return gen_world_day_between (world, earliest, latest);
}
