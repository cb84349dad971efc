/* sim-document-canvas.c: the layout every certificate shares — A4 pages with 発行番号, title and
 * footer, ruled rows, framed sections, text fitted to its box, the certification with the mayor's
 * seal — drawn with cairo and pango in IPAmj明朝. */
#include "sim/servers/sim-document-private.h"

#include "sim/servers/sim-wareki.h"

/* Vertical positions on the page. */
#define HEADER_NUMBER_Y 30.0
#define TITLE_Y 52.0
#define TITLE_SIZE 22.0
#define BODY_TOP 98.0
#define BODY_BOTTOM (SIM_DOCUMENT_PAGE_HEIGHT - 72.0)
#define PAGE_NUMBER_Y (SIM_DOCUMENT_PAGE_HEIGHT - 62.0)
#define FOOTER_Y (SIM_DOCUMENT_PAGE_HEIGHT - 40.0)

/* The certification (sentence, date, mayor and seal) at the foot of the last page. */
#define CERTIFICATION_HEIGHT 112.0
#define CERTIFICATION_GAP 12.0
#define SEAL_SIDE 58.0

#define THIN_LINE 0.6
#define THICK_LINE 1.4
#define SECTION_PADDING 4.0

/* The footer of every page: what this paper is. */
static const char footer_note[] = "これは参照環境（kiosk reference world）の試験用の模擬証明書です。"
                                  "記載の自治体・人物はすべて架空で、証明の効力はありません。";

/* Seal red, printed as ink (multiplied over what lies under it). */
static void
sim_document_canvas_set_seal_ink (cairo_t *cr)
{
  cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  cairo_set_source_rgb (cr, 0.82, 0.10, 0.12);
}

/* Makes the context every layout of a document comes from. */
PangoContext *
sim_document_context_new (void)
{
  /* pango_cairo_font_map_get_default() is per thread, so renderings in parallel share nothing */
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_context_set_language (context, pango_language_from_string ("ja"));
  return context;
}

/* A layout of @text in @size-point SIM_DOCUMENT_FONT. */
static PangoLayout *
sim_document_canvas_layout (SimDocumentCanvas *canvas, const char *text, double size)
{
  PangoLayout *layout = pango_layout_new (canvas->context);

  pango_font_description_set_absolute_size (canvas->font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, canvas->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Shows @layout with its top left at (@x, @y), when drawing. */
static void
sim_document_canvas_show (SimDocumentCanvas *canvas, PangoLayout *layout, double x, double y)
{
  if (canvas->cr == NULL)
    return;
  cairo_move_to (canvas->cr, x, y);
  pango_cairo_show_layout (canvas->cr, layout);
}

/* The logical size of @layout in points. */
static void
sim_document_canvas_measure (PangoLayout *layout, double *width, double *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

/* Draws text in a box, aligned (0 width: natural), and returns its height. */
double
sim_document_canvas_text (SimDocumentCanvas *canvas, const char *text, double size, double x, double y, double width,
                          PangoAlignment alignment)
{
  g_autoptr (PangoLayout) layout = sim_document_canvas_layout (canvas, text, size);
  double height = 0;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, alignment);
    }
  sim_document_canvas_measure (layout, NULL, &height);
  sim_document_canvas_show (canvas, layout, x, y);
  return height;
}

/* Fits text into a box: the natural size if it fits, else one line down to four fifths of it,
 * else wrapped lines at the largest size whose height fits (never below 5 points). */
void
sim_document_canvas_fit (SimDocumentCanvas *canvas, const char *text, double size, double x, double y, double width,
                         double height, PangoAlignment alignment)
{
  g_autoptr (PangoLayout) layout = sim_document_canvas_layout (canvas, text, size);
  double natural = 0, text_height = 0;

  if (text[0] == '\0' || width <= 0)
    return;
  sim_document_canvas_measure (layout, &natural, &text_height);
  if (natural > width && natural * 0.8 <= width)
    {
      g_object_unref (layout);
      layout = sim_document_canvas_layout (canvas, text, size * width / natural);
    }
  else if (natural > width)
    {
      for (double s = size * 0.8; s >= 5.0; s -= 0.5)
        {
          g_object_unref (layout);
          layout = sim_document_canvas_layout (canvas, text, s);
          pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          sim_document_canvas_measure (layout, NULL, &text_height);
          if (text_height <= height - 2)
            break;
        }
    }
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  sim_document_canvas_measure (layout, NULL, &text_height);
  sim_document_canvas_show (canvas, layout, x, y + (height - text_height) / 2);
}

/* Strokes a thin box. */
void
sim_document_canvas_box (SimDocumentCanvas *canvas, double x, double y, double width, double height)
{
  if (canvas->cr == NULL)
    return;
  cairo_set_line_width (canvas->cr, THIN_LINE);
  cairo_rectangle (canvas->cr, x, y, width, height);
  cairo_stroke (canvas->cr);
}

/* Draws a shaded label cell; two or three characters are spaced out as forms print them. */
void
sim_document_canvas_label (SimDocumentCanvas *canvas, const char *label, double x, double y, double width,
                           double height)
{
  g_autoptr (PangoLayout) layout = NULL;
  glong length = g_utf8_strlen (label, -1);
  double size = SIM_DOCUMENT_LABEL_SIZE;
  double spacing = length == 2 ? size : length == 3 ? size / 2 : 0;
  double text_height = 0;

  if (canvas->cr != NULL)
    {
      cairo_save (canvas->cr);
      cairo_set_source_rgb (canvas->cr, 0.93, 0.93, 0.93);
      cairo_rectangle (canvas->cr, x, y, width, height);
      cairo_fill (canvas->cr);
      cairo_restore (canvas->cr);
    }
  sim_document_canvas_box (canvas, x, y, width, height);
  if (length * size + (length - 1) * spacing > width - 8)
    {
      sim_document_canvas_fit (canvas, label, size, x + 3, y, width - 6, height, PANGO_ALIGN_CENTER);
      return;
    }
  layout = sim_document_canvas_layout (canvas, label, size);
  if (spacing > 0)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_letter_spacing_new ((int) (spacing * PANGO_SCALE)));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  sim_document_canvas_measure (layout, NULL, &text_height);
  sim_document_canvas_show (canvas, layout, x, y + (height - text_height) / 2);
}

/* Formats a date the way this document prints dates. */
char *
sim_document_canvas_date (SimDocumentCanvas *canvas, SimDay day)
{
  char *text;

  if (day.year == 0)
    return g_strdup ("");
  if (canvas->document->western_dates)
    text = sim_wareki_format_western (day.year, day.month, day.day);
  else
    text = sim_wareki_format (day.year, day.month, day.day);
  return text != NULL ? text : g_strdup_printf ("%d年%d月%d日", day.year, day.month, day.day);
}

/* Draws what every page carries at its top: 発行番号 and the title; then the form's heading. */
static void
sim_document_canvas_begin_page (SimDocumentCanvas *canvas)
{
  const SimDocument *document = canvas->document;
  g_autofree char *number = g_strdup_printf ("発行番号　第%06" G_GINT64_FORMAT "号", document->issue_number);
  gboolean frame_open = canvas->frame_open;

  canvas->page++;
  canvas->frame_open = FALSE;
  if (canvas->cr != NULL)
    {
      cairo_set_source_rgb (canvas->cr, 1, 1, 1);
      cairo_paint (canvas->cr);
      cairo_set_source_rgb (canvas->cr, 0, 0, 0);
    }
  sim_document_canvas_text (canvas, number, 9, SIM_DOCUMENT_MARGIN, HEADER_NUMBER_Y, SIM_DOCUMENT_CONTENT_WIDTH,
                            PANGO_ALIGN_RIGHT);
  sim_document_canvas_text (canvas, canvas->form->title, TITLE_SIZE, SIM_DOCUMENT_MARGIN, TITLE_Y,
                            SIM_DOCUMENT_CONTENT_WIDTH, PANGO_ALIGN_CENTER);
  canvas->y = BODY_TOP;
  canvas->page_top = BODY_TOP;
  if (canvas->form->draw_heading != NULL)
    canvas->form->draw_heading (canvas);
  canvas->page_top = canvas->y;
  canvas->frame_open = frame_open;
  if (frame_open)
    {
      canvas->frame_top = canvas->y;
      if (canvas->frame_label_width > 0)
        canvas->y += SECTION_PADDING;
    }
}

/* Draws the page number (when there are several pages) and the footer, and ends the page. */
static void
sim_document_canvas_end_page (SimDocumentCanvas *canvas)
{
  if (canvas->cr == NULL)
    return;
  if (canvas->n_pages > 1)
    {
      g_autofree char *page_number = g_strdup_printf ("%d／%d", canvas->page, canvas->n_pages);

      sim_document_canvas_text (canvas, page_number, 10, SIM_DOCUMENT_MARGIN, PAGE_NUMBER_Y, SIM_DOCUMENT_CONTENT_WIDTH,
                                PANGO_ALIGN_CENTER);
    }
  cairo_save (canvas->cr);
  cairo_set_source_rgb (canvas->cr, 0.4, 0.4, 0.4);
  sim_document_canvas_text (canvas, footer_note, 7, SIM_DOCUMENT_MARGIN, FOOTER_Y, SIM_DOCUMENT_CONTENT_WIDTH,
                            PANGO_ALIGN_CENTER);
  cairo_restore (canvas->cr);
  cairo_show_page (canvas->cr);
}

/* Strokes the open frame's part on this page: the label column shaded and ruled, a thick outline. */
static void
sim_document_canvas_close_frame (SimDocumentCanvas *canvas)
{
  cairo_t *cr = canvas->cr;
  double top = canvas->frame_top;
  double height;

  if (canvas->frame_label_width > 0)
    canvas->y += SECTION_PADDING;
  height = canvas->y - top;
  if (cr == NULL || height <= SECTION_PADDING * 2)
    return;
  cairo_save (cr);
  if (canvas->frame_label_width > 0)
    {
      /* shaded after its text was drawn, so multiplied: black stays black */
      cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
      cairo_rectangle (cr, canvas->x, top, canvas->frame_label_width, height);
      cairo_fill (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, THIN_LINE);
      cairo_move_to (cr, canvas->x + canvas->frame_label_width, top);
      cairo_rel_line_to (cr, 0, height);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, THICK_LINE);
  cairo_rectangle (cr, canvas->x, top, canvas->width, height);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Ends the page and starts the next, carrying an open frame over. */
void
sim_document_canvas_break (SimDocumentCanvas *canvas)
{
  if (canvas->frame_open)
    sim_document_canvas_close_frame (canvas);
  sim_document_canvas_end_page (canvas);
  sim_document_canvas_begin_page (canvas);
}

/* Breaks the page unless @height fits; a block taller than a page starts at the top of one. */
void
sim_document_canvas_need (SimDocumentCanvas *canvas, double height)
{
  if (canvas->y + height > BODY_BOTTOM && canvas->y > canvas->page_top)
    sim_document_canvas_break (canvas);
}

/* Opens a frame at the cursor. */
void
sim_document_canvas_frame_begin (SimDocumentCanvas *canvas, double label_width)
{
  g_return_if_fail (!canvas->frame_open);

  canvas->frame_open = TRUE;
  canvas->frame_top = canvas->y;
  canvas->frame_label_width = label_width;
  if (label_width > 0)
    canvas->y += SECTION_PADDING;
}

/* Closes the open frame. */
void
sim_document_canvas_frame_end (SimDocumentCanvas *canvas)
{
  g_return_if_fail (canvas->frame_open);

  sim_document_canvas_close_frame (canvas);
  canvas->frame_open = FALSE;
}

/* Draws a row of label and value cells; the last value cell reaches the right edge. */
void
sim_document_canvas_row (SimDocumentCanvas *canvas, double height, const SimDocumentField *fields, guint n_fields)
{
  double x = canvas->x;
  double right = canvas->x + canvas->width;

  sim_document_canvas_need (canvas, height);
  for (guint i = 0; i < n_fields; i++)
    {
      const SimDocumentField *field = &fields[i];
      double width;

      if (field->label != NULL)
        {
          double label_width = field->label_width > 0 ? field->label_width : SIM_DOCUMENT_LABEL_WIDTH;

          sim_document_canvas_label (canvas, field->label, x, canvas->y, label_width, height);
          x += label_width;
        }
      width = field->width > 0 && i + 1 < n_fields ? field->width : right - x;
      sim_document_canvas_box (canvas, x, canvas->y, width, height);
      if (field->kana != NULL)
        {
          sim_document_canvas_fit (canvas, field->kana, 7, x + 8, canvas->y + 2, width - 16, 9, PANGO_ALIGN_LEFT);
          if (field->value != NULL)
            sim_document_canvas_fit (canvas, field->value, canvas->value_size + 2.5, x + 8, canvas->y + 10, width - 16,
                                     height - 11, PANGO_ALIGN_LEFT);
        }
      else if (field->value != NULL)
        sim_document_canvas_fit (canvas, field->value, canvas->value_size, x + 8, canvas->y, width - 16, height,
                                 field->align_right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      x += width;
    }
  canvas->y += height;
}

/* Draws one line of an open section. */
void
sim_document_canvas_line (SimDocumentCanvas *canvas, const char *label, gboolean boxed, const char *text)
{
  double label_width = canvas->frame_label_width;
  double height = SIM_DOCUMENT_LINE_HEIGHT;
  double text_x = canvas->x + label_width + 10;

  g_return_if_fail (canvas->frame_open && label_width > 0);

  sim_document_canvas_need (canvas, height);
  if (label != NULL && boxed)
    {
      g_autoptr (PangoLayout) layout = sim_document_canvas_layout (canvas, label, SIM_DOCUMENT_VALUE_SIZE);
      double width = 0, text_height = 0;

      sim_document_canvas_measure (layout, &width, &text_height);
      sim_document_canvas_show (canvas, layout, canvas->x + 12, canvas->y + (height - text_height) / 2);
      if (canvas->cr != NULL)
        {
          cairo_set_line_width (canvas->cr, 1.0);
          cairo_rectangle (canvas->cr, canvas->x + 8, canvas->y + 1, width + 8, height - 2);
          cairo_stroke (canvas->cr);
        }
    }
  else if (label != NULL)
    sim_document_canvas_fit (canvas, label, SIM_DOCUMENT_LABEL_SIZE + 0.5, canvas->x + 8, canvas->y, label_width - 12,
                             height, PANGO_ALIGN_LEFT);
  if (text != NULL)
    sim_document_canvas_fit (canvas, text, SIM_DOCUMENT_VALUE_SIZE, text_x, canvas->y,
                             canvas->x + canvas->width - text_x - 8, height, PANGO_ALIGN_LEFT);
  canvas->y += height;
}

/* Rules across the open section. */
void
sim_document_canvas_rule (SimDocumentCanvas *canvas)
{
  if (canvas->y <= canvas->frame_top + SECTION_PADDING + 0.5)
    return;
  sim_document_canvas_need (canvas, SECTION_PADDING * 2 + SIM_DOCUMENT_LINE_HEIGHT);
  if (canvas->y <= canvas->frame_top + SECTION_PADDING + 0.5)
    return;
  canvas->y += SECTION_PADDING;
  if (canvas->cr != NULL)
    {
      cairo_set_line_width (canvas->cr, THIN_LINE);
      cairo_move_to (canvas->cr, canvas->x, canvas->y);
      cairo_rel_line_to (canvas->cr, canvas->width, 0);
      cairo_stroke (canvas->cr);
    }
  canvas->y += SECTION_PADDING;
}

/* Splits a seal's words into characters, each with the selectors and marks that follow it. */
static GPtrArray *
sim_document_seal_characters (const char *text)
{
  GPtrArray *characters = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;

      p = g_utf8_next_char (p);
      while (*p != '\0' && (g_unichar_ismark (g_utf8_get_char (p)) || g_utf8_get_char (p) == 0x200D))
        p = g_utf8_next_char (p);
      if (!g_unichar_isspace (g_utf8_get_char (start)))
        g_ptr_array_add (characters, g_strndup (start, p - start));
    }
  return characters;
}

/* Adds the outline of one seal character stretched to fill its cell to the current path. */
static void
sim_document_seal_character (SimDocumentCanvas *canvas, const char *character, double x, double y, double width,
                             double height)
{
  g_autoptr (PangoLayout) layout = sim_document_canvas_layout (canvas, character, MIN (width, height));
  PangoRectangle logical;
  double scale_x, scale_y;

  pango_layout_get_extents (layout, NULL, &logical);
  if (logical.width <= 0 || logical.height <= 0)
    return;
  scale_x = width / ((double) logical.width / PANGO_SCALE);
  scale_y = height / ((double) logical.height / PANGO_SCALE);
  /* seal characters are squeezed to their cells, but not beyond recognition */
  scale_x = MIN (scale_x, scale_y * 1.4);
  scale_y = MIN (scale_y, scale_x * 1.6);
  cairo_save (canvas->cr);
  cairo_translate (canvas->cr, x + (width - scale_x * logical.width / PANGO_SCALE) / 2,
                   y + (height - scale_y * logical.height / PANGO_SCALE) / 2);
  cairo_scale (canvas->cr, scale_x, scale_y);
  cairo_move_to (canvas->cr, (double) -logical.x / PANGO_SCALE, (double) -logical.y / PANGO_SCALE);
  pango_cairo_layout_path (canvas->cr, layout);
  cairo_restore (canvas->cr);
}

/* Fills the square (@x, @y, @side) with @characters in columns of at most three, read top to
 * bottom, right to left, the first columns taking one more when they do not divide evenly. */
static void
sim_document_seal_characters_fill (SimDocumentCanvas *canvas, GPtrArray *characters, double x, double y, double side)
{
  guint n = characters->len;
  guint columns = (n + 2) / 3;
  guint next = 0;
  double column_width;

  if (n == 0)
    return;
  column_width = side / columns;
  for (guint column = 0; column < columns; column++)
    {
      guint count = n / columns + (column < n % columns ? 1 : 0);
      double cell_height = side / count;
      double cell_width = MIN (column_width, cell_height * 1.6);
      double cell_x = x + side - (column + 1) * column_width + (column_width - cell_width) / 2;

      for (guint row = 0; row < count; row++, next++)
        sim_document_seal_character (canvas, characters->pdata[next], cell_x, y + row * cell_height, cell_width,
                                     cell_height);
    }
  cairo_fill (canvas->cr);
}

/* Draws a round seal impression: a ring and the characters inside. */
void
sim_document_canvas_round_seal (SimDocumentCanvas *canvas, const char *text, double cx, double cy, double radius)
{
  g_autoptr (GPtrArray) characters = NULL;
  double inner = radius * 1.3;

  if (canvas->cr == NULL)
    return;
  characters = sim_document_seal_characters (text);
  cairo_save (canvas->cr);
  sim_document_canvas_set_seal_ink (canvas->cr);
  cairo_set_line_width (canvas->cr, radius * 0.08);
  cairo_new_path (canvas->cr);
  cairo_arc (canvas->cr, cx, cy, radius * 0.96, 0, 2 * G_PI);
  cairo_stroke (canvas->cr);
  sim_document_seal_characters_fill (canvas, characters, cx - inner / 2, cy - inner / 2, inner);
  cairo_restore (canvas->cr);
}

/* Draws a square seal: a heavy border and the words in columns. */
void
sim_document_canvas_square_seal (SimDocumentCanvas *canvas, const char *text, double cx, double cy, double side)
{
  g_autoptr (GPtrArray) characters = NULL;
  double inset = side * 0.12;

  if (canvas->cr == NULL)
    return;
  characters = sim_document_seal_characters (text);
  cairo_save (canvas->cr);
  sim_document_canvas_set_seal_ink (canvas->cr);
  cairo_set_line_width (canvas->cr, side * 0.05);
  cairo_rectangle (canvas->cr, cx - side / 2 + side * 0.025, cy - side / 2 + side * 0.025, side * 0.95, side * 0.95);
  cairo_stroke (canvas->cr);
  sim_document_seal_characters_fill (canvas, characters, cx - side / 2 + inset, cy - side / 2 + inset,
                                     side - 2 * inset);
  cairo_restore (canvas->cr);
}

/* Draws the certification at @top: the form's sentence, the date of issue, the mayor and the seal. */
static void
sim_document_canvas_certify (SimDocumentCanvas *canvas, double top)
{
  const SimDocument *document = canvas->document;
  g_autofree char *issued = sim_document_canvas_date (canvas, document->issued_on);
  g_autofree char *mayor = g_strdup_printf ("%s　%s", document->mayor_title != NULL ? document->mayor_title : "",
                                            document->mayor_name != NULL ? document->mayor_name : "");
  g_autoptr (PangoLayout) layout = NULL;
  double mayor_y = top + 72;
  double mayor_right = SIM_DOCUMENT_MARGIN + SIM_DOCUMENT_CONTENT_WIDTH - SEAL_SIDE * 0.75;
  double width = 0, height = 0;

  sim_document_canvas_text (canvas, canvas->form->sentence, 12, SIM_DOCUMENT_MARGIN + 12, top,
                            SIM_DOCUMENT_CONTENT_WIDTH - 12, PANGO_ALIGN_LEFT);
  sim_document_canvas_text (canvas, issued, 11.5, SIM_DOCUMENT_MARGIN + 36, top + 32, 0, PANGO_ALIGN_LEFT);

  layout = sim_document_canvas_layout (canvas, mayor, 15);
  sim_document_canvas_measure (layout, &width, &height);
  sim_document_canvas_show (canvas, layout, mayor_right - width, mayor_y);
  /* the 公印 overlaps the end of the mayor's name, as it is stamped */
  if (document->seal_text != NULL)
    sim_document_canvas_square_seal (canvas, document->seal_text, mayor_right + SEAL_SIDE * 0.25, mayor_y + height / 2,
                                     SEAL_SIDE);
}

/* Draws the whole document page by page. */
int
sim_document_canvas_draw (SimDocumentCanvas *canvas)
{
  double top;

  canvas->page = 0;
  canvas->x = SIM_DOCUMENT_MARGIN;
  canvas->width = SIM_DOCUMENT_CONTENT_WIDTH;
  canvas->value_size = SIM_DOCUMENT_VALUE_SIZE;
  canvas->frame_open = FALSE;
  if (canvas->cr != NULL)
    {
      cairo_set_line_join (canvas->cr, CAIRO_LINE_JOIN_MITER);
      cairo_set_line_width (canvas->cr, THIN_LINE);
    }
  sim_document_canvas_begin_page (canvas);
  canvas->form->draw_body (canvas);
  if (canvas->frame_open)
    sim_document_canvas_frame_end (canvas);

  /* 「以下余白」 closes the records right under the last one: it may use the page's foot */
  if (canvas->y + 14 > PAGE_NUMBER_Y - 2)
    sim_document_canvas_break (canvas);
  sim_document_canvas_text (canvas, "以下余白", 9.5, SIM_DOCUMENT_MARGIN, canvas->y + 3, SIM_DOCUMENT_CONTENT_WIDTH - 8,
                            PANGO_ALIGN_RIGHT);
  canvas->y += 18;

  if (canvas->y + CERTIFICATION_GAP + CERTIFICATION_HEIGHT > BODY_BOTTOM)
    sim_document_canvas_break (canvas);
  top = MAX (canvas->y + CERTIFICATION_GAP, BODY_BOTTOM - CERTIFICATION_HEIGHT);
  sim_document_canvas_certify (canvas, top);
  sim_document_canvas_end_page (canvas);
  return canvas->page;
}
