/* gen-municipality.c: the registry's municipalities (names, mayors, hours, offers, fees,
 * maintenance windows) and the places outside it, and addresses in any of them. */
#include "sim/registry/gen-world.h"

#include <stdio.h>

/* How often a non-capital municipality is a 市, 町 or 村. */
static const char *const kinds[] = { "市", "町", "村" };
static const guint kind_weights[] = { 55, 35, 10 };

/* The fees a municipality may charge per type (yen, per copy at terminals). */
static const int fee_choices[GEN_N_TYPES][3] = {
  { 200, 250, 300 }, /* juminhyo */
  { 200, 300, 300 }, /* kisai */
  { 200, 300, 300 }, /* inkan */
  { 200, 300, 350 }, /* zei */
  { 350, 450, 450 }, /* koseki */
  { 200, 300, 300 }, /* fuhyo */
};

#define GEN_ALL_TYPES ((1u << GEN_N_TYPES) - 1)

/* The offers of municipalities that do not offer everything: no 記載事項証明書, no tax
 * certificates, no 戸籍 (and so no 附票), no 印鑑登録証明書, or only 戸籍 (本籍地 only). */
static const guint partial_offers[] = {
  GEN_ALL_TYPES & ~(1u << GEN_TYPE_KISAI),
  GEN_ALL_TYPES & ~(1u << GEN_TYPE_ZEI),
  GEN_ALL_TYPES & ~((1u << GEN_TYPE_KOSEKI) | (1u << GEN_TYPE_FUHYO)),
  GEN_ALL_TYPES & ~(1u << GEN_TYPE_INKAN),
  (1u << GEN_TYPE_KOSEKI) | (1u << GEN_TYPE_FUHYO),
};

/* The municipality indexes below @n in a random order: the first few of one get an exception. */
static guint32 *
gen_municipality_order (GenWorld *world, guint n)
{
  guint32 *order = g_new (guint32, n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  gen_rng_shuffle (&world->rng, order, n);
  return order;
}

/* A window from @day at @from ("HH:MM") to @until_day at @until. */
static void
gen_municipality_window (GenPlace *place, GenDay day, const char *from, GenDay until_day, const char *until)
{
  GenWindow *window = &place->windows[place->n_windows++];
  char iso[11];

  snprintf (window->starts_at, sizeof window->starts_at, "%s %s", gen_day_iso (day, iso), from);
  snprintf (window->ends_at, sizeof window->ends_at, "%s %s", gen_day_iso (until_day, iso), until);
}

/* One past window, one or two to come, and for some one on today's small hours; in order. */
static void
gen_municipality_windows (GenWorld *world, GenPlace *place, gboolean today)
{
  GenDay past = world->today - (GenDay) gen_rng_range (&world->rng, 7, 120);
  GenDay next;

  gen_municipality_window (place, past, "01:00", past, "05:00");
  if (today)
    gen_municipality_window (place, world->today, "00:00", world->today, "06:00");
  next = world->today + (GenDay) gen_rng_range (&world->rng, 3, 60);
  if (gen_rng_permille (&world->rng, 300))
    gen_municipality_window (place, next, "22:00", next + 1, "06:00");
  else
    gen_municipality_window (place, next, "00:30", next, "06:00");
  if (gen_rng_permille (&world->rng, 400))
    {
      next += (GenDay) gen_rng_range (&world->rng, 7, 60);
      gen_municipality_window (place, next, "01:00", next, "04:00");
    }
}

/* Fees since an April some years ago; for some, 住民票 (and 記載事項) up by ¥100 next April. */
static void
gen_municipality_fees (GenWorld *world, GenPlace *place, gboolean change)
{
  int year, month, day;

  gen_day_ymd (world->today, &year, &month, &day);
  place->fee_from = gen_day (year - gen_rng_range (&world->rng, 1, 8), 4, 1);
  for (int t = 0; t < GEN_N_TYPES; t++)
    place->fees[t] = fee_choices[t][gen_rng_below (&world->rng, 3)];
  if (!change)
    return;
  place->fee_change_from = gen_day (month < 4 ? year : year + 1, 4, 1);
  place->fee_changes[GEN_TYPE_JUMINHYO] = place->fees[GEN_TYPE_JUMINHYO] + 100;
  if (gen_rng_permille (&world->rng, 500))
    place->fee_changes[GEN_TYPE_KISAI] = place->fees[GEN_TYPE_KISAI] + 100;
}

/* A municipality name not used yet: a kanji stem and 市, 町 or 村. */
static const char *
gen_municipality_name (GenWorld *world, gboolean *used)
{
  guint n = gen_names_n_municipality_stems ();
  guint stem = gen_rng_below (&world->rng, n);
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  while (used[stem])
    stem = (stem + 1) % n;
  used[stem] = TRUE;
  text = gen_names_municipality_stem (stem);
  name = g_strconcat (text, kinds[gen_rng_weighted (&world->rng, kind_weights, G_N_ELEMENTS (kinds))], NULL);
  return gen_world_intern (world, name);
}

/* The mayor: a common name of someone born 1950-1975. */
static const char *
gen_municipality_mayor (GenWorld *world)
{
  GenSex sex = gen_rng_permille (&world->rng, 850) ? GEN_MALE : GEN_FEMALE;
  const GenName *family = gen_names_surname (&world->rng);
  const GenName *given = gen_names_given (&world->rng, sex, gen_rng_range (&world->rng, 1950, 1975));
  g_autofree char *name = g_strconcat (family->name, " ", given->name, NULL);

  return gen_world_intern (world, name);
}

/* Prefectures in contiguous blocks of about six; the first municipality of each is its capital,
 * named as the prefecture (あおば県あおば市). A few of each kind of exception, at random places. */
void
gen_municipalities (GenWorld *world, guint n)
{
  guint n_prefectures = CLAMP ((n + 5) / 6, 1, gen_names_n_prefectures ());
  g_autofree gboolean *used = g_new0 (gboolean, gen_names_n_municipality_stems ());
  g_autofree guint32 *partial = NULL, *my_number = NULL, *short_hours = NULL, *copies = NULL;
  g_autofree guint32 *protected_ok = NULL, *fee_change = NULL, *today_window = NULL;
  guint n_partial = MAX (MIN (G_N_ELEMENTS (partial_offers), n - 1), n * 35 / 100);
  guint in_prefecture = 0;
  guint previous_prefecture = G_MAXUINT;

  g_array_set_size (world->places, n + gen_names_n_outside ());
  world->n_municipalities = n;
  partial = gen_municipality_order (world, n);
  my_number = gen_municipality_order (world, n);
  short_hours = gen_municipality_order (world, n);
  copies = gen_municipality_order (world, n);
  protected_ok = gen_municipality_order (world, n);
  fee_change = gen_municipality_order (world, n);
  today_window = gen_municipality_order (world, n);
  for (guint i = 0; i < n; i++)
    {
      GenPlace *place = gen_place (world, i);
      guint prefecture = i * n_prefectures / n;
      const char *stem = gen_names_prefecture_stem (prefecture);
      g_autofree char *prefecture_name = g_strconcat (stem, "県", NULL);
      g_autofree char *capital_name = g_strconcat (stem, "市", NULL);

      if (prefecture != previous_prefecture)
        in_prefecture = 0;
      previous_prefecture = prefecture;
      in_prefecture++;
      snprintf (place->code, sizeof place->code, "99%02u%02u", (prefecture + 1) % 100, in_prefecture % 100);
      place->in_registry = TRUE;
      place->prefecture = gen_world_intern (world, prefecture_name);
      place->name = in_prefecture == 1 ? gen_world_intern (world, capital_name)
                                       : gen_municipality_name (world, used);
      place->mayor_name = gen_municipality_mayor (world);
      place->weight = in_prefecture == 1 ? (guint) gen_rng_range (&world->rng, 300, 600)
                      : g_str_has_suffix (place->name, "村") ? (guint) gen_rng_range (&world->rng, 10, 60)
                                                             : (guint) gen_rng_range (&world->rng, 40, 300);
    }
  for (guint k = 0; k < n; k++)
    {
      /* k-th of each shuffled order: the first few of each get the exception */
      gen_place (world, partial[k])->offers = k < n_partial ? partial_offers[k % G_N_ELEMENTS (partial_offers)]
                                                            : GEN_ALL_TYPES;
      gen_place (world, my_number[k])->prints_my_number = k < MAX (1u, n / 10);
      gen_place (world, short_hours[k])->opens = k < n / 5 ? (k % 2 ? "08:30" : "09:00") : "06:30";
      gen_place (world, short_hours[k])->closes = k < n / 5 ? (k % 2 ? "19:00" : "17:00") : "23:00";
      gen_place (world, copies[k])->max_copies = k < n / 6 ? 5 : 10;
      gen_place (world, protected_ok[k])->refuses_protected_household = k >= n / 6;
    }
  for (guint k = 0; k < n; k++)
    gen_municipality_fees (world, gen_place (world, fee_change[k]), k < MAX (1u, n / 4));
  for (guint k = 0; k < n; k++)
    gen_municipality_windows (world, gen_place (world, today_window[k]), k < MAX (1u, n / 4));
  for (guint i = 0; i < gen_names_n_outside (); i++)
    {
      GenPlace *place = gen_place (world, n + i);

      snprintf (place->code, sizeof place->code, "9990%02u", (i + 1) % 100);
      gen_names_outside (i, &place->prefecture, &place->name);
    }
}

/* Prefecture and name together. */
const char *
gen_place_full_name (GenWorld *world, guint place)
{
  GenPlace *p = gen_place (world, place);
  g_autofree char *text = g_strconcat (p->prefecture, p->name, NULL);

  return gen_world_intern (world, text);
}

/* 若葉町一丁目2番3号 (and a building), or 青葉町5番地6. */
const char *
gen_place_address (GenWorld *world, guint place, gboolean buildings)
{
  GenPlace *p = gen_place (world, place);
  gboolean chome;
  const char *town = gen_names_town (&world->rng, &chome);
  g_autoptr (GString) text = g_string_new (p->prefecture);

  g_string_append (text, p->name);
  g_string_append (text, town);
  if (chome && !g_str_has_suffix (p->name, "村"))
    {
      g_string_append_printf (text, "%s丁目%d番%d号", gen_names_kanji_digit (gen_rng_range (&world->rng, 1, 5)),
                              gen_rng_range (&world->rng, 1, 30), gen_rng_range (&world->rng, 1, 20));
      if (buildings && g_str_has_suffix (p->name, "市") && gen_rng_permille (&world->rng, 250))
        g_string_append_printf (text, " %s%d%02d号", gen_names_building (&world->rng),
                                gen_rng_range (&world->rng, 1, 9), gen_rng_range (&world->rng, 1, 12));
    }
  else
    {
      g_string_append_printf (text, "%d番地", gen_rng_range (&world->rng, 1, 120));
      if (gen_rng_permille (&world->rng, 500))
        g_string_append_printf (text, "%d", gen_rng_range (&world->rng, 1, 20));
    }
  return g_string_chunk_insert (world->strings, text->str);
}

/* 若葉町一丁目2番地 or 青葉町5番地. */
const char *
gen_place_domicile (GenWorld *world, guint place)
{
  GenPlace *p = gen_place (world, place);
  gboolean chome;
  const char *town = gen_names_town (&world->rng, &chome);
  g_autoptr (GString) text = g_string_new (p->prefecture);

  g_string_append (text, p->name);
  g_string_append (text, town);
  if (chome)
    g_string_append_printf (text, "%s丁目", gen_names_kanji_digit (gen_rng_range (&world->rng, 1, 5)));
  g_string_append_printf (text, "%d番地", gen_rng_range (&world->rng, 1, 120));
  return g_string_chunk_insert (world->strings, text->str);
}
