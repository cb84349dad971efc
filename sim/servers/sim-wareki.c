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

/* Formats the date in the era it falls in. */
char *
sim_wareki_format (int year, int month, int day)
{
  int key = year * 10000 + month * 100 + day;

  for (gsize i = 0; i < G_N_ELEMENTS (eras); i++)
    {
      int start = eras[i].year * 10000 + eras[i].month * 100 + eras[i].day;
      int era_year = year - eras[i].year + 1;
      g_autofree char *year_text = NULL;

      if (key < start)
        continue;
      year_text = era_year == 1 ? g_strdup ("元") : g_strdup_printf ("%d", era_year);
      return g_strdup_printf ("%s%s年%d月%d日", eras[i].name, year_text, month, day);
    }
  return NULL;
}
