/* gen-states.c: the states of cards, from the data as it will be written. */
#include "sim/registry/gen-states.h"

#include "sim/servers/sim-document.h"

static const char *const card_state_names[GEN_N_CARD_STATES] = {
  "under-15", "moved-out", "moving-out", "deceased", "protected", "moved-in-today",
  "unprintable-character", "field-too-long", "no-seal", "ok",
};

static const char *const koseki_state_names[GEN_N_KOSEKI_STATES] = {
  "none", "not-in-registry", "pending-filing", "here", "use-registered", "use-pending", "not-registered",
};

/* From the table. */
const char *
gen_card_state_name (GenCardState state)
{
  return card_state_names[state];
}

/* From the table. */
const char *
gen_koseki_state_name (GenKosekiState state)
{
  return koseki_state_names[state];
}

/* Variation selectors: VS1-VS16 and VS17-VS256. */
static gboolean
gen_text_is_selector (gunichar c)
{
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

/* Code points, less the variation selectors. */
guint
gen_text_chars (const char *text)
{
  guint n = 0;

  if (text == NULL)
    return 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!gen_text_is_selector (g_utf8_get_char (p)))
      n++;
  return n;
}

/* The BMP's Private Use Area and the two private planes. */
gboolean
gen_text_has_pua (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000)
        return TRUE;
    }
  return FALSE;
}

/* The texts a certificate of the person prints: name, reading, address, former address, 本籍. */
static void
gen_card_texts (GenWorld *world, GenPerson *person, const char *texts[6])
{
  texts[0] = person->family_name;
  texts[1] = person->given_name;
  texts[2] = person->family_kana;
  texts[3] = person->given_kana;
  texts[4] = gen_household (world, person->household)->address;
  texts[5] = person->previous_address;
}

/* The first rule of the precedence that applies. */
GenCardState
gen_card_state (GenWorld *world, guint index, gboolean with_seal)
{
  GenPerson *person = gen_person (world, index);
  const char *texts[6];
  const char *domicile = person->family_register >= 0 ? gen_register (world, person->family_register)->domicile
                                                       : NULL;
  gboolean pua = gen_text_has_pua (domicile);

  if (gen_day_age (person->birth, world->today) < 15)
    return GEN_CARD_UNDER_15;
  if (person->status == GEN_STATUS_MOVED_OUT)
    return GEN_CARD_MOVED_OUT;
  if (person->status == GEN_STATUS_MOVING_OUT)
    return GEN_CARD_MOVING_OUT;
  if (person->status == GEN_STATUS_DECEASED)
    return GEN_CARD_DECEASED;
  if (person->protected_)
    return GEN_CARD_PROTECTED;
  if (person->since == world->today)
    return GEN_CARD_MOVED_IN_TODAY;
  gen_card_texts (world, person, texts);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    pua = pua || gen_text_has_pua (texts[i]);
  if (pua)
    return GEN_CARD_UNPRINTABLE;
  if (gen_text_chars (texts[0]) + gen_text_chars (texts[1]) > SIM_DOCUMENT_MAX_NAME
      || gen_text_chars (texts[2]) + gen_text_chars (texts[3]) > SIM_DOCUMENT_MAX_NAME
      || gen_text_chars (texts[4]) > SIM_DOCUMENT_MAX_ADDRESS || gen_text_chars (texts[5]) > SIM_DOCUMENT_MAX_ADDRESS
      || gen_text_chars (domicile) > SIM_DOCUMENT_MAX_ADDRESS)
    return GEN_CARD_TOO_LONG;
  if (with_seal && person->seal == 0)
    return GEN_CARD_NO_SEAL;
  return GEN_CARD_OK;
}

/* Where the register is, whether it is settled, and whether the holder may reach it. */
GenKosekiState
gen_koseki_state (GenWorld *world, guint index)
{
  GenPerson *person = gen_person (world, index);
  GenRegister *reg;

  if (person->family_register < 0)
    return GEN_KOSEKI_NONE;
  reg = gen_register (world, person->family_register);
  if (!gen_place (world, reg->place)->in_registry)
    return GEN_KOSEKI_NOT_IN_REGISTRY;
  if (reg->pending_filing)
    return GEN_KOSEKI_PENDING_FILING;
  if (reg->place == person->municipality)
    return GEN_KOSEKI_HERE;
  if (person->use_applied == 0)
    return GEN_KOSEKI_NOT_REGISTERED;
  return person->use_effective <= world->today ? GEN_KOSEKI_USE_REGISTERED : GEN_KOSEKI_USE_PENDING;
}
