/* sim-document-zei.c: the 所得・課税証明書 — a fiscal year's income, deductions and the resident
 * taxes assessed on them, named as the municipality and prefecture name them. */
#include "sim/servers/sim-document-private.h"

#include <string.h>

#include "sim/servers/sim-wareki.h"

#define GROUP_WIDTH 64.0
#define ITEM_WIDTH 170.0
#define ROW_HEIGHT 28.0

/* One line of the table. */
typedef struct
{
  const char *label;
  gint64 yen;
} SimDocumentZeiItem;

/* "1,234,000円". */
static char *
sim_document_zei_yen (gint64 yen)
{
  guint64 magnitude = yen < 0 ? -(guint64) yen : (guint64) yen;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  GString *text = g_string_new (yen < 0 ? "-" : "");
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  g_string_append (text, "円");
  return g_string_free (text, FALSE);
}

/* The municipality's own word for its tax: 市民税, 町民税, 村民税, 区民税. */
static const char *
sim_document_zei_municipal_word (const char *municipality)
{
  static const char *const words[][2] = {
    { "市", "市民税" },
    { "町", "町民税" },
    { "村", "村民税" },
    { "区", "区民税" },
  };

  for (gsize i = 0; municipality != NULL && i < G_N_ELEMENTS (words); i++)
    if (g_str_has_suffix (municipality, words[i][0]))
      return words[i][1];
  return "市町村民税";
}

/* The prefecture's word for its tax, read from the start of the address (都民税, 道民税, 府民税,
 * 県民税); 道府県民税 when the address does not begin with a prefecture. */
static const char *
sim_document_zei_prefectural_word (const char *address)
{
  const char *p = address;

  if (address == NULL)
    return "道府県民税";
  if (g_str_has_prefix (address, "東京都"))
    return "都民税";
  if (g_str_has_prefix (address, "北海道"))
    return "道民税";
  if (g_str_has_prefix (address, "京都府") || g_str_has_prefix (address, "大阪府"))
    return "府民税";
  /* every other prefecture's name is two or three characters and then 県 */
  for (int i = 0; i < 4 && *p != '\0'; i++, p = g_utf8_next_char (p))
    if (i >= 2 && g_str_has_prefix (p, "県"))
      return "県民税";
  return "道府県民税";
}

/* Draws a group of the table: its name spanning its rows, and a labelled amount per row. */
static void
sim_document_zei_group (SimDocumentCanvas *canvas, const char *group, const SimDocumentZeiItem *items, guint n_items)
{
  sim_document_canvas_need (canvas, n_items * ROW_HEIGHT);
  sim_document_canvas_label (canvas, group, canvas->x, canvas->y, GROUP_WIDTH, n_items * ROW_HEIGHT);
  canvas->x += GROUP_WIDTH;
  canvas->width -= GROUP_WIDTH;
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *amount = sim_document_zei_yen (items[i].yen);
      SimDocumentField field[] = {
        { .label = items[i].label, .value = amount, .label_width = ITEM_WIDTH, .align_right = TRUE },
      };

      sim_document_canvas_row (canvas, ROW_HEIGHT, field, 1);
    }
  canvas->x -= GROUP_WIDTH;
  canvas->width += GROUP_WIDTH;
}

/* Draws the fiscal year, and the year whose income it assesses, under the title. */
static void
sim_document_zei_heading (SimDocumentCanvas *canvas)
{
  int year = canvas->document->tax.fiscal_year;
  g_autofree char *fiscal = sim_wareki_format_year (year);
  g_autofree char *income = sim_wareki_format_year (year - 1);
  g_autofree char *heading
      = g_strdup_printf ("%s度（%s分 所得）", sim_document_text (fiscal), sim_document_text (income));

  canvas->y -= 8;
  canvas->y += sim_document_canvas_text (canvas, heading, 13, SIM_DOCUMENT_MARGIN, canvas->y,
                                         SIM_DOCUMENT_CONTENT_WIDTH, PANGO_ALIGN_CENTER);
  canvas->y += 14;
}

/* Draws the taxpayer and the table. */
static void
sim_document_zei_body (SimDocumentCanvas *canvas)
{
  const SimDocument *document = canvas->document;
  const SimDocumentTax *tax = &document->tax;
  const SimDocumentPerson *person = NULL;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  const SimDocumentZeiItem income[] = {
    { "給与収入", tax->salary_income },
    { "合計所得金額", tax->total_income },
    { "所得控除額合計", tax->deductions },
    { "課税標準額", tax->taxable_income },
  };
  const SimDocumentZeiItem taxes[] = {
    { sim_document_zei_municipal_word (document->municipality_name), tax->municipal_tax },
    { sim_document_zei_prefectural_word (document->address), tax->prefectural_tax },
  };

  if (document->persons != NULL && document->persons->len > 0)
    person = document->persons->pdata[0];
  if (person != NULL)
    {
      name = sim_document_full_name (person->family_name, person->given_name);
      birth = sim_document_canvas_date (canvas, person->birth);
    }
  canvas->value_size = 11.5;
  sim_document_canvas_frame_begin (canvas, 0);
  {
    SimDocumentField rows[][1] = {
      { { .label = "住所", .value = document->address } },
      { { .label = "氏名", .value = name } },
      { { .label = "生年月日", .value = birth } },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
      sim_document_canvas_row (canvas, ROW_HEIGHT, rows[i], 1);
  }
  sim_document_canvas_frame_end (canvas);
  canvas->y += 18;

  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_zei_group (canvas, "所得", income, G_N_ELEMENTS (income));
  sim_document_zei_group (canvas, "税額", taxes, G_N_ELEMENTS (taxes));
  sim_document_canvas_frame_end (canvas);
}

const SimDocumentForm sim_document_zei_form = {
  .title = "所得・課税証明書",
  .sentence = "上記のとおり証明する。",
  .draw_body = sim_document_zei_body,
  .draw_heading = sim_document_zei_heading,
};
