/* test-document-covers.c: which names and addresses IPAmj明朝 prints as themselves
 * (sim_document_font_covers): plain text, MJ characters and every variation sequence the font
 * has, and what it lacks — legacy 外字, unknown selectors, characters of other scripts. */
#include <hb.h>

#include "tests/municipal/document/document-fixture.h"
#include "tests/municipal/document/test-document-covers.h"

/* harfbuzz declares no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_blob_t, hb_blob_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_face_t, hb_face_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (hb_font_t, hb_font_destroy)

#define IPAMJ_FILE "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"

/* Plain names and addresses are covered. */
static void
test_covers_plain (void)
{
  const char *const texts[] = {
    "山田　花子", "やまだ　はなこ", "シルバ　マリア", "みどり県みどり市桜台三丁目4番5号 さくらハイツ201号", "A-000001",
    "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *missing = NULL;

      if (!sim_document_font_covers (texts[i], &missing))
        g_error ("「%s」 not covered: 「%s」 missing", texts[i], missing);
      g_assert_null (missing);
    }
}

/* Every variation sequence IPAmj明朝 has for these characters, and its MJ-only code points. */
static void
test_covers_mj (void)
{
  static const struct
  {
    gunichar base;
    gunichar first, last;
  } sequences[] = {
    { 0x8FBB, 0xE0102, 0xE0103 }, /* 辻 */
    { 0x9089, 0xE010F, 0xE011D }, /* 邉 */
    { 0x908A, 0xE0108, 0xE0112 }, /* 邊 */
    { 0x845B, 0xE0102, 0xE0108 }, /* 葛 */
    { 0x9F4B, 0xE0102, 0xE0106 }, /* 齋 */
    { 0x6FF5, 0xE0101, 0xE0102 }, /* 濵 */
    { 0x6FA4, 0xE0101, 0xE0103 }, /* 澤 */
    { 0x8FBA, 0xE0101, 0xE0102 }, /* 辺 */
  };
  const char *const plain[] = { "𠮷", "﨑", "髙", "德", "桒", WATANABE "　健", TSUJI "本　" YOSHIDA };

  for (gsize i = 0; i < G_N_ELEMENTS (sequences); i++)
    for (gunichar selector = sequences[i].first; selector <= sequences[i].last; selector++)
      {
        g_autofree char *missing = NULL;
        char text[16] = { 0 };
        int length = g_unichar_to_utf8 (sequences[i].base, text);

        g_unichar_to_utf8 (selector, text + length);
        if (!sim_document_font_covers (text, &missing))
          g_error ("U+%04X U+%05X not covered: 「%s」", sequences[i].base, selector, missing);
      }
  for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *missing = NULL;

      if (!sim_document_font_covers (plain[i], &missing))
        g_error ("「%s」 not covered: 「%s」 missing", plain[i], missing);
    }
}

/* A legacy 外字 in the private use area is missing, and named. */
static void
test_covers_private_use (void)
{
  g_autofree char *missing = NULL;
  g_autofree char *alone = NULL;

  g_assert_false (sim_document_font_covers ("\uE001藤　一", &missing));
  g_assert_cmpstr (missing, ==, "\uE001");
  g_assert_false (sim_document_font_covers ("山田\uE000", &alone));
  g_assert_cmpstr (alone, ==, "\uE000");
}

/* A selector the font has no sequence for would print as the bare base: missing, as a pair. */
static void
test_covers_unknown_selector (void)
{
  g_autoptr (hb_blob_t) blob = hb_blob_create_from_file_or_fail (IPAMJ_FILE);
  g_autoptr (hb_face_t) face = NULL;
  g_autoptr (hb_font_t) font = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *second = NULL;
  hb_codepoint_t glyph;

  /* the font itself says it has no 山 U+E0105, but has 辻 U+E0102 */
  g_assert_nonnull (blob);
  face = hb_face_create (blob, 0);
  font = hb_font_create (face);
  g_assert_false (hb_font_get_variation_glyph (font, 0x5C71, 0xE0105, &glyph));
  g_assert_true (hb_font_get_variation_glyph (font, 0x8FBB, 0xE0102, &glyph));

  g_assert_false (sim_document_font_covers ("山\U000E0105田", &missing));
  g_assert_cmpstr (missing, ==, "山\U000E0105");
  g_assert_false (sim_document_font_covers (TSUJI "　山\U000E0105", &second));
  g_assert_cmpstr (second, ==, "山\U000E0105");
}

/* Characters IPAmj明朝 lacks (another font would print them) and bytes that are not text. */
static void
test_covers_fallback (void)
{
  g_autofree char *arabic = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *stray = NULL;

  g_assert_false (sim_document_font_covers ("山田١", &arabic));
  g_assert_cmpstr (arabic, ==, "١");
  g_assert_false (sim_document_font_covers ("山\xff", &invalid));
  g_assert_nonnull (invalid);
  g_assert_false (sim_document_font_covers ("\U000E0102山", &stray));
  g_assert_cmpstr (stray, ==, "\U000E0102");
  g_assert_false (sim_document_font_covers ("山\t田", NULL));
}

/* Adds the tests of sim_document_font_covers(). */
void
add_covers_tests (void)
{
  g_test_add_func ("/document/covers/plain", test_covers_plain);
  g_test_add_func ("/document/covers/mj", test_covers_mj);
  g_test_add_func ("/document/covers/private-use", test_covers_private_use);
  g_test_add_func ("/document/covers/unknown-selector", test_covers_unknown_selector);
  g_test_add_func ("/document/covers/fallback", test_covers_fallback);
}
