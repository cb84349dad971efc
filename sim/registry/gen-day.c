/* gen-day.c: days through GDate, which counts them the same on every machine. */
#include "sim/registry/gen-day.h"

#include <stdio.h>
#include <string.h>

#include "sim/servers/sim-wareki.h"

/* The day, clamped to the month's last day. */
GenDay
gen_day (int year, int month, int day)
{
  GDate date;
  int last = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) MIN (day, last), (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

/* Splits @day into its parts. */
void
gen_day_ymd (GenDay day, int *year, int *month, int *day_of_month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
  *day_of_month = g_date_get_day (&date);
}

/* The year part alone. */
int
gen_day_year (GenDay day)
{
  int year, month, day_of_month;

  gen_day_ymd (day, &year, &month, &day_of_month);
  return year;
}

/* Same month and day, @years later (or earlier). */
GenDay
gen_day_add_years (GenDay day, int years)
{
  int year, month, day_of_month;

  gen_day_ymd (day, &year, &month, &day_of_month);
  return gen_day (year + years, month, day_of_month);
}

/* ISO text of @day. */
const char *
gen_day_iso (GenDay day, char buf[11])
{
  int year, month, day_of_month;

  gen_day_ymd (day, &year, &month, &day_of_month);
  snprintf (buf, 11, "%04u-%02u-%02u", (guint) year % 10000u, (guint) month % 100u, (guint) day_of_month % 100u);
  return buf;
}

/* 和暦 text of @day (sim-wareki.c). */
char *
gen_day_wareki (GenDay day)
{
  int year, month, day_of_month;

  gen_day_ymd (day, &year, &month, &day_of_month);
  return sim_wareki_format (year, month, day_of_month);
}

/* Exactly ten characters, digits and dashes where they belong, and a real day. */
GenDay
gen_day_parse (const char *text)
{
  guint64 year, month, day;
  char digits[5];

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return 0;
  memcpy (digits, text, 4);
  digits[4] = '\0';
  year = g_ascii_strtoull (digits, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1900 || year > 2199 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return 0;
  return gen_day ((int) year, (int) month, (int) day);
}

/* Whole years, less one if this year's birthday is still to come. */
int
gen_day_age (GenDay birth, GenDay today)
{
  int by, bm, bd, ty, tm, td;

  gen_day_ymd (birth, &by, &bm, &bd);
  gen_day_ymd (today, &ty, &tm, &td);
  return ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
}
