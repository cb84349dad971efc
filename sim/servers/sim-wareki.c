/* sim-wareki.c: Gregorian dates to Japanese eras. */
#include "sim/servers/sim-wareki.h"

/* Eras, newest first, with the Gregorian day each began. */
static const struct {
  const char *name;
  int year, month, day;
} eras[] = {
  { "令和", 2019, 5, 1 },
  { "平成", 1989, 1, 8 },
  { "昭和", 1926, 12, 25 },
  { "大正", 1912, 7, 30 },
  { "明治", 1868, 10, 23 },
};

/* The era and its year ("令和元年", "昭和60年") a day falls in, or NULL before 明治. */
static char *
sim_wareki_era_year (int year, int month, int day)
{
  int key = year * 10000 + month * 100 + day;

  for (gsize i = 0; i < G_N_ELEMENTS (eras); i++)
    {
      int start = eras[i].year * 10000 + eras[i].month * 100 + eras[i].day;
      int era_year = year - eras[i].year + 1;

      if (key < start)
        continue;
      if (era_year == 1)
        return g_strdup_printf ("%s元年", eras[i].name);
      return g_strdup_printf ("%s%d年", eras[i].name, era_year);
    }
  return NULL;
}

/* Formats the date in the era it falls in. */
char *
sim_wareki_format (int year, int month, int day)
{
  g_autofree char *era_year = sim_wareki_era_year (year, month, day);

  if (era_year == NULL)
    return NULL;
  return g_strdup_printf ("%s%d月%d日", era_year, month, day);
}

/* Formats the date in its era with the Western year in full-width brackets. */
char *
sim_wareki_format_western (int year, int month, int day)
{
  g_autofree char *era_year = sim_wareki_era_year (year, month, day);

  if (era_year == NULL)
    return NULL;
  return g_strdup_printf ("%s（%d年）%d月%d日", era_year, year, month, day);
}

/* Names a Western year by the era of its last day. */
char *
sim_wareki_format_year (int year)
{
  return sim_wareki_era_year (year, 12, 31);
}
