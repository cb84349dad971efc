/* gen-refusals.c: the residents a terminal must turn away, each kind at least 0.4% of the
 * residents (and at least 3 from 1,000 residents), all holding cards so that tests can find them
 * in cards.tsv. Only people with no refusal yet are changed, and a change that touches a whole
 * household only touches households with none, so each change adds to its own kind. */
#include "sim/registry/gen-states.h"

#include <string.h>

/* How many of each kind a registry of @n residents gets. */
static guint
gen_refusals_target (guint n)
{
  guint share = (n * 4 + 999) / 1000;

  return n >= 1000 ? MAX (share, 3u) : MAX (share, 1u);
}

/* Card holders (15 and over) in state @state. */
static guint
gen_refusals_count (GenWorld *world, GenCardState state)
{
  guint n = 0;

  for (guint i = 0; i < world->persons->len; i++)
    if (gen_person (world, i)->wants_card && gen_card_state (world, i, FALSE) == state)
      n++;
  return n;
}

/* TRUE if nobody in the household was changed yet nor has a refusal besides being a child. */
static gboolean
gen_refusals_household_clean (GenWorld *world, guint household)
{
  GenHousehold *h = gen_household (world, household);

  for (guint i = 0; i < h->n_persons; i++)
    {
      GenCardState state = gen_card_state (world, h->first_person + i, FALSE);

      if (gen_person (world, h->first_person + i)->marks != 0 || (state != GEN_CARD_OK && state != GEN_CARD_UNDER_15))
        return FALSE;
    }
  return TRUE;
}

/* Marks everyone of the household and counts its card holders now in @state. */
static guint
gen_refusals_mark_household (GenWorld *world, guint household, GenCardState state)
{
  GenHousehold *h = gen_household (world, household);
  guint n = 0;

  for (guint i = 0; i < h->n_persons; i++)
    {
      gen_person (world, h->first_person + i)->marks |= GEN_MARK_FORCED;
      if (gen_person (world, h->first_person + i)->wants_card
          && gen_card_state (world, h->first_person + i, FALSE) == state)
        n++;
    }
  return n;
}

/* The whole household moved in today, from elsewhere. */
static guint
gen_refusals_moved_in_today (GenWorld *world, guint household)
{
  GenHousehold *h = gen_household (world, household);
  const char *previous = NULL;

  for (guint i = 0; i < h->n_persons; i++)
    {
      GenPerson *person = gen_person (world, h->first_person + i);

      if (person->previous_address != NULL && previous == NULL)
        previous = person->previous_address;
    }
  if (previous == NULL)
    previous = gen_place_address (world, world->n_municipalities, TRUE);
  for (guint i = 0; i < h->n_persons; i++)
    {
      GenPerson *person = gen_person (world, h->first_person + i);

      person->since = world->today;
      person->previous_address = previous;
      person->previous_since = MAX (person->previous_since, person->birth);
      if (person->older_address != NULL && person->older_since >= person->previous_since)
        person->older_address = NULL;
    }
  return gen_refusals_mark_household (world, household, GEN_CARD_MOVED_IN_TODAY);
}

/* The household's address gets (instead of its building, if it had one) a building whose name
 * does not fit the form. */
static guint
gen_refusals_long_address (GenWorld *world, guint household)
{
  GenHousehold *h = gen_household (world, household);
  const char *building = strchr (h->address, ' ');
  g_autoptr (GString) address = g_string_new_len (h->address, building != NULL ? building - h->address : -1);

  g_string_append_printf (address, " %s%d%02d号室", gen_names_long_building (&world->rng),
                          gen_rng_range (&world->rng, 10, 39), gen_rng_range (&world->rng, 1, 12));
  h->address = g_string_chunk_insert (world->strings, address->str);
  return gen_refusals_mark_household (world, household, GEN_CARD_TOO_LONG);
}

/* A legacy vendor 外字 (Private Use Area) in place of the given name's first character. */
static void
gen_refusals_pua_name (GenWorld *world, GenPerson *person)
{
  g_autoptr (GString) name = g_string_new (NULL);

  g_string_append_unichar (name, gen_names_pua (&world->rng));
  g_string_append (name, g_utf8_next_char (person->given_name));
  person->given_name = g_string_chunk_insert (world->strings, name->str);
}

/* Changes candidate @index to @state if it can; returns how many cards are now in @state. */
static guint
gen_refusals_apply (GenWorld *world, guint index, GenCardState state, guint *long_names, guint target)
{
  GenPerson *person = gen_person (world, index);
  GenName family, given;

  switch (state)
    {
    case GEN_CARD_MOVED_OUT:
      person->status = GEN_STATUS_MOVED_OUT;
      person->status_date = MAX (world->today - (GenDay) gen_rng_range (&world->rng, 1, 180), person->since);
      break;
    case GEN_CARD_MOVING_OUT:
      person->status = GEN_STATUS_MOVING_OUT;
      person->status_date = world->today + (GenDay) gen_rng_range (&world->rng, 1, 14);
      break;
    case GEN_CARD_DECEASED:
      person->status = GEN_STATUS_DECEASED;
      person->status_date = MAX (world->today - (GenDay) gen_rng_range (&world->rng, 1, 365), person->since);
      break;
    case GEN_CARD_PROTECTED:
      person->protected_ = TRUE;
      break;
    case GEN_CARD_MOVED_IN_TODAY:
      if (!gen_refusals_household_clean (world, person->household))
        return 0;
      return gen_refusals_moved_in_today (world, person->household);
    case GEN_CARD_UNPRINTABLE:
      gen_refusals_pua_name (world, person);
      break;
    case GEN_CARD_TOO_LONG:
      /* half of them by a foreign resident's long name, where there are some */
      if (person->foreign && *long_names < target / 2)
        {
          gen_names_foreign_long (&world->rng, &family, &given);
          person->family_name = family.name;
          person->family_kana = family.kana;
          person->given_name = given.name;
          person->given_kana = given.kana;
          (*long_names)++;
          break;
        }
      if (!gen_refusals_household_clean (world, person->household))
        return 0;
      return gen_refusals_long_address (world, person->household);
    case GEN_CARD_UNDER_15:
    case GEN_CARD_NO_SEAL:
    case GEN_CARD_OK:
    case GEN_N_CARD_STATES:
    default:
      g_assert_not_reached ();
    }
  person->marks |= GEN_MARK_FORCED;
  return gen_card_state (world, index, FALSE) == state ? 1 : 0;
}

/* Enough children hold cards, then each kind of refusal takes card holders from one shuffled list
 * of those with none. */
void
gen_refusals (GenWorld *world)
{
  static const GenCardState forced[] = {
    GEN_CARD_MOVED_OUT, GEN_CARD_MOVING_OUT, GEN_CARD_DECEASED,    GEN_CARD_PROTECTED,
    GEN_CARD_MOVED_IN_TODAY, GEN_CARD_UNPRINTABLE, GEN_CARD_TOO_LONG,
  };
  guint target = gen_refusals_target (world->persons->len);
  guint n = world->persons->len;
  g_autofree guint32 *order = g_new (guint32, MAX (n, 1u));
  guint n_children = 0, n_candidates = 0, next = 0, long_names = 0;

  /* children with cards: give more children cards if too few have one */
  for (guint i = 0; i < n; i++)
    if (gen_day_age (gen_person (world, i)->birth, world->today) < 15)
      order[n_children++] = i;
  gen_rng_shuffle (&world->rng, order, n_children);
  for (guint i = 0, have = gen_refusals_count (world, GEN_CARD_UNDER_15); i < n_children && have < target; i++)
    if (!gen_person (world, order[i])->wants_card)
      {
        gen_person (world, order[i])->wants_card = TRUE;
        have++;
      }

  for (guint i = 0; i < n; i++)
    if (gen_person (world, i)->wants_card && gen_card_state (world, i, FALSE) == GEN_CARD_OK)
      order[n_candidates++] = i;
  gen_rng_shuffle (&world->rng, order, n_candidates);
  for (guint s = 0; s < G_N_ELEMENTS (forced); s++)
    {
      guint have = gen_refusals_count (world, forced[s]);

      while (have < target && next < n_candidates)
        {
          guint index = order[next++];

          if (gen_person (world, index)->marks == 0 && gen_card_state (world, index, FALSE) == GEN_CARD_OK)
            have += gen_refusals_apply (world, index, forced[s], &long_names, target);
        }
    }
}
