/* gen-cards.c: cards.tsv, what tests and the card emulator use to pick a card by what a terminal
 * should meet with it ("matching card profiles"). */
#include "sim/registry/gen-db.h"

#include "sim/registry/gen-states.h"

/* A line per card in resident order; tax years ascending, comma-separated (empty: none). */
gboolean
gen_cards_write (GenWorld *world, const char *path, GError **error)
{
  g_autoptr (GString) text = g_string_new ("serial\tresident\tmunicipality\tstate\tkoseki\ttax_years\n");

  for (guint i = 0; i < world->persons->len; i++)
    {
      GenPerson *person = gen_person (world, i);
      const char *separator = "";

      if (person->card == 0)
        continue;
      g_string_append_printf (text, "D%07X\t%u\t%s\t%s\t%s\t", person->card, i + 1,
                              gen_place (world, person->municipality)->code,
                              gen_card_state_name (gen_card_state (world, i, TRUE)),
                              gen_koseki_state_name (gen_koseki_state (world, i)));
      for (guint year = world->latest_fiscal_year - 2; year <= world->latest_fiscal_year; year++)
        {
          GenTax tax;

          if (!gen_tax_record (world, i, year, &tax))
            continue;
          g_string_append_printf (text, "%s%u", separator, year);
          separator = ",";
        }
      g_string_append_c (text, '\n');
    }
  if (!g_file_set_contents (path, text->str, (gssize) text->len, error))
    {
      g_prefix_error (error, "cards: ");
      return FALSE;
    }
  return TRUE;
}
