/* sim-document-private.h: what the certificate forms (sim-document-*.c) share: the A4 canvas they
 * draw on — pages with the common header and footer, ruled rows, framed sections, text fitted to
 * its box, seals — and the table of forms sim_document_render() dispatches to.
 *
 * A document is drawn twice with the same code: once with no cairo context, to count its pages,
 * then onto the PDF surface, so that every page can say 「2／3」. */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sim/servers/sim-document.h"

G_BEGIN_DECLS

/* A4 portrait, in points. */
#define SIM_DOCUMENT_PAGE_WIDTH 595.28
#define SIM_DOCUMENT_PAGE_HEIGHT 841.89
#define SIM_DOCUMENT_MARGIN 50.0
#define SIM_DOCUMENT_CONTENT_WIDTH (SIM_DOCUMENT_PAGE_WIDTH - 2 * SIM_DOCUMENT_MARGIN)

/* The left column of label cells, and the type sizes of labels and values. */
#define SIM_DOCUMENT_LABEL_WIDTH 96.0
#define SIM_DOCUMENT_LABEL_SIZE 9.0
#define SIM_DOCUMENT_VALUE_SIZE 10.5
#define SIM_DOCUMENT_ROW_HEIGHT 22.0
#define SIM_DOCUMENT_LINE_HEIGHT 15.5 /* a line of a section (戸籍) */

/* At most this many people of a household on one page of a 住民票の写し. */
#define SIM_DOCUMENT_PERSONS_PER_PAGE 4

typedef struct _SimDocumentCanvas SimDocumentCanvas;

/* One certificate form: its title and certification sentence, and how it draws its body. */
typedef struct
{
  const char *title;
  const char *sentence;
  /* draws the records, calling sim_document_canvas_need() so blocks do not straddle pages */
  void (*draw_body) (SimDocumentCanvas *canvas);
  /* drawn at the top of every page under the title (NULL: nothing) */
  void (*draw_heading) (SimDocumentCanvas *canvas);
} SimDocumentForm;

extern const SimDocumentForm sim_document_juminhyo_form;
extern const SimDocumentForm sim_document_kisai_form;
extern const SimDocumentForm sim_document_inkan_form;
extern const SimDocumentForm sim_document_zei_form;
extern const SimDocumentForm sim_document_koseki_whole_form;
extern const SimDocumentForm sim_document_koseki_individual_form;
extern const SimDocumentForm sim_document_fuhyo_form;

/* The drawing state of one rendering; lives on the renderer's stack, never shared. */
struct _SimDocumentCanvas
{
  const SimDocument *document;
  const SimDocumentForm *form;
  cairo_t *cr; /* NULL while counting pages */
  PangoContext *context;
  PangoFontDescription *font; /* SIM_DOCUMENT_FONT; its size is set per layout */
  int page;                   /* the page being drawn, from 1 */
  int n_pages;                /* known when drawing; 0 while counting */
  double y;                   /* where the next row goes */
  double page_top;            /* where the body of this page began */
  double x;                   /* the left edge and width of rows (default: the content box) */
  double width;
  double value_size; /* type size of values in rows (default SIM_DOCUMENT_VALUE_SIZE) */

  /* the open frame (a table's thick outline, or a section with a label column), if any */
  gboolean frame_open;
  double frame_top;
  double frame_label_width; /* 0: a plain frame around ruled rows */
};

/* One label cell and its value cell in a row. */
typedef struct
{
  const char *label;    /* NULL: no label cell */
  const char *value;    /* NULL: an empty cell */
  const char *kana;     /* printed small above the value (furigana) */
  double label_width;   /* 0: SIM_DOCUMENT_LABEL_WIDTH */
  double width;         /* of the value cell; 0: the rest of the row */
  gboolean align_right; /* amounts */
} SimDocumentField;

/* @text, or "" for NULL. */
static inline const char *
sim_document_text (const char *text)
{
  return text != NULL ? text : "";
}

/* "family　given", separated by an ideographic space as forms print names. */
char *sim_document_full_name (const char *family, const char *given);

/* A PangoContext for SIM_DOCUMENT_FONT on this thread's cairo font map, unhinted (PDF metrics). */
PangoContext *sim_document_context_new (void);

/* Draws every page of the canvas' document (measuring only when canvas->cr is NULL); returns the
 * number of pages. */
int sim_document_canvas_draw (SimDocumentCanvas *canvas);

/* @day as the document prints dates (和暦, and the Western year when asked); "" when unset. */
char *sim_document_canvas_date (SimDocumentCanvas *canvas, SimDay day);

/* Starts a new page unless @height more points fit on this one. */
void sim_document_canvas_need (SimDocumentCanvas *canvas, double height);

/* Ends the page and starts the next. */
void sim_document_canvas_break (SimDocumentCanvas *canvas);

/* Draws @text in @size-point type at (@x, @y), aligned within @width (0: natural width); returns
 * its height. */
double sim_document_canvas_text (SimDocumentCanvas *canvas, const char *text, double size, double x, double y,
                                 double width, PangoAlignment alignment);

/* Draws @text centred vertically in the box, shrinking (and at last wrapping) it until it fits. */
void sim_document_canvas_fit (SimDocumentCanvas *canvas, const char *text, double size, double x, double y,
                              double width, double height, PangoAlignment alignment);

/* Draws a label cell: shaded box with @label centred and spaced out. */
void sim_document_canvas_label (SimDocumentCanvas *canvas, const char *label, double x, double y, double width,
                                double height);

/* Strokes a thin box. */
void sim_document_canvas_box (SimDocumentCanvas *canvas, double x, double y, double width, double height);

/* Draws one ruled row of label and value cells at the cursor and moves the cursor under it. */
void sim_document_canvas_row (SimDocumentCanvas *canvas, double height, const SimDocumentField *fields, guint n_fields);

/* Opens a frame at the cursor: a thick outline around what follows (@label_width 0), or a section
 * whose lines have a shaded label column that wide. A page break closes and reopens it. */
void sim_document_canvas_frame_begin (SimDocumentCanvas *canvas, double label_width);

/* Closes the open frame at the cursor. */
void sim_document_canvas_frame_end (SimDocumentCanvas *canvas);

/* Draws one line of an open section: @label (boxed like a stamp when @boxed) in the label column,
 * @text beside it. */
void sim_document_canvas_line (SimDocumentCanvas *canvas, const char *label, gboolean boxed, const char *text);

/* Draws a horizontal rule across the open section at the cursor, unless at the top of a page. */
void sim_document_canvas_rule (SimDocumentCanvas *canvas);

/* Draws @text as a red round seal impression (印影) of @radius centred at (@cx, @cy). */
void sim_document_canvas_round_seal (SimDocumentCanvas *canvas, const char *text, double cx, double cy, double radius);

/* Draws @text as a red square seal (公印) of @side centred at (@cx, @cy). */
void sim_document_canvas_square_seal (SimDocumentCanvas *canvas, const char *text, double cx, double cy, double side);

G_END_DECLS
