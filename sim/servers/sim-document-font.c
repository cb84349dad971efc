/* sim-document-font.c: whether a name or an address prints as itself in IPAmj明朝 — shaped by
 * pango and harfbuzz exactly as the renderer shapes it, so what passes here prints. */
#include "sim/servers/sim-document.h"

#include <hb.h>
#include <pango/pangocairo.h>

#include "sim/servers/sim-document-private.h"

/* TRUE for a variation selector: standardized (U+FE00–FE0F) or ideographic (U+E0100–E01EF). */
static gboolean
sim_document_font_is_selector (gunichar c)
{
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF);
}

/* TRUE for what no font may stand for on a certificate: legacy 外字 in the private use areas, and
 * control characters other than a line break. */
static gboolean
sim_document_font_is_unprintable (gunichar c)
{
  if (g_unichar_type (c) == G_UNICODE_PRIVATE_USE)
    return TRUE;
  return c != '\n' && g_unichar_iscntrl (c);
}

/* Keeps the smaller of two byte offsets, -1 meaning none. */
static void
sim_document_font_note (gssize *first, gssize offset)
{
  if (*first < 0 || offset < *first)
    *first = offset;
}

/* The first offset in @run's text that does not print as itself in SIM_DOCUMENT_FONT, or -1. */
static gssize
sim_document_font_check_run (const char *text, const PangoGlyphItem *run)
{
  const PangoItem *item = run->item;
  g_autoptr (PangoFontDescription) description = pango_font_describe (item->analysis.font);
  const char *family = pango_font_description_get_family (description);
  const char *end = text + item->offset + item->length;
  hb_font_t *hb_font;
  gunichar base = 0;
  gssize base_offset = -1;
  gssize first = -1;

  /* pango fell back to another font for this run: it would print, but not in IPAmj明朝 */
  if (family == NULL || g_ascii_strcasecmp (family, SIM_DOCUMENT_FONT) != 0)
    return item->offset;

  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
      gssize offset = item->offset + run->glyphs->log_clusters[i];
      gunichar c = g_utf8_get_char (text + offset);

      /* an empty glyph is what harfbuzz leaves for a selector (checked below) or a line break */
      if (glyph == PANGO_GLYPH_EMPTY && (sim_document_font_is_selector (c) || g_unichar_isspace (c)))
        continue;
      if (glyph == 0 || glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0)
        sim_document_font_note (&first, offset);
    }

  /* a variation sequence the font's cmap (format 14) lacks would print as its base character */
  hb_font = pango_font_get_hb_font (item->analysis.font);
  if (item->offset > 0)
    {
      const char *previous = g_utf8_find_prev_char (text, text + item->offset);

      base = g_utf8_get_char (previous);
      base_offset = previous - text;
    }
  for (const char *p = text + item->offset; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      hb_codepoint_t glyph;

      if (!sim_document_font_is_selector (c))
        {
          base = c;
          base_offset = p - text;
          continue;
        }
      if (base == 0 || sim_document_font_is_selector (base) || g_unichar_isspace (base))
        sim_document_font_note (&first, p - text);
      else if (!hb_font_get_variation_glyph (hb_font, base, c, &glyph))
        sim_document_font_note (&first, base_offset);
      base = c;
    }
  return first;
}

/* The character at @offset of @text with the selectors that follow it. */
static char *
sim_document_font_sequence_at (const char *text, gssize offset)
{
  const char *start = text + offset;
  const char *end = g_utf8_next_char (start);

  while (*end != '\0' && sim_document_font_is_selector (g_utf8_get_char (end)))
    end = g_utf8_next_char (end);
  return g_strndup (start, end - start);
}

/* Shapes @text as the renderer would and looks for anything that would not print as itself. */
gboolean
sim_document_font_covers (const char *text, char **missing)
{
  PangoContext *context;
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (PangoFontDescription) font = NULL;
  PangoLayoutIter *iter;
  gssize first = -1;

  g_return_val_if_fail (text != NULL, FALSE);

  if (missing != NULL)
    *missing = NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      if (missing != NULL)
        *missing = g_strdup ("\xEF\xBF\xBD"); /* U+FFFD: the bytes are not text at all */
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (sim_document_font_is_unprintable (g_utf8_get_char (p)))
      {
        first = p - text;
        break;
      }

  /* a context of this call on this thread's font map: nothing shared between threads */
  context = sim_document_context_new ();
  layout = pango_layout_new (context);
  font = pango_font_description_from_string (SIM_DOCUMENT_FONT);
  pango_font_description_set_absolute_size (font, 12 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);

  iter = pango_layout_get_iter (layout);
  do
    {
      const PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);
      gssize offset;

      if (run == NULL)
        continue;
      offset = sim_document_font_check_run (text, run);
      if (offset >= 0)
        sim_document_font_note (&first, offset);
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  g_clear_object (&layout);
  g_object_unref (context);

  if (first < 0)
    return TRUE;
  if (missing != NULL)
    *missing = sim_document_font_sequence_at (text, first);
  return FALSE;
}
