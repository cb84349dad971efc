/* sim-document-inkan.c: the 印鑑登録証明書 — the registered seal's impression in its box, beside the
 * holder's name, birth date, sex and address. */
#include "sim/servers/sim-document-private.h"

#define IMPRESSION_WIDTH 150.0
#define IMPRESSION_LABEL_HEIGHT 22.0
#define ROW_HEIGHT 42.0
#define SEAL_RADIUS 32.0

/* Draws the impression box: its label, and the seal's characters as a red round impression. */
static void
sim_document_inkan_impression (SimDocumentCanvas *canvas, double top, double height)
{
  const SimDocument *document = canvas->document;
  double x = SIM_DOCUMENT_MARGIN;
  double box_top = top + IMPRESSION_LABEL_HEIGHT;
  double box_height = height - IMPRESSION_LABEL_HEIGHT;

  sim_document_canvas_label (canvas, "印影", x, top, IMPRESSION_WIDTH, IMPRESSION_LABEL_HEIGHT);
  sim_document_canvas_box (canvas, x, box_top, IMPRESSION_WIDTH, box_height);
  if (document->seal_impression != NULL)
    sim_document_canvas_round_seal (canvas, document->seal_impression, x + IMPRESSION_WIDTH / 2,
                                    box_top + box_height / 2, SEAL_RADIUS);
}

/* Draws the registration number, then the impression beside the holder's record. */
static void
sim_document_inkan_body (SimDocumentCanvas *canvas)
{
  const SimDocument *document = canvas->document;
  const SimDocumentPerson *person = NULL;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  double top;

  if (document->persons != NULL && document->persons->len > 0)
    person = document->persons->pdata[0];
  canvas->value_size = 11.5;
  canvas->y += 8;
  sim_document_canvas_frame_begin (canvas, 0);
  {
    SimDocumentField number[] = { { .label = "登録番号", .value = document->seal_number } };

    sim_document_canvas_row (canvas, 30, number, G_N_ELEMENTS (number));
  }
  sim_document_canvas_frame_end (canvas);
  canvas->y += 14;

  if (person != NULL)
    {
      name = sim_document_full_name (person->family_name, person->given_name);
      birth = sim_document_canvas_date (canvas, person->birth);
    }
  top = canvas->y;
  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_inkan_impression (canvas, top, 4 * ROW_HEIGHT);
  canvas->x = SIM_DOCUMENT_MARGIN + IMPRESSION_WIDTH;
  canvas->width = SIM_DOCUMENT_CONTENT_WIDTH - IMPRESSION_WIDTH;
  {
    SimDocumentField name_field[] = { { .label = "氏名", .value = name } };
    SimDocumentField birth_field[] = { { .label = "生年月日", .value = birth } };
    SimDocumentField sex_field[] = { { .label = "性別", .value = person != NULL ? person->sex : NULL } };
    SimDocumentField address_field[] = { { .label = "住所", .value = document->address } };

    sim_document_canvas_row (canvas, ROW_HEIGHT, name_field, 1);
    sim_document_canvas_row (canvas, ROW_HEIGHT, birth_field, 1);
    sim_document_canvas_row (canvas, ROW_HEIGHT, sex_field, 1);
    sim_document_canvas_row (canvas, ROW_HEIGHT, address_field, 1);
  }
  canvas->x = SIM_DOCUMENT_MARGIN;
  canvas->width = SIM_DOCUMENT_CONTENT_WIDTH;
  sim_document_canvas_frame_end (canvas);
}

const SimDocumentForm sim_document_inkan_form = {
  .title = "印鑑登録証明書",
  .sentence = "この写しは、登録された印影と相違ないことを証明する。",
  .draw_body = sim_document_inkan_body,
};
