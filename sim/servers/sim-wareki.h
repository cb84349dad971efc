/* sim-wareki.h: dates in the Japanese era form certificates print (令和8年11月23日). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @year-@month-@day as 和暦 ("昭和60年4月2日", first years as 元年), or NULL before 明治. */
char *sim_wareki_format (int year, int month, int day);

G_END_DECLS
