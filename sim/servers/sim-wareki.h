/* sim-wareki.h: dates in the Japanese era form certificates print (令和8年11月23日). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @year-@month-@day as 和暦 ("昭和60年4月2日", first years as 元年), or NULL before 明治. */
char *sim_wareki_format (int year, int month, int day);

/* The same with the Western year after the era's ("令和8年（2026年）11月23日"), or NULL before 明治. */
char *sim_wareki_format_western (int year, int month, int day);

/* The era year in effect at the end of the Western @year ("令和元年" for 2019), or NULL before
 * 明治: a 年分 or 年度 is named by it ("令和7年分", "令和8年度"). */
char *sim_wareki_format_year (int year);

G_END_DECLS
