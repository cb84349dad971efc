/* test-document.c: the six certificates as PDF (sim-document.h), read back with poppler: what each
 * form prints for each option, its pages, its fonts and metadata, rendering from two threads at
 * once, PNGs of each form to look at, and render times. Every person here is invented. */
#include <cairo.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "sim/servers/sim-wareki.h"
#include "tests/municipal/document/document-fixture.h"
#include "tests/municipal/document/test-document-covers.h"

/* What every certificate carries: the title, the sentence, 発行番号, the date and the mayor. */
static void
assert_certified (const Rendered *rendered, const char *title, const char *sentence, const char *number)
{
  const char *last = rendered->pages->pdata[rendered->pages->len - 1];

  for (guint i = 0; i < rendered->pages->len; i++)
    {
      assert_printed (rendered->pages->pdata[i], title);
      assert_printed (rendered->pages->pdata[i], number);
    }
  assert_printed (last, sentence);
  assert_printed (last, "令和8年11月23日");
  assert_printed (last, "みどり市長");
  assert_printed (last, "緑川　一郎");
  assert_printed (rendered->text, "以下余白");
  assert_printed (rendered->text, "架空");
}

/* The protocol's names of the types, both ways. */
static void
test_type_names (void)
{
  SimDocumentType type = SIM_DOCUMENT_N_TYPES;

  g_assert_cmpstr (sim_document_type_name (SIM_DOCUMENT_JUMINHYO), ==, "juminhyo");
  g_assert_cmpstr (sim_document_type_name (SIM_DOCUMENT_FUHYO), ==, "fuhyo");
  g_assert_null (sim_document_type_name (SIM_DOCUMENT_N_TYPES));
  for (guint i = 0; i < SIM_DOCUMENT_N_TYPES; i++)
    {
      g_assert_true (sim_document_type_from_name (sim_document_type_name (i), &type));
      g_assert_cmpint (type, ==, i);
    }
  g_assert_false (sim_document_type_from_name ("passport", &type));
  g_assert_false (sim_document_type_from_name (NULL, &type));
}

/* 和暦, with and without the Western year, and years named by their era. */
static void
test_wareki (void)
{
  g_autofree char *plain = sim_wareki_format (2026, 11, 23);
  g_autofree char *western = sim_wareki_format_western (2026, 11, 23);
  g_autofree char *first = sim_wareki_format_western (2019, 5, 1);
  g_autofree char *heisei = sim_wareki_format (2019, 4, 30);
  g_autofree char *year = sim_wareki_format_year (2019);
  g_autofree char *showa = sim_wareki_format_year (1985);

  g_assert_cmpstr (plain, ==, "令和8年11月23日");
  g_assert_cmpstr (western, ==, "令和8年（2026年）11月23日");
  g_assert_cmpstr (first, ==, "令和元年（2019年）5月1日");
  g_assert_cmpstr (heisei, ==, "平成31年4月30日");
  g_assert_cmpstr (year, ==, "令和元年");
  g_assert_cmpstr (showa, ==, "昭和60年");
  g_assert_null (sim_wareki_format_western (1868, 1, 1));
}

/* A 住民票の写し of one person prints its record and nothing the options leave out. */
static void
test_juminhyo_plain (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_JUMINHYO);
  g_autoptr (Rendered) rendered = render_text (document);

  g_assert_cmpint (poppler_document_get_n_pages (rendered->pdf), ==, 1);
  assert_certified (rendered, "住民票の写し", "この写しは、住民票の原本と相違ないことを証明する。", "第000123号");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番3号");
  assert_printed (rendered->text, "山田　花子");
  assert_printed (rendered->text, "やまだ　はなこ");
  assert_printed (rendered->text, "昭和60年4月2日生");
  assert_printed (rendered->text, "女");
  assert_printed (rendered->text, "平成27年4月1日");
  assert_printed (rendered->text, "みどり県みどり市青葉町1番地");
  assert_not_printed (rendered->text, "世帯主");
  assert_not_printed (rendered->text, "続柄");
  assert_not_printed (rendered->text, "妻");
  assert_not_printed (rendered->text, "本籍");
  assert_not_printed (rendered->text, "筆頭者");
  assert_not_printed (rendered->text, "個人番号");
  assert_not_printed (rendered->text, "1／1");
  assert_not_printed (rendered->text, "2026年");
}

/* 世帯主・続柄, 本籍・筆頭者 and the My Number appear when asked. */
static void
test_juminhyo_options (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_JUMINHYO);
  SimDocumentPerson *person = document->persons->pdata[0];
  g_autoptr (Rendered) rendered = NULL;

  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  person->my_number = g_strdup ("234567890127");
  rendered = render_text (document);
  assert_printed (rendered->text, "世帯主");
  assert_printed (rendered->text, "山田　太郎");
  assert_printed (rendered->text, "続柄");
  assert_printed (rendered->text, "妻");
  assert_printed (rendered->text, "本籍");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番地");
  assert_printed (rendered->text, "筆頭者");
  assert_printed (rendered->text, "個人番号");
  assert_printed (rendered->text, "234567890127");
}

/* Each option alone brings only its own items. */
static void
test_juminhyo_each_option (void)
{
  g_autoptr (SimDocument) relationship = document_new (SIM_DOCUMENT_JUMINHYO);
  g_autoptr (SimDocument) domicile = document_new (SIM_DOCUMENT_JUMINHYO);
  g_autoptr (Rendered) with_relationship = NULL;
  g_autoptr (Rendered) with_domicile = NULL;

  relationship->show_relationship = TRUE;
  domicile->show_domicile = TRUE;
  with_relationship = render_text (relationship);
  with_domicile = render_text (domicile);
  assert_printed (with_relationship->text, "世帯主");
  assert_printed (with_relationship->text, "妻");
  assert_not_printed (with_relationship->text, "本籍");
  assert_not_printed (with_relationship->text, "筆頭者");
  assert_printed (with_domicile->text, "本籍");
  assert_printed (with_domicile->text, "筆頭者");
  assert_not_printed (with_domicile->text, "世帯主");
  assert_not_printed (with_domicile->text, "続柄");
}

/* A household of nine takes three pages, each numbered, the certification on the last. */
static void
test_juminhyo_household (void)
{
  g_autoptr (SimDocument) document = household_new (9);
  g_autoptr (Rendered) rendered = NULL;

  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  rendered = render_text (document);
  g_assert_cmpint (poppler_document_get_n_pages (rendered->pdf), ==, 3);
  assert_certified (rendered, "住民票の写し", "この写しは、住民票の原本と相違ないことを証明する。", "第004567号");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u／3", i + 1);
      const char *page = rendered->pages->pdata[i];

      assert_printed (page, number);
      assert_printed (page, "みどり県みどり市若葉町一丁目2番3号");
      if (i < 2)
        assert_not_printed (page, "相違ないことを証明する");
    }
  /* four a page, in household order */
  assert_printed (rendered->pages->pdata[0], "山田　太郎");
  assert_printed (rendered->pages->pdata[0], "山田　二郎");
  assert_not_printed (rendered->pages->pdata[0], "山田　三郎");
  assert_printed (rendered->pages->pdata[1], "山田　三郎");
  assert_printed (rendered->pages->pdata[1], "山田　菊");
  assert_printed (rendered->pages->pdata[2], "山田　蘭");
  assert_not_printed (rendered->pages->pdata[2], "山田　菊");
}

/* With every item of every person printed, still at most four people a page, all numbered. */
static void
test_juminhyo_household_every_item (void)
{
  g_autoptr (SimDocument) document = household_new (8);
  g_autoptr (Rendered) rendered = NULL;
  int n_pages;

  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  document->western_dates = TRUE;
  for (guint i = 0; i < document->persons->len; i++)
    {
      SimDocumentPerson *person = document->persons->pdata[i];

      person->previous_address = g_strdup ("みどり県さくら町本町10番地");
      person->my_number = g_strdup_printf ("1234567890%02u", i);
    }
  rendered = render_text (document);
  n_pages = poppler_document_get_n_pages (rendered->pdf);
  g_assert_cmpint (n_pages, >=, 2);
  g_assert_cmpint (n_pages, <=, 3);
  assert_printed (rendered->pages->pdata[0], "山田　二郎");
  assert_printed (rendered->pages->pdata[0], "123456789003");
  assert_not_printed (rendered->pages->pdata[0], "山田　三郎");
  assert_printed (rendered->pages->pdata[1], "山田　三郎");
  assert_printed (rendered->pages->pdata[1], "123456789007");
  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d／%d", i + 1, n_pages);

      assert_printed (rendered->pages->pdata[i], number);
    }
  assert_printed (rendered->pages->pdata[n_pages - 1], "この写しは、住民票の原本と相違ないことを証明する。");
}

/* Western years next to the era when asked, on every date. */
static void
test_western_dates (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_JUMINHYO);
  g_autoptr (Rendered) rendered = NULL;

  document->western_dates = TRUE;
  rendered = render_text (document);
  assert_printed (rendered->text, "令和8年（2026年）11月23日");
  assert_printed (rendered->text, "昭和60年（1985年）4月2日生");
  assert_printed (rendered->text, "平成27年（2015年）4月1日");
}

/* A 住民票記載事項証明書: the one person's items, the toggles' items only when asked. */
static void
test_kisai (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_KISAI);
  g_autoptr (SimDocument) full = document_new (SIM_DOCUMENT_KISAI);
  g_autoptr (Rendered) rendered = render_text (document);
  g_autoptr (Rendered) rendered_full = NULL;

  assert_certified (rendered, "住民票記載事項証明書",
                    "上記の事項は、住民票に記載されている事項と相違ないことを証明する。", "第000123号");
  assert_printed (rendered->text, "山田　花子");
  assert_printed (rendered->text, "昭和60年4月2日生");
  assert_printed (rendered->text, "女");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番3号");
  assert_printed (rendered->text, "平成27年4月1日");
  assert_not_printed (rendered->text, "本籍");
  assert_not_printed (rendered->text, "筆頭者");
  assert_not_printed (rendered->text, "続柄");
  assert_not_printed (rendered->text, "世帯主");

  full->show_domicile = TRUE;
  full->show_relationship = TRUE;
  rendered_full = render_text (full);
  assert_printed (rendered_full->text, "みどり県みどり市若葉町一丁目2番地");
  assert_printed (rendered_full->text, "筆頭者");
  assert_printed (rendered_full->text, "続柄");
  assert_printed (rendered_full->text, "妻");
  assert_printed (rendered_full->text, "世帯主");
}

/* An 印鑑登録証明書: the number and the holder's record. */
static void
test_inkan (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_INKAN);
  g_autoptr (Rendered) rendered = NULL;

  document->seal_number = g_strdup ("A-000001");
  document->seal_impression = g_strdup ("山田");
  rendered = render_text (document);
  assert_certified (rendered, "印鑑登録証明書", "この写しは、登録された印影と相違ないことを証明する。", "第000123号");
  assert_printed (rendered->text, "A-000001");
  assert_printed (rendered->text, "山田　花子");
  assert_printed (rendered->text, "昭和60年4月2日");
  assert_printed (rendered->text, "女");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番3号");
  assert_printed (rendered->text, "印影");
}

/* A 所得・課税証明書: the year in 和暦, the amounts with separators, the taxes by their own names. */
static void
test_zei (void)
{
  g_autoptr (SimDocument) document = document_new (SIM_DOCUMENT_ZEI);
  g_autoptr (SimDocument) town = document_new (SIM_DOCUMENT_ZEI);
  g_autoptr (Rendered) rendered = NULL;
  g_autoptr (Rendered) rendered_town = NULL;
  SimDocumentTax tax = { 2026, 3400000, 2320000, 1150000, 1170000, 70200, 46800 };

  document->tax = tax;
  rendered = render_text (document);
  assert_certified (rendered, "所得・課税証明書", "上記のとおり証明する。", "第000123号");
  assert_printed (rendered->text, "令和8年度");
  assert_printed (rendered->text, "（令和7年分 所得）");
  assert_printed (rendered->text, "山田　花子");
  assert_printed (rendered->text, "昭和60年4月2日");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番3号");
  assert_printed (rendered->text, "給与収入");
  assert_printed (rendered->text, "3,400,000円");
  assert_printed (rendered->text, "合計所得金額");
  assert_printed (rendered->text, "2,320,000円");
  assert_printed (rendered->text, "所得控除額合計");
  assert_printed (rendered->text, "1,150,000円");
  assert_printed (rendered->text, "課税標準額");
  assert_printed (rendered->text, "1,170,000円");
  assert_printed (rendered->text, "市民税");
  assert_printed (rendered->text, "70,200円");
  assert_printed (rendered->text, "県民税");
  assert_printed (rendered->text, "46,800円");

  g_free (town->municipality_name);
  town->municipality_name = g_strdup ("さくら町");
  g_free (town->address);
  town->address = g_strdup ("東京都さくら町本町10番地");
  town->tax = (SimDocumentTax){ 2019, 0, 0, 0, 0, 0, 0 };
  rendered_town = render_text (town);
  assert_printed (rendered_town->text, "町民税");
  assert_printed (rendered_town->text, "都民税");
  assert_printed (rendered_town->text, "0円");
  assert_printed (rendered_town->text, "令和元年度");
  assert_printed (rendered_town->text, "（平成30年分 所得）");
}

/* Asserts what a 戸籍証明書 prints of one member. */
static void
assert_member_printed (const char *text, const SimDocumentMember *member, const char *birth)
{
  g_autofree char *name = g_strdup_printf ("【名】%s", member->given_name);
  g_autofree char *born = g_strdup_printf ("【生年月日】%s", birth);
  g_autofree char *father = g_strdup_printf ("【父】%s", member->father);
  g_autofree char *mother = g_strdup_printf ("【母】%s", member->mother);
  g_autofree char *relationship = g_strdup_printf ("【続柄】%s", member->relationship);

  assert_printed (text, name);
  assert_printed (text, born);
  assert_printed (text, father);
  assert_printed (text, mother);
  assert_printed (text, relationship);
}

/* A 戸籍全部事項証明書: the register and all its people, the removed one marked 除籍. */
static void
test_koseki_whole (void)
{
  g_autoptr (SimDocument) document = register_new (SIM_DOCUMENT_KOSEKI, 3);
  g_autoptr (Rendered) rendered = render_text (document);

  assert_certified (rendered, "戸籍全部事項証明書", "これは、戸籍に記録されている事項の全部を証明した書面である。",
                    "第000123号");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番地");
  assert_printed (rendered->text, "山田　太郎");
  assert_printed (rendered->text, "戸籍事項");
  assert_printed (rendered->text, "戸籍編製");
  assert_printed (rendered->text, "【編製日】平成24年5月20日");
  assert_printed (rendered->text, "戸籍に記録されている者");
  assert_member_printed (rendered->text, document->members->pdata[0], "昭和58年9月12日");
  assert_member_printed (rendered->text, document->members->pdata[1], "昭和60年4月2日");
  assert_member_printed (rendered->text, document->members->pdata[2], "平成11年1月1日");
  assert_printed (rendered->text, "身分事項");
  assert_printed (rendered->text, "昭和58年9月12日 みどり県みどり市で出生");
  assert_printed (rendered->text, "婚姻");
  assert_printed (rendered->text, "令和5年3月1日 みどり県みどり市で死亡");
  assert_printed (rendered->text, "除籍");
}

/* Only removed people are marked 除籍. */
static void
test_koseki_not_removed (void)
{
  g_autoptr (SimDocument) document = register_new (SIM_DOCUMENT_KOSEKI, 1);
  g_autoptr (Rendered) rendered = render_text (document);

  assert_printed (rendered->text, "【名】太郎");
  assert_not_printed (rendered->text, "除籍");
}

/* A 戸籍個人事項証明書: the one person asked for, under its own title and sentence. */
static void
test_koseki_individual (void)
{
  g_autoptr (SimDocument) document = register_new (SIM_DOCUMENT_KOSEKI, 3);
  g_autoptr (Rendered) rendered = NULL;

  document->whole_register = FALSE;
  g_ptr_array_remove_index (document->members, 2);
  g_ptr_array_remove_index (document->members, 1);
  rendered = render_text (document);
  assert_certified (rendered, "戸籍個人事項証明書",
                    "これは、戸籍中の一部の者について記録されている事項の全部を証明した書面である。", "第000123号");
  assert_not_printed (rendered->text, "戸籍全部事項証明書");
  assert_member_printed (rendered->text, document->members->pdata[0], "昭和58年9月12日");
  assert_not_printed (rendered->text, "【名】花子");
  assert_not_printed (rendered->text, "【名】子1");
}

/* A register of many people continues over numbered pages. */
static void
test_koseki_pages (void)
{
  g_autoptr (SimDocument) document = register_new (SIM_DOCUMENT_KOSEKI, 12);
  g_autoptr (Rendered) rendered = render_text (document);
  int n_pages = poppler_document_get_n_pages (rendered->pdf);

  g_assert_cmpint (n_pages, >=, 2);
  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d／%d", i + 1, n_pages);

      assert_printed (rendered->pages->pdata[i], number);
    }
  for (guint i = 0; i < document->members->len; i++)
    {
      const SimDocumentMember *member = document->members->pdata[i];
      g_autofree char *name = g_strdup_printf ("【名】%s", member->given_name);

      assert_printed (rendered->text, name);
    }
  assert_printed (rendered->pages->pdata[n_pages - 1], "これは、戸籍に記録されている事項の全部を証明した書面である。");
}

/* A 戸籍の附票の写し: the register's head, then each person's addresses with their dates. */
static void
test_fuhyo (void)
{
  g_autoptr (SimDocument) document = register_new (SIM_DOCUMENT_FUHYO, 3);
  g_autoptr (Rendered) rendered = render_text (document);

  assert_certified (rendered, "戸籍の附票の写し", "この写しは、戸籍の附票の原本と相違ないことを証明する。",
                    "第000123号");
  assert_printed (rendered->text, "本籍");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番地");
  assert_printed (rendered->text, "筆頭者");
  assert_printed (rendered->text, "山田　太郎");
  assert_printed (rendered->text, "山田　花子");
  assert_printed (rendered->text, "山田　子1");
  assert_printed (rendered->text, "住所を定めた年月日");
  assert_printed (rendered->text, "みどり県みどり市青葉町1番地");
  assert_printed (rendered->text, "昭和58年9月12日");
  assert_printed (rendered->text, "みどり県さくら町本町5番地");
  assert_printed (rendered->text, "みどり県みどり市若葉町一丁目2番3号");
  assert_printed (rendered->text, "平成27年4月1日");
}

/* Asserts that every font of @pdf is IPAmj明朝 (embedded). */
static void
assert_only_ipamj (PopplerDocument *pdf)
{
  g_autoptr (PopplerFontInfo) info = poppler_font_info_new (pdf);
  PopplerFontsIter *iter = NULL;
  guint n_fonts = 0;

  while (poppler_font_info_scan (info, poppler_document_get_n_pages (pdf), &iter))
    {
      if (iter == NULL)
        continue;
      do
        {
          const char *name = poppler_fonts_iter_get_name (iter);

          if (name == NULL || strstr (name, "IPAmj") == NULL)
            g_error ("font %s in the PDF", name != NULL ? name : "(unnamed)");
          g_assert_true (poppler_fonts_iter_is_embedded (iter));
          n_fonts++;
        }
      while (poppler_fonts_iter_next (iter));
      poppler_fonts_iter_free (iter);
      iter = NULL;
    }
  g_assert_cmpuint (n_fonts, >, 0);
}

/* Every form prints in IPAmj明朝 only, and says what it is in its metadata. */
static void
test_fonts_and_metadata (void)
{
  static const char *const titles[] = {
    "住民票の写し",     "住民票記載事項証明書", "印鑑登録証明書",
    "所得・課税証明書", "戸籍全部事項証明書",   "戸籍の附票の写し",
  };
  g_autoptr (GPtrArray) documents = every_type ();
  g_autoptr (GDateTime) issued_at = g_date_time_new_from_iso8601 ("2026-11-23T10:15:30+09:00", NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (Rendered) rendered = render_text (documents->pdata[i]);
      g_autofree char *title = poppler_document_get_title (rendered->pdf);
      g_autofree char *creator = poppler_document_get_creator (rendered->pdf);
      g_autoptr (GDateTime) created = poppler_document_get_creation_date_time (rendered->pdf);

      assert_only_ipamj (rendered->pdf);
      g_assert_cmpstr (title, ==, titles[i]);
      g_assert_cmpstr (creator, ==, "kiosk-sim-municipal");
      g_assert_nonnull (created);
      g_assert_true (g_date_time_equal (created, issued_at));
    }
}

/* Names with MJ characters and variation sequences print, in IPAmj明朝, as one string each. */
static void
test_mj_names (void)
{
  g_autoptr (SimDocument) document = household_new (4);
  g_autoptr (Rendered) rendered = NULL;
  const char *const names[][2]
      = { { WATANABE, "健" }, { TSUJI, "一" }, { YOSHIDA, "葛\U000E0102子" }, { TAKAHASHI, "﨑德" } };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SimDocumentPerson *person = document->persons->pdata[i];

      g_free (person->family_name);
      g_free (person->given_name);
      person->family_name = g_strdup (names[i][0]);
      person->given_name = g_strdup (names[i][1]);
    }
  rendered = render_text (document);
  assert_only_ipamj (rendered->pdf);
  /* the selectors come back from the PDF's text: each sequence was shaped to one glyph */
  assert_printed (rendered->text, WATANABE "　健");
  assert_printed (rendered->text, TSUJI "　一");
  assert_printed (rendered->text, "葛\U000E0102子");
  assert_printed (rendered->text, "𠮷田");
  assert_printed (rendered->text, "髙橋");
  assert_printed (rendered->text, "﨑德");
}

/* The documents rendered by one thread, as text per document. */
typedef struct
{
  GPtrArray *documents;
  GPtrArray *pdfs; /* GBytes* */
} ThreadWork;

static gpointer
render_all (gpointer data)
{
  ThreadWork *work = data;

  for (int round = 0; round < 3; round++)
    for (guint i = 0; i < work->documents->len; i++)
      {
        GBytes *pdf = render (work->documents->pdata[i]);

        if (round == 0)
          g_ptr_array_add (work->pdfs, pdf);
        else
          g_bytes_unref (pdf);
      }
  return NULL;
}

/* Two threads render the same documents at once and get the same bytes. */
static void
test_threads (void)
{
  g_autoptr (GPtrArray) documents = every_type ();
  ThreadWork works[2];
  GThread *threads[2];

  for (guint t = 0; t < 2; t++)
    {
      works[t].documents = documents;
      works[t].pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      threads[t] = g_thread_new ("render", render_all, &works[t]);
    }
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);
  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (GBytes) alone = render (documents->pdata[i]);
      g_autoptr (Rendered) first = read_back (works[0].pdfs->pdata[i]);
      g_autoptr (Rendered) second = read_back (works[1].pdfs->pdata[i]);
      g_autoptr (Rendered) reference = read_back (alone);

      g_assert_true (g_bytes_equal (works[0].pdfs->pdata[i], works[1].pdfs->pdata[i]));
      g_assert_true (g_bytes_equal (works[0].pdfs->pdata[i], alone));
      g_assert_cmpstr (first->text, ==, reference->text);
      g_assert_cmpstr (second->text, ==, reference->text);
    }
  for (guint t = 0; t < 2; t++)
    g_ptr_array_unref (works[t].pdfs);
}

/* Where the PNGs of the forms go. */
static char *
artifacts_dir (void)
{
  const char *dir = g_getenv ("KIOSK_TEST_ARTIFACTS");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_tmp_dir (), "kiosk-municipal-artifacts", NULL);
}

/* Writes page @index of @pdf as a PNG at 100 dpi. */
static void
write_png (GBytes *pdf, int index, const char *path)
{
  g_autoptr (Rendered) rendered = read_back (pdf);
  g_autoptr (PopplerPage) page = poppler_document_get_page (rendered->pdf, index);
  double scale = 100.0 / 72.0;
  double width, height;
  cairo_surface_t *surface;
  cairo_t *cr;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * scale), (int) (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_test_message ("wrote %s", path);
}

/* Page 1 of each form (and the household's last page) as PNG, to look at. */
static void
test_artifacts (void)
{
  g_autoptr (GPtrArray) documents = every_type ();
  g_autofree char *dir = artifacts_dir ();
  g_autoptr (SimDocument) mj = mj_household_new ();
  g_autoptr (GBytes) mj_pdf = render (mj);
  g_autofree char *mj_path = g_build_filename (dir, "juminhyo-mj.png", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < documents->len; i++)
    {
      const SimDocument *document = documents->pdata[i];
      g_autoptr (GBytes) pdf = render (document);
      g_autofree char *name = g_strdup_printf ("%s.png", sim_document_type_name (document->type));
      g_autofree char *path = g_build_filename (dir, name, NULL);

      write_png (pdf, 0, path);
      if (document->type == SIM_DOCUMENT_JUMINHYO)
        {
          g_autofree char *last = g_build_filename (dir, "juminhyo-3.png", NULL);

          write_png (pdf, 2, last);
        }
    }
  write_png (mj_pdf, 0, mj_path);
}

/* Renders each form a number of times and reports the median (a figure, not an assertion). */
static void
test_timing (void)
{
  g_autoptr (GPtrArray) documents = every_type ();
  const guint rounds = 21;

  for (guint i = 0; i < documents->len; i++)
    {
      const SimDocument *document = documents->pdata[i];
      double times[21];

      for (guint r = 0; r < rounds; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr (GBytes) pdf = render (document);

          times[r] = (g_get_monotonic_time () - start) / 1000.0;
        }
      for (guint a = 1; a < rounds; a++)
        for (guint b = a; b > 0 && times[b - 1] > times[b]; b--)
          {
            double swap = times[b];

            times[b] = times[b - 1];
            times[b - 1] = swap;
          }
      g_test_message ("render %s: median %.1f ms (min %.1f, max %.1f)", sim_document_type_name (document->type),
                      times[rounds / 2], times[0], times[rounds - 1]);
    }
  {
    gint64 start = g_get_monotonic_time ();

    for (int i = 0; i < 200; i++)
      g_assert_true (sim_document_font_covers (WATANABE "　健　みどり県みどり市若葉町一丁目2番3号", NULL));
    g_test_message ("font_covers: %.0f µs a call", (g_get_monotonic_time () - start) / 200.0);
  }
}

int
main (int argc, char **argv)
{
  /* messages name Japanese text: print them as UTF-8 where the locale allows */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/type-names", test_type_names);
  g_test_add_func ("/document/wareki", test_wareki);
  g_test_add_func ("/document/juminhyo/plain", test_juminhyo_plain);
  g_test_add_func ("/document/juminhyo/options", test_juminhyo_options);
  g_test_add_func ("/document/juminhyo/each-option", test_juminhyo_each_option);
  g_test_add_func ("/document/juminhyo/household-pages", test_juminhyo_household);
  g_test_add_func ("/document/juminhyo/household-every-item", test_juminhyo_household_every_item);
  g_test_add_func ("/document/western-dates", test_western_dates);
  g_test_add_func ("/document/kisai", test_kisai);
  g_test_add_func ("/document/inkan", test_inkan);
  g_test_add_func ("/document/zei", test_zei);
  g_test_add_func ("/document/koseki/whole", test_koseki_whole);
  g_test_add_func ("/document/koseki/not-removed", test_koseki_not_removed);
  g_test_add_func ("/document/koseki/individual", test_koseki_individual);
  g_test_add_func ("/document/koseki/pages", test_koseki_pages);
  g_test_add_func ("/document/fuhyo", test_fuhyo);
  g_test_add_func ("/document/fonts-and-metadata", test_fonts_and_metadata);
  g_test_add_func ("/document/mj-names", test_mj_names);
  add_covers_tests ();
  g_test_add_func ("/document/threads", test_threads);
  g_test_add_func ("/document/artifacts", test_artifacts);
  g_test_add_func ("/document/timing", test_timing);
  return g_test_run ();
}
