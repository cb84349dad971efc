/* gen-world.h: the registry being generated, held in memory until it is written: places
 * (municipalities of the registry first, then places outside it), households with their people,
 * family registers with their members. Everything is in arrays indexed from 0 and visited in
 * index order, so one seed always gives the same registry. */
#pragma once

#include <glib.h>

#include "sim/registry/gen-day.h"
#include "sim/registry/gen-names.h"
#include "sim/registry/gen-rng.h"

G_BEGIN_DECLS

/* The certificate types, in the order of registry-schema.sql. */
typedef enum {
  GEN_TYPE_JUMINHYO,
  GEN_TYPE_KISAI,
  GEN_TYPE_INKAN,
  GEN_TYPE_ZEI,
  GEN_TYPE_KOSEKI,
  GEN_TYPE_FUHYO,
  GEN_N_TYPES,
} GenType;

#define GEN_MAX_WINDOWS 4

/* A maintenance window, "YYYY-MM-DD HH:MM" both. */
typedef struct {
  char starts_at[17];
  char ends_at[17];
} GenWindow;

/* A municipality: one of the registry's (in_registry), or a place outside it. */
typedef struct {
  char code[7];
  const char *prefecture;
  const char *name;
  gboolean in_registry;
  /* the rest only for the registry's municipalities */
  const char *mayor_name;
  gboolean prints_my_number;
  gboolean refuses_protected_household;
  int max_copies;
  const char *opens;
  const char *closes;
  guint offers;                 /* bit (1 << GenType) per type offered */
  GenDay fee_from;              /* the fees in effect since */
  int fees[GEN_N_TYPES];
  GenDay fee_change_from;       /* 0: no change announced */
  int fee_changes[GEN_N_TYPES]; /* the new fee, or 0: unchanged */
  GenWindow windows[GEN_MAX_WINDOWS];
  guint n_windows;
  guint weight;                 /* share of the residents */
  guint seals;                  /* seal registrations numbered so far */
} GenPlace;

typedef struct {
  guint municipality;
  const char *address;
  guint first_person;           /* the head */
  guint n_persons;
} GenHousehold;

typedef enum {
  GEN_STATUS_RESIDENT,
  GEN_STATUS_MOVING_OUT,
  GEN_STATUS_MOVED_OUT,
  GEN_STATUS_DECEASED,
} GenStatus;

/* Why the generator changed a person, so that later changes leave them alone. */
typedef enum {
  GEN_MARK_NONE = 0,
  GEN_MARK_FORCED = 1 << 0, /* given a refusal state */
} GenMark;

typedef enum {
  GEN_INCOME_NONE,
  GEN_INCOME_SALARY,
  GEN_INCOME_PENSION,
} GenIncome;

/* A person on a residence record; resident id = index + 1. */
typedef struct {
  guint household;
  int family_register;          /* current register, -1: none (foreign resident) */
  guint municipality;
  GenSex sex;
  GenStatus status;
  GenDay status_date;
  gboolean protected_;          /* 支援措置 */
  gboolean foreign;
  gboolean wants_card;
  guint marks;
  const char *family_name;
  const char *given_name;
  const char *family_kana;
  const char *given_kana;
  const char *maiden_name;      /* family name before marriage; NULL: unchanged */
  const char *relationship;     /* to the household's head */
  GenDay birth;
  GenDay since;                 /* resident_since */
  const char *previous_address; /* NULL: born here */
  GenDay previous_since;        /* lived at previous_address since */
  const char *older_address;    /* an address before that (附票), or NULL */
  GenDay older_since;
  guint32 card;                 /* card number, 0: none */
  guint32 seal;                 /* seal registration number in the municipality, 0: none */
  GenDay seal_on;
  gboolean seal_full_name;
  GenDay use_applied;           /* use registration with the register's 本籍地; 0: none */
  GenDay use_effective;
  GenIncome income;
  guint32 income_yen;           /* salary or pension of the latest year */
  gboolean spouse_deduction;
} GenPerson;

/* A name in a register: a person of the registry (person >= 0, read when written, so that later
 * changes to them show), or the text. */
typedef struct {
  int person;
  const char *family;
  const char *given;
} GenRef;

/* One person of a family register. */
typedef struct {
  int person;                   /* the resident, or -1 (then the fields below) */
  const char *family_name;
  const char *given_name;
  GenDay birth;
  GenSex sex;
  GenRef father;                /* person -1 and family NULL: not recorded */
  GenRef mother;
  const char *relationship;     /* 長男, 妻, ... */
  const char *birthplace;       /* あおば県あおば市 */
  GenDay married_on;            /* 0: no 婚姻 in this register */
  GenRef partner;
  GenDay divorced_on;           /* 0: none */
  GenDay died_on;               /* 0: alive (a resident's death is their status instead) */
  GenDay split_on;              /* 分籍, 0: none */
  GenDay entered_on;            /* 入籍 (a child taking the mother's name), 0: none */
  gboolean removed;             /* left the register (married out, divorced, died) */
  const char *address;          /* a non-resident's one 附票 line */
  GenDay address_since;
} GenMember;

typedef struct {
  guint place;                  /* 本籍地 */
  const char *domicile;
  guint first_member;           /* the 筆頭者 */
  guint n_members;
  GenDay made_on;
  gboolean pending_filing;
} GenRegister;

typedef struct {
  GenRng rng;
  GStringChunk *strings;
  GenDay today;
  guint64 seed;
  guint n_municipalities;       /* the first places */
  guint latest_fiscal_year;     /* the newest available on today */
  GArray *places;               /* GenPlace */
  GArray *households;           /* GenHousehold */
  GArray *persons;              /* GenPerson */
  GArray *registers;            /* GenRegister */
  GArray *members;              /* GenMember, each register's in a run */
} GenWorld;

/* An empty world for @seed on @today. */
GenWorld *gen_world_new (guint64 seed, GenDay today);

/* Frees @world. */
void gen_world_free (GenWorld *world);

/* Element accessors. */
#define gen_place(world, i) (&g_array_index ((world)->places, GenPlace, (i)))
#define gen_household(world, i) (&g_array_index ((world)->households, GenHousehold, (i)))
#define gen_person(world, i) (&g_array_index ((world)->persons, GenPerson, (i)))
#define gen_register(world, i) (&g_array_index ((world)->registers, GenRegister, (i)))
#define gen_member(world, i) (&g_array_index ((world)->members, GenMember, (i)))

/* A copy of @text kept as long as the world. */
const char *gen_world_intern (GenWorld *world, const char *text);

/* A random day between @first and @last (@first if @last is earlier). */
GenDay gen_world_day_between (GenWorld *world, GenDay first, GenDay last);

/* A birthday for someone @age years old today. */
GenDay gen_world_birth (GenWorld *world, int age);

/* Makes the municipalities (sizes, offers, fees, maintenance) and the places outside. */
void gen_municipalities (GenWorld *world, guint n);

/* "{prefecture}{name}" of place @place. */
const char *gen_place_full_name (GenWorld *world, guint place);

/* A street address in @place (with a building sometimes when @buildings). */
const char *gen_place_address (GenWorld *world, guint place, gboolean buildings);

/* A 本籍 in @place: …番地. */
const char *gen_place_domicile (GenWorld *world, guint place);

/* Makes the households and their people and registers until there are @n residents. */
void gen_households (GenWorld *world, guint n);

/* Gives the refusal states their share of the cards (at least 3 each from 1,000 residents). */
void gen_refusals (GenWorld *world);

/* Numbers the cards, registers seals, makes incomes, use registrations and pending filings. */
void gen_records (GenWorld *world);

/* One fiscal year's tax figures of a person, in yen. */
typedef struct {
  gint64 salary_income;
  gint64 total_income;
  gint64 deductions;
  gint64 taxable_income;
  gint64 municipal_tax;
  gint64 prefectural_tax;
} GenTax;

/* Person @index's tax record of @fiscal_year: FALSE if there is none (no income, not living here
 * on 1 January of that year, or the year is not available on today). */
gboolean gen_tax_record (GenWorld *world, guint index, guint fiscal_year, GenTax *tax);

/* The 12 digits of person @index's My Number (its check digit as the law defines it) into @buf. */
void gen_my_number (GenWorld *world, guint index, char buf[13]);

G_END_DECLS
