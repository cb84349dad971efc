/* gen-states.h: what a terminal should meet with a card of the registry, derived from the
 * registry's data alone (the same rules tests apply to the written file): the card's state, the
 * 戸籍 it can reach, its tax years. */
#pragma once

#include "sim/registry/gen-world.h"

G_BEGIN_DECLS

/* In order of precedence: a card is in the first state that applies. */
typedef enum {
  GEN_CARD_UNDER_15,
  GEN_CARD_MOVED_OUT,
  GEN_CARD_MOVING_OUT,
  GEN_CARD_DECEASED,
  GEN_CARD_PROTECTED,
  GEN_CARD_MOVED_IN_TODAY,
  GEN_CARD_UNPRINTABLE,   /* a name, address or 本籍 with a character no font has (PUA) */
  GEN_CARD_TOO_LONG,      /* beyond SIM_DOCUMENT_MAX_NAME or SIM_DOCUMENT_MAX_ADDRESS */
  GEN_CARD_NO_SEAL,
  GEN_CARD_OK,
  GEN_N_CARD_STATES,
} GenCardState;

typedef enum {
  GEN_KOSEKI_NONE,            /* no 戸籍 (foreign resident) */
  GEN_KOSEKI_NOT_IN_REGISTRY, /* the 本籍地 is not a municipality of this registry */
  GEN_KOSEKI_PENDING_FILING,  /* the register has a filing not yet reflected */
  GEN_KOSEKI_HERE,            /* the 本籍地 is where the holder lives */
  GEN_KOSEKI_USE_REGISTERED,  /* another municipality of the registry, use registration in effect */
  GEN_KOSEKI_USE_PENDING,     /* applied, effective only after today */
  GEN_KOSEKI_NOT_REGISTERED,  /* another municipality of the registry, no use registration */
  GEN_N_KOSEKI_STATES,
} GenKosekiState;

/* The name written in cards.tsv ("under-15", "not-in-registry"). */
const char *gen_card_state_name (GenCardState state);
const char *gen_koseki_state_name (GenKosekiState state);

/* The state of person @index's card; @with_seal FALSE stops before the seal step (OK instead). */
GenCardState gen_card_state (GenWorld *world, guint index, gboolean with_seal);

/* Which 戸籍 person @index's card reaches. */
GenKosekiState gen_koseki_state (GenWorld *world, guint index);

/* The characters of @text as the forms count them: a variation selector belongs to its base. */
guint gen_text_chars (const char *text);

/* TRUE if @text has a Private Use Area character. */
gboolean gen_text_has_pua (const char *text);

G_END_DECLS
