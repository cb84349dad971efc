/* sim-document-residence.c: the forms of the residence record — 住民票の写し (a household, a block
 * per person, at most SIM_DOCUMENT_PERSONS_PER_PAGE a page) and 住民票記載事項証明書 (one person). */
#include "sim/servers/sim-document-private.h"

/* The inner columns of a person's block: 性別 / 続柄 / 筆頭者 sit in the right pair. */
#define SIDE_LABEL_WIDTH 52.0
#define SIDE_VALUE_WIDTH 118.0
#define MAIN_VALUE_WIDTH (SIM_DOCUMENT_CONTENT_WIDTH - SIM_DOCUMENT_LABEL_WIDTH - SIDE_LABEL_WIDTH - SIDE_VALUE_WIDTH)

/* Heights of the rows of a 住民票の写し. */
#define NAME_ROW_HEIGHT 34.0
#define PERSON_GAP 8.0

/* Draws a row of one label and value, or of two pairs when @side_label is not NULL. */
static void
sim_document_residence_pair (SimDocumentCanvas *canvas, double height, const char *label, const char *value,
                             const char *side_label, const char *side_value)
{
  SimDocumentField fields[] = {
    { .label = label, .value = value, .width = side_label != NULL ? MAIN_VALUE_WIDTH : 0 },
    { .label = side_label, .value = side_value, .label_width = SIDE_LABEL_WIDTH },
  };

  sim_document_canvas_row (canvas, height, fields, side_label != NULL ? 2 : 1);
}

/* Draws the name row: furigana over the name, and the sex beside it. */
static void
sim_document_residence_name (SimDocumentCanvas *canvas, double height, const SimDocumentPerson *person)
{
  g_autofree char *name = sim_document_full_name (person->family_name, person->given_name);
  g_autofree char *kana = sim_document_full_name (person->family_kana, person->given_kana);
  SimDocumentField fields[] = {
    { .label = "氏名", .value = name, .kana = kana, .width = MAIN_VALUE_WIDTH },
    { .label = "性別", .value = person->sex, .label_width = SIDE_LABEL_WIDTH },
  };

  sim_document_canvas_row (canvas, height, fields, G_N_ELEMENTS (fields));
}

/* Draws the birth date row, with the 続柄 beside it when the record shows relationships. */
static void
sim_document_residence_birth (SimDocumentCanvas *canvas, double height, const SimDocumentPerson *person)
{
  g_autofree char *date = sim_document_canvas_date (canvas, person->birth);
  g_autofree char *birth = g_strdup_printf ("%s生", date);

  if (canvas->document->show_relationship)
    sim_document_residence_pair (canvas, height, "生年月日", birth, "続柄", person->relationship);
  else
    sim_document_residence_pair (canvas, height, "生年月日", birth, NULL, NULL);
}

/* Draws the 本籍 and 筆頭者 row. */
static void
sim_document_residence_domicile (SimDocumentCanvas *canvas, double height)
{
  const SimDocument *document = canvas->document;

  sim_document_residence_pair (canvas, height, "本籍", document->domicile, "筆頭者", document->domicile_head);
}

/* Draws the date the person became a resident here. */
static void
sim_document_residence_since (SimDocumentCanvas *canvas, double height, const SimDocumentPerson *person)
{
  g_autofree char *since = sim_document_canvas_date (canvas, person->resident_since);

  sim_document_residence_pair (canvas, height, "住民となった年月日", since, NULL, NULL);
}

/* The height of one person's block of a 住民票の写し. */
static double
sim_document_juminhyo_person_height (const SimDocument *document, const SimDocumentPerson *person)
{
  double height = NAME_ROW_HEIGHT + 2 * SIM_DOCUMENT_ROW_HEIGHT;

  if (person->previous_address != NULL)
    height += SIM_DOCUMENT_ROW_HEIGHT;
  if (person->my_number != NULL)
    height += SIM_DOCUMENT_ROW_HEIGHT;
  if (document->show_domicile)
    height += SIM_DOCUMENT_ROW_HEIGHT;
  return height;
}

/* Draws one person of a 住民票の写し as a framed block. */
static void
sim_document_juminhyo_person (SimDocumentCanvas *canvas, const SimDocumentPerson *person)
{
  const SimDocument *document = canvas->document;
  const double row = SIM_DOCUMENT_ROW_HEIGHT;

  sim_document_canvas_need (canvas, sim_document_juminhyo_person_height (document, person));
  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_residence_name (canvas, NAME_ROW_HEIGHT, person);
  sim_document_residence_birth (canvas, row, person);
  sim_document_residence_since (canvas, row, person);
  if (person->previous_address != NULL)
    sim_document_residence_pair (canvas, row, "前住所", person->previous_address, NULL, NULL);
  if (person->my_number != NULL)
    sim_document_residence_pair (canvas, row, "個人番号", person->my_number, NULL, NULL);
  if (document->show_domicile)
    sim_document_residence_domicile (canvas, row);
  sim_document_canvas_frame_end (canvas);
  canvas->y += PERSON_GAP;
}

/* Draws the household's address (and head) at the top of every page of a 住民票の写し. */
static void
sim_document_juminhyo_heading (SimDocumentCanvas *canvas)
{
  const SimDocument *document = canvas->document;

  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_residence_pair (canvas, 26, "住所", document->address, NULL, NULL);
  if (document->show_relationship)
    sim_document_residence_pair (canvas, 26, "世帯主", document->head_name, NULL, NULL);
  sim_document_canvas_frame_end (canvas);
  canvas->y += 12;
}

/* Draws the household, SIM_DOCUMENT_PERSONS_PER_PAGE people a page at most. */
static void
sim_document_juminhyo_body (SimDocumentCanvas *canvas)
{
  GPtrArray *persons = canvas->document->persons;

  for (guint i = 0; persons != NULL && i < persons->len; i++)
    {
      if (i > 0 && i % SIM_DOCUMENT_PERSONS_PER_PAGE == 0)
        sim_document_canvas_break (canvas);
      sim_document_juminhyo_person (canvas, persons->pdata[i]);
    }
  canvas->y -= PERSON_GAP;
}

/* Draws the one person's items of a 住民票記載事項証明書. */
static void
sim_document_kisai_body (SimDocumentCanvas *canvas)
{
  const SimDocument *document = canvas->document;
  const SimDocumentPerson *person;
  const double row = 30;

  if (document->persons == NULL || document->persons->len == 0)
    return;
  person = document->persons->pdata[0];
  canvas->value_size = 11.5;
  canvas->y += 8;
  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_residence_name (canvas, 42, person);
  sim_document_residence_birth (canvas, row, person);
  sim_document_residence_pair (canvas, row, "住所", document->address, NULL, NULL);
  sim_document_residence_since (canvas, row, person);
  if (document->show_relationship)
    sim_document_residence_pair (canvas, row, "世帯主", document->head_name, NULL, NULL);
  if (document->show_domicile)
    sim_document_residence_domicile (canvas, row);
  if (person->my_number != NULL)
    sim_document_residence_pair (canvas, row, "個人番号", person->my_number, NULL, NULL);
  sim_document_canvas_frame_end (canvas);
}

const SimDocumentForm sim_document_juminhyo_form = {
  .title = "住民票の写し",
  .sentence = "この写しは、住民票の原本と相違ないことを証明する。",
  .draw_body = sim_document_juminhyo_body,
  .draw_heading = sim_document_juminhyo_heading,
};

const SimDocumentForm sim_document_kisai_form = {
  .title = "住民票記載事項証明書",
  .sentence = "上記の事項は、住民票に記載されている事項と相違ないことを証明する。",
  .draw_body = sim_document_kisai_body,
};
