/* sim-certify.c: what a municipality issues at a terminal, to whom, when — and the reason when
 * not (docs/protocol.md, "Refusals"). Everything is read afresh from the registry for each call;
 * the document is built from the rows the request resolved to and checked against the forms'
 * limits and the print font before it is rendered. */
#include "sim/servers/sim-certify.h"

#include <string.h>

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-server.h"

/* Residents younger than this are refused at terminals (DOMAIN.md). */
#define MIN_AGE 15

/* The most household members one request may name. */
#define MAX_MEMBERS 20

/* The instant the rules judge, in Japan time. */
typedef struct {
  SimDay today;
  char day[16];    /* "2026-11-23" */
  char minute[24]; /* "2026-11-23 14:05" */
  char hhmm[8];    /* "14:05" */
} SimClock;

static void
sim_clock_init (SimClock *clock, GDateTime *now)
{
  g_autoptr (GTimeZone) jst = g_time_zone_new_offset (9 * 3600);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, jst);

  clock->today = (SimDay){ g_date_time_get_year (local), g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local) };
  g_snprintf (clock->day, sizeof clock->day, "%04d-%02d-%02d", clock->today.year,
              clock->today.month, clock->today.day);
  g_snprintf (clock->hhmm, sizeof clock->hhmm, "%02d:%02d", g_date_time_get_hour (local),
              g_date_time_get_minute (local));
  g_snprintf (clock->minute, sizeof clock->minute, "%s %s", clock->day, clock->hhmm);
}

/* Compares two days as dates. */
static int
sim_day_compare (SimDay a, SimDay b)
{
  return (a.year * 10000 + a.month * 100 + a.day) - (b.year * 10000 + b.month * 100 + b.day);
}

/* Sets a refusal with its reason code. */
static void
sim_certify_refuse (GError **error, const char *reason)
{
  g_set_error_literal (error, SIM_ERROR, SIM_ERROR_REFUSED, reason);
}

/* ---- options ---------------------------------------------------------------------------- */

/* The options each type takes. */
static const struct {
  const char *type;
  const char *const known[5];
} sim_certify_type_options[] = {
  { "juminhyo", { "members", "show_domicile", "show_relationship", "show_my_number", NULL } },
  { "kisai", { "show_domicile", "show_relationship", NULL } },
  { "inkan", { NULL } },
  { "zei", { "fiscal_year", NULL } },
  { "koseki", { "scope", NULL } },
  { "fuhyo", { "scope", NULL } },
};

/* A boolean member, or FALSE with an error if it is there and not a boolean. */
static gboolean
sim_certify_get_bool (JsonObject *object, const char *member, gboolean *value, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST, "options.%s must be true or false",
                   member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* The "members" array: distinct household positions. */
static gboolean
sim_certify_get_members (JsonObject *object, GArray *members, GError **error)
{
  JsonNode *node = json_object_get_member (object, "members");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (array = json_node_get_array (node)) > MAX_MEMBERS)
    goto bad;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 position;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        goto bad;
      position = json_node_get_int (element);
      if (position < 1 || position > 99)
        goto bad;
      for (guint j = 0; j < members->len; j++)
        if (g_array_index (members, int, j) == position)
          goto bad;
      g_array_append_val (members, (int){ (int) position });
    }
  return TRUE;

bad:
  g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
               "options.members must be distinct household positions (1 to 99), at most %d",
               MAX_MEMBERS);
  return FALSE;
}

gboolean
sim_certify_options_parse (JsonObject *options, const char *type, SimCertifyOptions *out,
                           GError **error)
{
  const char *const *known = NULL;
  gint64 fiscal_year = 0;

  memset (out, 0, sizeof *out);
  out->members = g_array_new (FALSE, FALSE, sizeof (int));
  for (gsize i = 0; i < G_N_ELEMENTS (sim_certify_type_options); i++)
    if (g_str_equal (sim_certify_type_options[i].type, type))
      known = sim_certify_type_options[i].known;
  if (options == NULL)
    return TRUE;
  if (known == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_TYPE_UNKNOWN, "no such certificate type");
      return FALSE;
    }
  if (!sim_json_check_members (options, known, error)
      || !sim_certify_get_members (options, out->members, error)
      || !sim_certify_get_bool (options, "show_domicile", &out->show_domicile, error)
      || !sim_certify_get_bool (options, "show_relationship", &out->show_relationship, error)
      || !sim_certify_get_bool (options, "show_my_number", &out->show_my_number, error))
    return FALSE;
  if (json_object_has_member (options, "fiscal_year"))
    {
      if (!sim_json_get_int (options, "fiscal_year", 1989, 9999, &fiscal_year, error))
        return FALSE;
      out->fiscal_year = (int) fiscal_year;
    }
  if (json_object_has_member (options, "scope"))
    {
      const char *scope = sim_json_get_string (options, "scope", error);

      if (scope == NULL)
        return FALSE;
      if (!g_str_equal (scope, "whole") && !g_str_equal (scope, "individual"))
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                       "options.scope must be \"whole\" or \"individual\"");
          return FALSE;
        }
      out->individual = g_str_equal (scope, "individual");
    }
  return TRUE;
}

void
sim_certify_options_clear (SimCertifyOptions *options)
{
  g_clear_pointer (&options->members, g_array_unref);
}

/* Every field, in one order. */
char *
sim_certify_options_json (const SimCertifyOptions *options)
{
  GString *text = g_string_new ("{\"members\":[");

  for (guint i = 0; options->members != NULL && i < options->members->len; i++)
    g_string_append_printf (text, "%s%d", i > 0 ? "," : "", g_array_index (options->members, int, i));
  g_string_append_printf (text,
                          "],\"show_domicile\":%s,\"show_relationship\":%s,\"show_my_number\":%s,"
                          "\"fiscal_year\":%d,\"scope\":\"%s\"}",
                          options->show_domicile ? "true" : "false",
                          options->show_relationship ? "true" : "false",
                          options->show_my_number ? "true" : "false", options->fiscal_year,
                          options->individual ? "individual" : "whole");
  return g_string_free (text, FALSE);
}

/* ---- the rules ---------------------------------------------------------------------------- */

/* Why @municipality issues nothing at this instant, or NULL if it is open. */
static const char *
sim_certify_closed_reason (SimRegistry *registry, const SimMunicipality *municipality,
                           const SimClock *clock, GError **error)
{
  if (municipality->closed_new_year
      && ((clock->today.month == 12 && clock->today.day >= 29)
          || (clock->today.month == 1 && clock->today.day <= 3)))
    return "closed-day";
  if (strcmp (clock->hhmm, municipality->opens) < 0 || strcmp (clock->hhmm, municipality->closes) >= 0)
    return "outside-hours";
  if (sim_registry_in_maintenance (registry, municipality->code, clock->minute, error))
    return "maintenance";
  return NULL;
}

/* Age in whole years on @today. */
static int
sim_certify_age (SimDay birth, SimDay today)
{
  int age = today.year - birth.year;

  if (today.month * 100 + today.day < birth.month * 100 + birth.day)
    age--;
  return age;
}

/* Why the card holder may not be issued anything at a terminal, or NULL. */
static const char *
sim_certify_holder_refusal (const SimResident *resident, const SimClock *clock)
{
  if (sim_certify_age (resident->birth, clock->today) < MIN_AGE)
    return "under-15";
  if (g_str_equal (resident->status, "moved-out"))
    return "moved-out";
  if (g_str_equal (resident->status, "moving-out"))
    return "moving-out";
  if (g_str_equal (resident->status, "deceased"))
    return "deceased";
  if (resident->protected)
    return "protected";
  if (sim_day_compare (resident->resident_since, clock->today) == 0)
    return "moved-in-today";
  return NULL;
}

/* TRUE for the types the 本籍地 keeps. */
static gboolean
sim_certify_is_register_type (const char *type)
{
  return g_str_equal (type, "koseki") || g_str_equal (type, "fuhyo");
}

/* TRUE if fiscal year @year's tax certificate is out on @today (from 1 June of that year). */
static gboolean
sim_certify_tax_year_out (int year, SimDay today)
{
  return today.year > year || (today.year == year && today.month >= 6);
}

/* The household members a request may name, in position order: those still on the record
 * (removed ones, 消除者, are never printed). */
static GPtrArray *
sim_certify_listed_members (const SimHousehold *household)
{
  GPtrArray *listed = g_ptr_array_new ();

  for (guint i = 0; i < household->members->len; i++)
    {
      SimResident *member = g_ptr_array_index (household->members, i);

      if (g_str_equal (member->status, "resident") || g_str_equal (member->status, "moving-out"))
        g_ptr_array_add (listed, member);
    }
  return listed;
}

/* ---- the content check -------------------------------------------------------------------- */

/* Characters of @text, counting a variation selector with its base. */
static glong
sim_certify_char_count (const char *text)
{
  glong count = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)))
        count++;
    }
  return count;
}

/* Checks one printed field: the print font has it, and it fits its box (@limit characters;
 * 0: no limit). */
static gboolean
sim_certify_check_field (const char *text, glong limit, GError **error)
{
  if (text == NULL)
    return TRUE;
  if (!sim_document_font_covers (text, NULL))
    {
      sim_certify_refuse (error, "unprintable-character");
      return FALSE;
    }
  if (limit > 0 && sim_certify_char_count (text) > limit)
    {
      sim_certify_refuse (error, "field-too-long");
      return FALSE;
    }
  return TRUE;
}

/* Checks a family and given name together against the name box. */
static gboolean
sim_certify_check_name (const char *family, const char *given, GError **error)
{
  g_autofree char *both = g_strconcat (family, given, NULL);

  return sim_certify_check_field (family, 0, error) && sim_certify_check_field (given, 0, error)
         && sim_certify_check_field (both, SIM_DOCUMENT_MAX_NAME, error);
}

/* Checks every field the document prints; a refusal names the first that fails. */
static gboolean
sim_certify_check_document (const SimDocument *document, GError **error)
{
  if (!sim_certify_check_field (document->address, SIM_DOCUMENT_MAX_ADDRESS, error)
      || !sim_certify_check_field (document->head_name, SIM_DOCUMENT_MAX_NAME + 1, error)
      || !sim_certify_check_field (document->domicile, SIM_DOCUMENT_MAX_ADDRESS, error)
      || !sim_certify_check_field (document->domicile_head, SIM_DOCUMENT_MAX_NAME + 1, error)
      || !sim_certify_check_field (document->register_domicile, SIM_DOCUMENT_MAX_ADDRESS, error)
      || !sim_certify_check_field (document->register_head, SIM_DOCUMENT_MAX_NAME + 1, error)
      || !sim_certify_check_field (document->seal_impression, 0, error))
    return FALSE;
  for (guint i = 0; i < document->persons->len; i++)
    {
      SimDocumentPerson *person = g_ptr_array_index (document->persons, i);

      if (!sim_certify_check_name (person->family_name, person->given_name, error)
          || !sim_certify_check_name (person->family_kana, person->given_kana, error)
          || !sim_certify_check_field (person->previous_address, SIM_DOCUMENT_MAX_ADDRESS, error))
        return FALSE;
    }
  for (guint i = 0; i < document->members->len; i++)
    {
      SimDocumentMember *member = g_ptr_array_index (document->members, i);

      if (!sim_certify_check_name (member->family_name, member->given_name, error)
          || !sim_certify_check_field (member->father, SIM_DOCUMENT_MAX_NAME + 1, error)
          || !sim_certify_check_field (member->mother, SIM_DOCUMENT_MAX_NAME + 1, error)
          || !sim_certify_check_field (member->events, 0, error))
        return FALSE;
      for (guint j = 0; member->addresses != NULL && j < member->addresses->len; j++)
        {
          SimDocumentAddress *address = g_ptr_array_index (member->addresses, j);

          if (!sim_certify_check_field (address->address, SIM_DOCUMENT_MAX_ADDRESS, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- building the documents --------------------------------------------------------------- */

/* A residence-record person from a resident row. */
static SimDocumentPerson *
sim_certify_person (const SimResident *resident, gboolean with_my_number)
{
  SimDocumentPerson *person = g_new0 (SimDocumentPerson, 1);

  person->family_name = g_strdup (resident->family_name);
  person->given_name = g_strdup (resident->given_name);
  person->family_kana = g_strdup (resident->family_kana);
  person->given_kana = g_strdup (resident->given_kana);
  person->birth = resident->birth;
  person->sex = g_strdup (resident->sex);
  person->relationship = g_strdup (resident->relationship);
  person->resident_since = resident->resident_since;
  person->previous_address = g_strdup (resident->previous_address);
  person->my_number = with_my_number ? g_strdup (resident->my_number) : NULL;
  return person;
}

/* A deep copy of a register member. */
static SimDocumentMember *
sim_certify_member_copy (const SimDocumentMember *member, gboolean with_addresses)
{
  SimDocumentMember *copy = g_new0 (SimDocumentMember, 1);

  copy->family_name = g_strdup (member->family_name);
  copy->given_name = g_strdup (member->given_name);
  copy->birth = member->birth;
  copy->sex = g_strdup (member->sex);
  copy->father = g_strdup (member->father);
  copy->mother = g_strdup (member->mother);
  copy->relationship = g_strdup (member->relationship);
  copy->events = g_strdup (member->events);
  copy->removed = member->removed;
  if (with_addresses && member->addresses != NULL)
    {
      copy->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_address_free);
      for (guint i = 0; i < member->addresses->len; i++)
        {
          const SimDocumentAddress *address = g_ptr_array_index (member->addresses, i);
          SimDocumentAddress *line = g_new0 (SimDocumentAddress, 1);

          line->address = g_strdup (address->address);
          line->since = address->since;
          g_ptr_array_add (copy->addresses, line);
        }
    }
  return copy;
}

/* Fills the residence-record fields (住所, 世帯主, 本籍・筆頭者, the persons). */
static gboolean
sim_certify_fill_residence (SimRegistry *registry, SimDocument *document,
                            const SimMunicipality *municipality, const SimResident *holder,
                            const SimCertifyOptions *options, gboolean household_allowed,
                            GError **error)
{
  g_autoptr (SimHousehold) household = sim_registry_find_household (registry, holder->household_id, error);
  g_autoptr (GPtrArray) listed = NULL;

  if (household == NULL)
    return FALSE;
  if (options->show_my_number && !municipality->prints_my_number)
    {
      sim_certify_refuse (error, "option-not-offered");
      return FALSE;
    }
  document->address = g_strdup (household->address);
  document->head_name = g_strdup (household->head_name);
  document->show_domicile = options->show_domicile;
  document->show_relationship = options->show_relationship;
  if (options->show_domicile && holder->family_register_id != 0)
    {
      g_autoptr (SimFamilyRegister) family_register =
        sim_registry_find_register (registry, holder->family_register_id, error);

      if (family_register == NULL)
        return FALSE;
      document->domicile = g_strdup (family_register->domicile);
      document->domicile_head = g_strdup (family_register->head_name);
    }
  if (!household_allowed || options->members->len == 0)
    {
      g_ptr_array_add (document->persons, sim_certify_person (holder, options->show_my_number));
      return TRUE;
    }
  listed = sim_certify_listed_members (household);
  for (guint i = 0; i < options->members->len; i++)
    {
      int position = g_array_index (options->members, int, i);
      SimResident *member;

      if (position > (int) listed->len)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_BAD_REQUEST,
                       "options.members names no one in the household");
          return FALSE;
        }
      member = g_ptr_array_index (listed, position - 1);
      if (member->protected && municipality->refuses_protected_household)
        {
          sim_certify_refuse (error, "household-protected");
          return FALSE;
        }
      g_ptr_array_add (document->persons, sim_certify_person (member, options->show_my_number));
    }
  return TRUE;
}

/* Fills a 戸籍 or 附票 from the holder's register. */
static gboolean
sim_certify_fill_register (SimDocument *document, const SimFamilyRegister *family_register,
                           const SimResident *holder, const SimCertifyOptions *options)
{
  gboolean addresses = document->type == SIM_DOCUMENT_FUHYO;

  document->whole_register = !options->individual;
  document->register_made_on = family_register->made_on;
  document->register_domicile = g_strdup (family_register->domicile);
  document->register_head = g_strdup (family_register->head_name);
  for (guint i = 0; i < family_register->members->len; i++)
    {
      const SimDocumentMember *member = g_ptr_array_index (family_register->members, i);
      gint64 resident_id = g_array_index (family_register->resident_ids, gint64, i);

      if (options->individual && resident_id != holder->id)
        continue;
      g_ptr_array_add (document->members, sim_certify_member_copy (member, addresses));
    }
  return document->members->len > 0;
}

/* Picks the tax year and reads it. */
static gboolean
sim_certify_fill_tax (SimRegistry *registry, SimDocument *document, const SimResident *holder,
                      const SimCertifyOptions *options, const SimClock *clock, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GArray) years = NULL;
  int year = options->fiscal_year;

  if (year != 0 && !sim_certify_tax_year_out (year, clock->today))
    {
      sim_certify_refuse (error, "tax-year-unavailable");
      return FALSE;
    }
  if (year == 0)
    {
      if ((years = sim_registry_tax_years (registry, holder->id, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < years->len && year == 0; i++)
        if (sim_certify_tax_year_out (g_array_index (years, int, i), clock->today))
          year = g_array_index (years, int, i);
      if (year == 0)
        {
          sim_certify_refuse (error, years->len > 0 ? "tax-year-unavailable" : "no-tax-record");
          return FALSE;
        }
    }
  if (!sim_registry_find_tax (registry, holder->id, year, &document->tax, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        sim_certify_refuse (error, "no-tax-record");
      return FALSE;
    }
  return TRUE;
}

/* Where @type is kept for @holder: the 住所地, or for 戸籍 and 附票 the 本籍地 (NULL with a
 * refusal if the holder has no register, or it is kept elsewhere than @asked). */
static char *
sim_certify_issuer (SimRegistry *registry, const SimResident *holder, const char *type,
                    const char *asked, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *code = NULL;

  if (!sim_certify_is_register_type (type))
    {
      if (asked != NULL && !g_str_equal (asked, holder->municipality))
        {
          sim_certify_refuse (error, "not-resident-here");
          return NULL;
        }
      return g_strdup (holder->municipality);
    }
  if (holder->family_register_id != 0)
    code = sim_registry_register_municipality (registry, holder->family_register_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (code == NULL || (asked != NULL && !g_str_equal (asked, code)))
    {
      sim_certify_refuse (error, "no-family-register");
      return NULL;
    }
  if (!sim_registry_has_municipality (registry, code))
    {
      sim_certify_refuse (error, "domicile-not-participating");
      return NULL;
    }
  return g_steal_pointer (&code);
}

/* The use registration a 戸籍 from another municipality needs. */
static gboolean
sim_certify_check_use_registration (SimRegistry *registry, const SimResident *holder,
                                    const char *issuer, const SimClock *clock, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  SimUseRegistration registration;

  if (g_str_equal (issuer, holder->municipality))
    return TRUE;
  if (!sim_registry_find_use_registration (registry, holder->id, issuer, &registration,
                                           &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        sim_certify_refuse (error, "use-registration-required");
      return FALSE;
    }
  if (sim_day_compare (registration.effective_on, clock->today) > 0)
    {
      sim_certify_refuse (error, "use-registration-pending");
      return FALSE;
    }
  return TRUE;
}

SimCertified *
sim_certify (SimRegistry *registry, const char *card_serial, const char *asked, const char *type,
             gint64 copies, const SimCertifyOptions *options, GDateTime *now, GError **error)
{
  g_autoptr (SimResident) holder = NULL;
  g_autoptr (SimMunicipality) municipality = NULL;
  g_autoptr (SimDocument) document = NULL;
  g_autoptr (SimFamilyRegister) family_register = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *type_name = NULL;
  SimCertified *certified;
  SimDocumentType document_type;
  const char *reason;
  SimClock clock;

  sim_clock_init (&clock, now);
  if (!sim_document_type_from_name (type, &document_type)
      || (type_name = sim_registry_type_name (registry, type, error)) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_TYPE_UNKNOWN, "no such certificate type");
      return NULL;
    }
  if ((holder = sim_registry_find_resident (registry, card_serial, error)) == NULL
      || (issuer = sim_certify_issuer (registry, holder, type, asked, error)) == NULL
      || (municipality = sim_registry_find_municipality (registry, issuer, error)) == NULL)
    return NULL;

  /* the municipality: offers the type, is open */
  if (!sim_registry_offers (registry, issuer, type, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        sim_certify_refuse (error, "type-not-offered");
      return NULL;
    }
  reason = sim_certify_closed_reason (registry, municipality, &clock, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (reason == NULL && copies > municipality->max_copies)
    reason = "too-many-copies";
  /* the holder */
  if (reason == NULL)
    reason = sim_certify_holder_refusal (holder, &clock);
  if (reason != NULL)
    {
      sim_certify_refuse (error, reason);
      return NULL;
    }

  document = sim_document_new (document_type);
  document->municipality_name = g_strdup (municipality->name);
  document->mayor_title = g_strdup (municipality->mayor_title);
  document->mayor_name = g_strdup (municipality->mayor_name);
  document->seal_text = g_strdup (municipality->seal_text);
  document->issued_on = clock.today;

  switch (document_type)
    {
    case SIM_DOCUMENT_JUMINHYO:
    case SIM_DOCUMENT_KISAI:
      if (!sim_certify_fill_residence (registry, document, municipality, holder, options,
                                       document_type == SIM_DOCUMENT_JUMINHYO, error))
        return NULL;
      break;
    case SIM_DOCUMENT_INKAN:
      {
        g_autoptr (SimSeal) seal = sim_registry_find_seal (registry, holder->id, &local_error);

        if (seal == NULL)
          {
            if (local_error != NULL)
              g_propagate_error (error, g_steal_pointer (&local_error));
            else
              sim_certify_refuse (error, "no-seal");
            return NULL;
          }
        document->seal_number = g_strdup (seal->number);
        document->seal_impression = g_strdup (seal->impression);
        if (!sim_certify_fill_residence (registry, document, municipality, holder, options, FALSE,
                                         error))
          return NULL;
        break;
      }
    case SIM_DOCUMENT_ZEI:
      if (!sim_certify_fill_tax (registry, document, holder, options, &clock, error)
          || !sim_certify_fill_residence (registry, document, municipality, holder, options,
                                          FALSE, error))
        return NULL;
      break;
    case SIM_DOCUMENT_KOSEKI:
    case SIM_DOCUMENT_FUHYO:
      if (!sim_certify_check_use_registration (registry, holder, issuer, &clock, error)
          || (family_register = sim_registry_find_register (registry, holder->family_register_id,
                                                            error)) == NULL)
        return NULL;
      if (family_register->pending_filing)
        {
          sim_certify_refuse (error, "koseki-filing-pending");
          return NULL;
        }
      if (!sim_certify_fill_register (document, family_register, holder, options))
        {
          sim_certify_refuse (error, "no-family-register");
          return NULL;
        }
      break;
    case SIM_DOCUMENT_N_TYPES:
      g_assert_not_reached ();
    }
  if (!sim_certify_check_document (document, error))
    return NULL;

  certified = g_new0 (SimCertified, 1);
  certified->municipality = g_steal_pointer (&issuer);
  certified->options = sim_certify_options_json (options);
  certified->document = g_steal_pointer (&document);
  return certified;
}

/* Feeds one field to the digest: a tag, then the value with its length, so that no two different
 * documents serialise alike. */
static void
sim_certify_digest_text (GChecksum *checksum, const char *tag, const char *text)
{
  g_autofree char *head = g_strdup_printf ("%s:%zu:", tag, text != NULL ? strlen (text) : (gsize) -1);

  g_checksum_update (checksum, (const guchar *) head, -1);
  if (text != NULL)
    g_checksum_update (checksum, (const guchar *) text, -1);
}

static void
sim_certify_digest_number (GChecksum *checksum, const char *tag, gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  sim_certify_digest_text (checksum, tag, text);
}

static void
sim_certify_digest_day (GChecksum *checksum, const char *tag, SimDay day)
{
  sim_certify_digest_number (checksum, tag, day.year * 10000 + day.month * 100 + day.day);
}

char *
sim_certify_document_digest (const SimDocument *document)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const SimDocumentTax *tax = &document->tax;

  sim_certify_digest_number (checksum, "type", document->type);
  sim_certify_digest_text (checksum, "municipality", document->municipality_name);
  sim_certify_digest_text (checksum, "mayor_title", document->mayor_title);
  sim_certify_digest_text (checksum, "mayor_name", document->mayor_name);
  sim_certify_digest_text (checksum, "seal_text", document->seal_text);
  sim_certify_digest_number (checksum, "issue_number", document->issue_number);
  sim_certify_digest_day (checksum, "issued_on", document->issued_on);
  sim_certify_digest_number (checksum, "western", document->western_dates);
  sim_certify_digest_text (checksum, "issued_at", document->issued_at);
  sim_certify_digest_text (checksum, "address", document->address);
  sim_certify_digest_text (checksum, "head", document->head_name);
  sim_certify_digest_text (checksum, "domicile", document->domicile);
  sim_certify_digest_text (checksum, "domicile_head", document->domicile_head);
  sim_certify_digest_number (checksum, "show_domicile", document->show_domicile);
  sim_certify_digest_number (checksum, "show_relationship", document->show_relationship);
  for (guint i = 0; i < document->persons->len; i++)
    {
      const SimDocumentPerson *person = g_ptr_array_index (document->persons, i);

      sim_certify_digest_text (checksum, "person", person->family_name);
      sim_certify_digest_text (checksum, "given", person->given_name);
      sim_certify_digest_text (checksum, "family_kana", person->family_kana);
      sim_certify_digest_text (checksum, "given_kana", person->given_kana);
      sim_certify_digest_day (checksum, "birth", person->birth);
      sim_certify_digest_text (checksum, "sex", person->sex);
      sim_certify_digest_text (checksum, "relationship", person->relationship);
      sim_certify_digest_day (checksum, "since", person->resident_since);
      sim_certify_digest_text (checksum, "previous", person->previous_address);
      sim_certify_digest_text (checksum, "my_number", person->my_number);
    }
  sim_certify_digest_text (checksum, "seal_number", document->seal_number);
  sim_certify_digest_text (checksum, "seal_impression", document->seal_impression);
  sim_certify_digest_number (checksum, "fiscal_year", tax->fiscal_year);
  sim_certify_digest_number (checksum, "salary", tax->salary_income);
  sim_certify_digest_number (checksum, "total", tax->total_income);
  sim_certify_digest_number (checksum, "deductions", tax->deductions);
  sim_certify_digest_number (checksum, "taxable", tax->taxable_income);
  sim_certify_digest_number (checksum, "municipal_tax", tax->municipal_tax);
  sim_certify_digest_number (checksum, "prefectural_tax", tax->prefectural_tax);
  sim_certify_digest_number (checksum, "whole", document->whole_register);
  sim_certify_digest_day (checksum, "made_on", document->register_made_on);
  sim_certify_digest_text (checksum, "register_domicile", document->register_domicile);
  sim_certify_digest_text (checksum, "register_head", document->register_head);
  for (guint i = 0; i < document->members->len; i++)
    {
      const SimDocumentMember *member = g_ptr_array_index (document->members, i);

      sim_certify_digest_text (checksum, "member", member->family_name);
      sim_certify_digest_text (checksum, "given", member->given_name);
      sim_certify_digest_day (checksum, "birth", member->birth);
      sim_certify_digest_text (checksum, "sex", member->sex);
      sim_certify_digest_text (checksum, "father", member->father);
      sim_certify_digest_text (checksum, "mother", member->mother);
      sim_certify_digest_text (checksum, "relationship", member->relationship);
      sim_certify_digest_text (checksum, "events", member->events);
      sim_certify_digest_number (checksum, "removed", member->removed);
      for (guint j = 0; member->addresses != NULL && j < member->addresses->len; j++)
        {
          const SimDocumentAddress *address = g_ptr_array_index (member->addresses, j);

          sim_certify_digest_text (checksum, "address_line", address->address);
          sim_certify_digest_day (checksum, "address_since", address->since);
        }
    }
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
sim_certify_recheck (SimRegistry *registry, const SimCertified *certified, const char *card_serial,
                     const char *type, gint64 copies, const SimCertifyOptions *options,
                     GDateTime *now, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SimCertified) again =
    sim_certify (registry, card_serial, certified->municipality, type, copies, options, now,
                 &local_error);
  g_autofree char *built = sim_certify_document_digest (certified->document);
  g_autofree char *now_digest = NULL;

  if (again != NULL)
    {
      again->document->issue_number = certified->document->issue_number;
      again->document->issued_at = g_strdup (certified->document->issued_at);
      now_digest = sim_certify_document_digest (again->document);
    }
  if (again == NULL || !g_str_equal (built, now_digest)
      || !g_str_equal (again->municipality, certified->municipality))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                   "the document no longer matches the registry (%s); not issued",
                   local_error != NULL ? local_error->message : "its rows changed");
      return FALSE;
    }
  return TRUE;
}

void
sim_certify_options_copy (const SimCertifyOptions *options, SimCertifyOptions *copy)
{
  *copy = *options;
  copy->members = g_array_copy (options->members);
}

void
sim_certified_free (SimCertified *certified)
{
  if (certified == NULL)
    return;
  g_free (certified->municipality);
  g_free (certified->options);
  g_clear_pointer (&certified->document, sim_document_free);
  g_free (certified);
}

/* ---- the catalogue ------------------------------------------------------------------------ */

/* The options a type offers this holder, as the catalogue shows them. */
static gboolean
sim_certify_catalogue_options (JsonBuilder *builder, SimRegistry *registry, const char *type,
                               const SimMunicipality *municipality, const SimResident *holder,
                               const SimClock *clock, GError **error)
{
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  if (g_str_equal (type, "juminhyo") || g_str_equal (type, "kisai"))
    {
      json_builder_set_member_name (builder, "show_domicile");
      json_builder_add_boolean_value (builder, holder->family_register_id != 0);
      json_builder_set_member_name (builder, "show_relationship");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (g_str_equal (type, "juminhyo"))
    {
      g_autoptr (SimHousehold) household =
        sim_registry_find_household (registry, holder->household_id, error);
      g_autoptr (GPtrArray) listed = NULL;

      if (household == NULL)
        return FALSE;
      json_builder_set_member_name (builder, "show_my_number");
      json_builder_add_boolean_value (builder, municipality->prints_my_number);
      /* names only here, where the holder chooses whom the record shows; a protected person is
       * not listed where the municipality refuses records that would show them */
      listed = sim_certify_listed_members (household);
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      for (guint i = 0; i < listed->len; i++)
        {
          SimResident *member = g_ptr_array_index (listed, i);
          g_autofree char *name = sim_resident_full_name (member);

          if (member->protected && municipality->refuses_protected_household)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "position");
          json_builder_add_int_value (builder, i + 1);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "holder");
          json_builder_add_boolean_value (builder, member->id == holder->id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  else if (g_str_equal (type, "zei"))
    {
      g_autoptr (GArray) years = sim_registry_tax_years (registry, holder->id, error);

      if (years == NULL)
        return FALSE;
      json_builder_set_member_name (builder, "fiscal_years");
      json_builder_begin_array (builder);
      for (guint i = 0; i < years->len; i++)
        if (sim_certify_tax_year_out (g_array_index (years, int, i), clock->today))
          json_builder_add_int_value (builder, g_array_index (years, int, i));
      json_builder_end_array (builder);
    }
  else if (sim_certify_is_register_type (type))
    {
      json_builder_set_member_name (builder, "scope");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "whole");
      json_builder_add_string_value (builder, "individual");
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return TRUE;
}

/* One element of "municipalities": @code as the holder's 住所地 and/or 本籍地. */
static gboolean
sim_certify_catalogue_element (JsonBuilder *builder, SimRegistry *registry, const char *code,
                               gboolean residence, gboolean domicile, const SimResident *holder,
                               const SimClock *clock, GError **error)
{
  g_autoptr (SimMunicipality) municipality = sim_registry_find_municipality (registry, code, error);
  g_autoptr (GPtrArray) types = NULL;
  g_autoptr (JsonNode) maintenance = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *closed;

  if (municipality == NULL
      || (types = sim_registry_offered_types (registry, code, error)) == NULL
      || (maintenance = sim_registry_maintenance_json (registry, code, clock->minute, error)) == NULL)
    return FALSE;
  closed = sim_certify_closed_reason (registry, municipality, clock, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, municipality->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, municipality->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, residence && domicile ? "residence-and-domicile"
                                          : residence           ? "residence"
                                                                : "domicile");
  json_builder_set_member_name (builder, "hours");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "opens");
  json_builder_add_string_value (builder, municipality->opens);
  json_builder_set_member_name (builder, "closes");
  json_builder_add_string_value (builder, municipality->closes);
  json_builder_set_member_name (builder, "closed_days");
  json_builder_add_string_value (builder, municipality->closed_new_year ? "12-29/01-03" : "");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "maintenance");
  json_builder_add_value (builder, g_steal_pointer (&maintenance));
  json_builder_set_member_name (builder, "open");
  json_builder_add_boolean_value (builder, closed == NULL);
  if (closed != NULL)
    {
      json_builder_set_member_name (builder, "closed_reason");
      json_builder_add_string_value (builder, closed);
    }
  json_builder_set_member_name (builder, "max_copies");
  json_builder_add_int_value (builder, municipality->max_copies);
  json_builder_set_member_name (builder, "certificates");
  json_builder_begin_array (builder);
  for (guint i = 0; closed == NULL && i < types->len; i++)
    {
      const char *type = g_ptr_array_index (types, i);
      g_autofree char *name = NULL;
      gint64 fee;

      if (sim_certify_is_register_type (type) ? !domicile : !residence)
        continue;
      if ((name = sim_registry_type_name (registry, type, error)) == NULL
          || (fee = sim_registry_fee (registry, code, type, clock->day, error)) < 0)
        return FALSE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "fee");
      json_builder_add_int_value (builder, fee);
      if (!sim_certify_catalogue_options (builder, registry, type, municipality, holder, clock,
                                          error))
        return FALSE;
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
sim_certify_catalogue (SimRegistry *registry, const char *card_serial, GDateTime *now,
                       GError **error)
{
  g_autoptr (SimResident) holder = sim_registry_find_resident (registry, card_serial, error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *domicile = NULL;
  gboolean domicile_listed = FALSE;
  SimClock clock;

  if (holder == NULL)
    return NULL;
  sim_clock_init (&clock, now);
  if (holder->family_register_id != 0)
    domicile = sim_registry_register_municipality (registry, holder->family_register_id,
                                                   &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* the 本籍地 is listed where the registry serves it and, if it is not the 住所地, where the
   * holder's use registration is in effect */
  if (domicile != NULL && sim_registry_has_municipality (registry, domicile))
    {
      if (g_str_equal (domicile, holder->municipality))
        domicile_listed = TRUE;
      else
        {
          SimUseRegistration registration;

          domicile_listed = sim_registry_find_use_registration (registry, holder->id, domicile,
                                                                &registration, &local_error)
                            && sim_day_compare (registration.effective_on, clock.today) <= 0;
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "municipalities");
  json_builder_begin_array (builder);
  if (!sim_certify_catalogue_element (builder, registry, holder->municipality, TRUE,
                                      domicile_listed && g_str_equal (domicile, holder->municipality),
                                      holder, &clock, error))
    return NULL;
  if (domicile_listed && !g_str_equal (domicile, holder->municipality)
      && !sim_certify_catalogue_element (builder, registry, domicile, FALSE, TRUE, holder, &clock,
                                         error))
    return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
