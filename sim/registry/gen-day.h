/* gen-day.h: calendar days as plain numbers (GDate's Julian days), and their ISO and 和暦 texts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Days since 1 January of year 1 (day 1); 0: no day. */
typedef guint32 GenDay;

/* @year-@month-@day; a day past the month's end is its last day (29 Feb in a common year: 28). */
GenDay gen_day (int year, int month, int day);

/* The year, month and day of @day. */
void gen_day_ymd (GenDay day, int *year, int *month, int *day_of_month);

/* The year of @day. */
int gen_day_year (GenDay day);

/* @day moved by @years years (29 Feb to 28 Feb when needed). */
GenDay gen_day_add_years (GenDay day, int years);

/* "YYYY-MM-DD" into @buf. */
const char *gen_day_iso (GenDay day, char buf[11]);

/* "昭和60年4月2日" (newly allocated). */
char *gen_day_wareki (GenDay day);

/* Parses "YYYY-MM-DD" strictly; 0 if it is not a real day of years 1900 to 2199. */
GenDay gen_day_parse (const char *text);

/* The age in whole years on @today of someone born on @birth (a birthday counts from its day). */
int gen_day_age (GenDay birth, GenDay today);

G_END_DECLS
