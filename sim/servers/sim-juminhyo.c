/* sim-juminhyo.c: lays out the 住民票の写し with cairo and pango on an A4 PDF page. */
#include "sim/servers/sim-juminhyo.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "sim/servers/sim-error.h"
#include "sim/servers/sim-wareki.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

#define PAGE_WIDTH 595.28  /* A4 in points */
#define PAGE_HEIGHT 841.89
#define MARGIN 56.0
#define LABEL_WIDTH 130.0
#define ROW_HEIGHT 34.0
#define FONT "IPAMincho"

/* Appends what cairo writes to a GByteArray. */
static cairo_status_t
sim_juminhyo_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @text at (@x, @y) in @size-pixel Mincho, aligned within @width (0: natural), and returns
 * its height. Sizes are in device units, which on a PDF surface are points. */
static double
sim_juminhyo_text (cairo_t *cr, double size, const char *text, double x, double y, double width,
                   PangoAlignment alignment)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string (FONT);
  int height = 0;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_alignment (layout, alignment);
    }
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Draws one bordered row of the record: a label cell and a value cell, text vertically centred. */
static void
sim_juminhyo_row (cairo_t *cr, double y, double height, const char *label, const char *value)
{
  double value_x = MARGIN + LABEL_WIDTH;
  double value_width = PAGE_WIDTH - 2 * MARGIN - LABEL_WIDTH;

  cairo_rectangle (cr, MARGIN, y, LABEL_WIDTH, height);
  cairo_rectangle (cr, value_x, y, value_width, height);
  cairo_stroke (cr);
  sim_juminhyo_text (cr, 12, label, MARGIN, y + height / 2 - 8, LABEL_WIDTH, PANGO_ALIGN_CENTER);
  if (value != NULL)
    sim_juminhyo_text (cr, 13, value, value_x + 10, y + height - 24, value_width - 20,
                       PANGO_ALIGN_LEFT);
}

/* Draws the name row with its furigana above the name. */
static void
sim_juminhyo_name_row (cairo_t *cr, double y, const SimResident *resident)
{
  g_autofree char *kana = g_strdup_printf ("%s　%s", resident->family_kana, resident->given_kana);
  g_autofree char *name = g_strdup_printf ("%s　%s", resident->family_name, resident->given_name);

  sim_juminhyo_row (cr, y, ROW_HEIGHT + 14, "氏　　名", NULL);
  sim_juminhyo_text (cr, 8, kana, MARGIN + LABEL_WIDTH + 12, y + 5, 0, PANGO_ALIGN_LEFT);
  sim_juminhyo_text (cr, 16, name, MARGIN + LABEL_WIDTH + 10, y + 18, 0, PANGO_ALIGN_LEFT);
}

/* Draws the mayor's seal (公印): a red square with the seal's words, overlapping the signature. */
static void
sim_juminhyo_seal (cairo_t *cr, double x, double y)
{
  const double side = 58;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.80, 0.08, 0.08);
  cairo_set_line_width (cr, 3);
  cairo_rectangle (cr, x, y, side, side);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x + 4, y + 4, side - 8, side - 8);
  cairo_stroke (cr);
  sim_juminhyo_text (cr, 11, "みどり市\n長之印", x, y + 13, side, PANGO_ALIGN_CENTER);
  cairo_restore (cr);
}

/* Draws the whole page. */
static void
sim_juminhyo_draw (cairo_t *cr, const SimMunicipality *municipality, const SimResident *resident,
                   SimDay issued_on, gint64 issue_number)
{
  g_autofree char *number = g_strdup_printf ("発行番号　第%06" G_GINT64_FORMAT "号", issue_number);
  g_autofree char *birth = sim_wareki_format (resident->birth.year, resident->birth.month,
                                              resident->birth.day);
  g_autofree char *moved_in = sim_wareki_format (resident->moved_in.year, resident->moved_in.month,
                                                 resident->moved_in.day);
  g_autofree char *issued = sim_wareki_format (issued_on.year, issued_on.month, issued_on.day);
  g_autofree char *mayor = g_strdup_printf ("%s　%s", municipality->mayor_title,
                                            municipality->mayor_name);
  g_autofree char *birth_line = g_strdup_printf ("%s生", birth != NULL ? birth : "");
  double width = PAGE_WIDTH - 2 * MARGIN;
  double y = MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.8);

  sim_juminhyo_text (cr, 9, number, MARGIN, y, width, PANGO_ALIGN_RIGHT);
  y += 24;
  y += sim_juminhyo_text (cr, 26, "住民票の写し", MARGIN, y, width, PANGO_ALIGN_CENTER) + 24;

  sim_juminhyo_row (cr, y, ROW_HEIGHT, "住　　所", resident->address);
  y += ROW_HEIGHT;
  sim_juminhyo_row (cr, y, ROW_HEIGHT, "世 帯 主", resident->head_name);
  y += ROW_HEIGHT + 12;
  sim_juminhyo_name_row (cr, y, resident);
  y += ROW_HEIGHT + 14;
  sim_juminhyo_row (cr, y, ROW_HEIGHT, "生年月日", birth_line);
  y += ROW_HEIGHT;
  sim_juminhyo_row (cr, y, ROW_HEIGHT, "性　　別", resident->sex);
  y += ROW_HEIGHT;
  sim_juminhyo_row (cr, y, ROW_HEIGHT, "続　　柄", resident->relationship);
  y += ROW_HEIGHT;
  sim_juminhyo_row (cr, y, ROW_HEIGHT, "住民となった年月日", moved_in);
  y += ROW_HEIGHT + 8;
  sim_juminhyo_text (cr, 11, "以下余白", MARGIN, y, width, PANGO_ALIGN_RIGHT);

  y = PAGE_HEIGHT - 300;
  sim_juminhyo_text (cr, 14, "この写しは、住民票の原本と相違ないことを証明する。", MARGIN + 20, y, 0,
                     PANGO_ALIGN_LEFT);
  y += 40;
  sim_juminhyo_text (cr, 13, issued != NULL ? issued : "", MARGIN + 40, y, 0, PANGO_ALIGN_LEFT);
  y += 50;
  sim_juminhyo_text (cr, 16, mayor, MARGIN, y, width - 80, PANGO_ALIGN_RIGHT);
  sim_juminhyo_seal (cr, PAGE_WIDTH - MARGIN - 70, y - 20);

  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  sim_juminhyo_text (cr, 8,
                     "試験用の模擬証明書です。記載の自治体・人物は架空のものです。"
                     "（kiosk reference world）",
                     MARGIN, PAGE_HEIGHT - MARGIN, width, PANGO_ALIGN_CENTER);
}

/* Renders the page into PDF bytes. */
GBytes *
sim_juminhyo_render (const SimMunicipality *municipality, const SimResident *resident,
                     SimDay issued_on, gint64 issue_number, const char *issued_at, GError **error)
{
  g_autoptr (GByteArray) pdf = g_byte_array_new ();
  g_autoptr (cairo_surface_t) surface =
    cairo_pdf_surface_create_for_stream (sim_juminhyo_write, pdf, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_status_t status;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "住民票の写し");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "kiosk-sim-municipal");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, issued_at);
  {
    g_autoptr (cairo_t) cr = cairo_create (surface);

    sim_juminhyo_draw (cr, municipality, resident, issued_on, issue_number);
    cairo_show_page (cr);
    status = cairo_status (cr);
  }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cairo: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
