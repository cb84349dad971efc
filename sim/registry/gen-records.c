/* gen-records.c: what the registry keeps besides the residence records: card numbers, seal
 * registrations, incomes (tax records are computed from them when written), use registrations
 * for 戸籍 kept elsewhere, filings not yet reflected; and My Numbers. */
#include "sim/registry/gen-states.h"

/* Cards D0000001... in resident order. */
static void
gen_records_cards (GenWorld *world)
{
  guint32 next = 0;

  for (guint i = 0; i < world->persons->len; i++)
    if (gen_person (world, i)->wants_card)
      gen_person (world, i)->card = ++next;
}

/* About 60% of living residents 15 and over registered a seal, on a day after both their 15th
 * birthday and their moving in; numbered per municipality. */
static void
gen_records_seals (GenWorld *world)
{
  for (guint i = 0; i < world->persons->len; i++)
    {
      GenPerson *person = gen_person (world, i);
      GenDay fifteen = gen_day_add_years (person->birth, 15);

      if (fifteen > world->today || person->status != GEN_STATUS_RESIDENT || !gen_rng_permille (&world->rng, 600))
        continue;
      person->seal = ++gen_place (world, person->municipality)->seals;
      person->seal_on = gen_world_day_between (world, MAX (fifteen, person->since), world->today);
      person->seal_full_name = gen_rng_permille (&world->rng, 300);
    }
}

/* Salaries by age and sex, pensions past 65, nothing for most students and some others. */
static void
gen_records_income (GenWorld *world, GenPerson *person)
{
  int age = gen_day_age (person->birth, world->today);
  gboolean male = person->sex == GEN_MALE;

  person->income = GEN_INCOME_NONE;
  if (age < 16)
    return;
  if (age <= 22)
    {
      if (gen_rng_permille (&world->rng, 250))
        {
          person->income = GEN_INCOME_SALARY;
          person->income_yen = (guint32) gen_rng_range (&world->rng, 300, 1500) * 1000;
        }
    }
  else if (age < 65)
    {
      if (gen_rng_permille (&world->rng, male ? 880 : 650))
        {
          int base = male ? 2500 + (MIN (age, 55) - 23) * 110 : 1000 + (MIN (age, 50) - 23) * 40;

          person->income = GEN_INCOME_SALARY;
          person->income_yen = (guint32) (base + gen_rng_range (&world->rng, -800, 2000)) * 1000;
          person->spouse_deduction = male && gen_rng_permille (&world->rng, 300);
        }
    }
  else
    {
      guint draw = gen_rng_below (&world->rng, 100);

      if (draw < 80)
        {
          person->income = GEN_INCOME_PENSION;
          person->income_yen = (guint32) gen_rng_range (&world->rng, 200, 2800) * 1000;
        }
      else if (draw < 92)
        {
          person->income = GEN_INCOME_SALARY;
          person->income_yen = (guint32) gen_rng_range (&world->rng, 800, 3000) * 1000;
        }
    }
}

/* Residents 15 and over with a card whose 本籍地 is another municipality of the registry: about
 * 40% registered long ago, about 12% applied these last days (in effect within a week). */
static void
gen_records_use_registration (GenWorld *world, GenPerson *person)
{
  GenRegister *reg;
  guint draw;

  if (person->family_register < 0 || !person->wants_card
      || gen_day_age (person->birth, world->today) < 15)
    return;
  reg = gen_register (world, person->family_register);
  if (reg->place == person->municipality || !gen_place (world, reg->place)->in_registry)
    return;
  draw = gen_rng_below (&world->rng, 100);
  if (draw < 40)
    {
      GenDay earliest = MAX (person->since, gen_day_add_years (person->birth, 15));

      person->use_applied = gen_world_day_between (world, MAX (earliest, world->today - 5 * 365), world->today - 10);
      person->use_effective = MIN (person->use_applied + (GenDay) gen_rng_range (&world->rng, 3, 9), world->today - 1);
    }
  else if (draw < 52)
    {
      person->use_applied = world->today - (GenDay) gen_rng_range (&world->rng, 0, 3);
      person->use_effective = world->today + (GenDay) gen_rng_range (&world->rng, 1, 7);
    }
}

/* About 0.5% of registers have a filing not yet reflected; from 1,000 residents at least 3 of
 * them are the register of a card holder 15 or over living in the registry. */
static void
gen_records_pending_filings (GenWorld *world)
{
  guint n = world->registers->len;
  g_autofree guint32 *holders = g_new0 (guint32, MAX (n, 1u));
  g_autofree guint32 *order = g_new (guint32, MAX (n, 1u));
  guint have = 0, n_order = 0;

  for (guint i = 0; i < world->persons->len; i++)
    {
      GenPerson *person = gen_person (world, i);

      if (person->wants_card && person->family_register >= 0 && gen_day_age (person->birth, world->today) >= 15
          && gen_place (world, gen_register (world, person->family_register)->place)->in_registry)
        holders[person->family_register]++;
    }
  for (guint r = 0; r < n; r++)
    {
      GenRegister *reg = gen_register (world, r);

      reg->pending_filing = gen_rng_permille (&world->rng, 5);
      if (reg->pending_filing && holders[r] > 0)
        have++;
      else if (holders[r] > 0)
        order[n_order++] = r;
    }
  gen_rng_shuffle (&world->rng, order, n_order);
  for (guint i = 0; i < n_order && world->persons->len >= 1000 && have < 3; i++, have++)
    gen_register (world, order[i])->pending_filing = TRUE;
}

/* From 1,000 residents at least as many cards without a seal as of each refusal: seals of card
 * holders otherwise fine are given up where needed. */
static void
gen_records_enough_without_seal (GenWorld *world)
{
  guint n = world->persons->len;
  guint target = n >= 1000 ? MAX ((n * 4 + 999) / 1000, 3u) : 0;
  g_autofree guint32 *order = g_new (guint32, MAX (n, 1u));
  guint have = 0, n_order = 0;

  for (guint i = 0; i < n; i++)
    {
      GenCardState state;

      if (gen_person (world, i)->card == 0)
        continue;
      state = gen_card_state (world, i, TRUE);
      if (state == GEN_CARD_NO_SEAL)
        have++;
      else if (state == GEN_CARD_OK)
        order[n_order++] = i;
    }
  gen_rng_shuffle (&world->rng, order, n_order);
  for (guint i = 0; i < n_order && have < target; i++, have++)
    gen_person (world, order[i])->seal = 0;
}

/* Everything, in a fixed order. */
void
gen_records (GenWorld *world)
{
  gen_records_cards (world);
  gen_records_seals (world);
  for (guint i = 0; i < world->persons->len; i++)
    gen_records_income (world, gen_person (world, i));
  for (guint i = 0; i < world->persons->len; i++)
    gen_records_use_registration (world, gen_person (world, i));
  gen_records_pending_filings (world);
  gen_records_enough_without_seal (world);
}

/* 給与所得控除 of 2020 onwards. */
static gint64
gen_tax_salary_deduction (gint64 salary)
{
  if (salary <= 1625000)
    return MIN (salary, 550000);
  if (salary <= 1800000)
    return salary * 40 / 100 - 100000;
  if (salary <= 3600000)
    return salary * 30 / 100 + 80000;
  if (salary <= 6600000)
    return salary * 20 / 100 + 440000;
  if (salary <= 8500000)
    return salary * 10 / 100 + 1100000;
  return 1950000;
}

/* The income of the latest year, 1.5% less for each year before; then the deductions, and the
 * municipal (6%) and prefectural (4%) income levies with their per-capita parts, nothing below
 * the non-taxable line. */
gboolean
gen_tax_record (GenWorld *world, guint index, guint fiscal_year, GenTax *tax)
{
  GenPerson *person = gen_person (world, index);
  GenDay january = gen_day ((int) fiscal_year, 1, 1);
  gint64 amount;

  if (person->income == GEN_INCOME_NONE || fiscal_year > world->latest_fiscal_year || person->since > january
      || gen_day_age (person->birth, january) < 16)
    return FALSE;
  amount = (gint64) person->income_yen * (1000 - 15 * (gint64) (world->latest_fiscal_year - fiscal_year)) / 1000;
  amount = amount / 1000 * 1000;
  *tax = (GenTax) { 0 };
  if (person->income == GEN_INCOME_SALARY)
    {
      tax->salary_income = amount;
      tax->total_income = amount - gen_tax_salary_deduction (amount);
      tax->deductions = 430000 + amount * 15 / 100 / 1000 * 1000 + (person->spouse_deduction ? 330000 : 0);
    }
  else
    {
      tax->total_income = amount;
      tax->deductions = 430000 + amount * 8 / 100 / 1000 * 1000;
    }
  if (tax->total_income <= 450000)
    return TRUE;
  tax->taxable_income = MAX (tax->total_income - tax->deductions, 0) / 1000 * 1000;
  tax->municipal_tax = tax->taxable_income * 6 / 100 / 100 * 100 + 3500;
  tax->prefectural_tax = tax->taxable_income * 4 / 100 / 100 * 100 + 1500;
  return TRUE;
}

/* A bijection of the resident index onto 11 digits (a multiplier prime to 10, an offset from the
 * seed), then the check digit: P_n the n-th digit from the right, Q_n = n + 1 up to 6, n - 5
 * after; the remainder of their sum of products by 11, and 11 less that (0 for 0 or 1). */
void
gen_my_number (GenWorld *world, guint index, char buf[13])
{
  const guint64 modulus = G_GUINT64_CONSTANT (100000000000);
  guint64 offset = gen_rng_hash (world->seed, 0x4D79) % modulus;
  guint64 value = ((guint64) index * G_GUINT64_CONSTANT (73939133) + offset) % modulus;
  guint sum = 0;

  for (int i = 10; i >= 0; i--)
    {
      buf[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  for (int n = 1; n <= 11; n++)
    sum += (guint) (buf[11 - n] - '0') * (guint) (n <= 6 ? n + 1 : n - 5);
  buf[11] = (char) ('0' + (sum % 11 <= 1 ? 0 : 11 - sum % 11));
  buf[12] = '\0';
}
