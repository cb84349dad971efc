/* document-fixture.c: invented documents of each type, and PDFs read back as the text on the paper. */
#include "tests/municipal/document/document-fixture.h"

#include <string.h>

/* Frees a read-back PDF. */
void
rendered_free (Rendered *rendered)
{
  g_clear_object (&rendered->pdf);
  g_clear_pointer (&rendered->pages, g_ptr_array_unref);
  g_free (rendered->text);
  g_free (rendered);
}

/* A person of a residence record. */
SimDocumentPerson *
person_new (const char *family, const char *given, const char *family_kana, const char *given_kana, SimDay birth,
            const char *sex, const char *relationship)
{
  SimDocumentPerson *person = g_new0 (SimDocumentPerson, 1);

  person->family_name = g_strdup (family);
  person->given_name = g_strdup (given);
  person->family_kana = g_strdup (family_kana);
  person->given_kana = g_strdup (given_kana);
  person->birth = birth;
  person->sex = g_strdup (sex);
  person->relationship = g_strdup (relationship);
  person->resident_since = (SimDay){ 2015, 4, 1 };
  return person;
}

/* A person of a family register. */
SimDocumentMember *
member_new (const char *family, const char *given, SimDay birth, const char *sex, const char *father,
            const char *mother, const char *relationship, const char *events, gboolean removed)
{
  SimDocumentMember *member = g_new0 (SimDocumentMember, 1);

  member->family_name = g_strdup (family);
  member->given_name = g_strdup (given);
  member->birth = birth;
  member->sex = g_strdup (sex);
  member->father = g_strdup (father);
  member->mother = g_strdup (mother);
  member->relationship = g_strdup (relationship);
  member->events = g_strdup (events);
  member->removed = removed;
  member->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_address_free);
  return member;
}

/* Adds an address line to a member's 附票. */
void
member_add_address (SimDocumentMember *member, const char *address, SimDay since)
{
  SimDocumentAddress *line = g_new0 (SimDocumentAddress, 1);

  line->address = g_strdup (address);
  line->since = since;
  g_ptr_array_add (member->addresses, line);
}

/* A document of みどり市, number 123, issued on 2026-11-23, with the resident's record filled. */
SimDocument *
document_new (SimDocumentType type)
{
  SimDocument *document = sim_document_new (type);

  document->municipality_name = g_strdup ("みどり市");
  document->mayor_title = g_strdup ("みどり市長");
  document->mayor_name = g_strdup ("緑川　一郎");
  document->seal_text = g_strdup ("みどり市長之印");
  document->issue_number = 123;
  document->issued_on = (SimDay){ 2026, 11, 23 };
  document->issued_at = g_strdup ("2026-11-23T10:15:30+09:00");
  document->address = g_strdup ("みどり県みどり市若葉町一丁目2番3号");
  document->head_name = g_strdup ("山田　太郎");
  document->domicile = g_strdup ("みどり県みどり市若葉町一丁目2番地");
  document->domicile_head = g_strdup ("山田　太郎");
  if (type != SIM_DOCUMENT_KOSEKI && type != SIM_DOCUMENT_FUHYO)
    {
      SimDocumentPerson *person = person_new ("山田", "花子", "やまだ", "はなこ", (SimDay){ 1985, 4, 2 }, "女", "妻");

      person->previous_address = g_strdup ("みどり県みどり市青葉町1番地");
      g_ptr_array_add (document->persons, person);
    }
  return document;
}

/* A household of @n people for a 住民票の写し: the head first. */
SimDocument *
household_new (guint n)
{
  static const char *const given[] = { "太郎", "花子", "一郎", "二郎", "三郎", "桜", "梅", "菊", "蘭", "椿" };
  SimDocument *document = sim_document_new (SIM_DOCUMENT_JUMINHYO);
  SimDocument *model = document_new (SIM_DOCUMENT_JUMINHYO);

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (given));
  /* the municipality's part from the model, then the household */
  document->municipality_name = g_steal_pointer (&model->municipality_name);
  document->mayor_title = g_steal_pointer (&model->mayor_title);
  document->mayor_name = g_steal_pointer (&model->mayor_name);
  document->seal_text = g_steal_pointer (&model->seal_text);
  document->issue_number = 4567;
  document->issued_on = model->issued_on;
  document->issued_at = g_steal_pointer (&model->issued_at);
  document->address = g_steal_pointer (&model->address);
  document->head_name = g_steal_pointer (&model->head_name);
  document->domicile = g_steal_pointer (&model->domicile);
  document->domicile_head = g_steal_pointer (&model->domicile_head);
  sim_document_free (model);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (document->persons, person_new ("山田", given[i], "やまだ", "なまえ",
                                                    (SimDay){ 1950 + 5 * (int) i, 1 + (int) i, 10 + (int) i },
                                                    i % 2 ? "女" : "男", i == 0 ? "世帯主" : "子"));
  return document;
}

/* A family register of @n_members (the head, his wife, then children), 附票 addresses filled. */
SimDocument *
register_new (SimDocumentType type, guint n_members)
{
  SimDocument *document = document_new (type);
  SimDocumentMember *member;

  document->whole_register = TRUE;
  document->register_made_on = (SimDay){ 2012, 5, 20 };
  document->register_domicile = g_strdup ("みどり県みどり市若葉町一丁目2番地");
  document->register_head = g_strdup ("山田　太郎");

  member = member_new ("山田", "太郎", (SimDay){ 1983, 9, 12 }, "男", "山田　一郎", "山田　和子", "長男",
                       "出生　昭和58年9月12日 みどり県みどり市で出生\n婚姻　平成24年5月20日 鈴木花子と婚姻届出", FALSE);
  member_add_address (member, "みどり県みどり市青葉町1番地", (SimDay){ 1983, 9, 12 });
  member_add_address (member, "みどり県みどり市若葉町一丁目2番3号", (SimDay){ 2015, 4, 1 });
  g_ptr_array_add (document->members, member);
  if (n_members < 2)
    return document;
  member = member_new ("山田", "花子", (SimDay){ 1985, 4, 2 }, "女", "鈴木　正", "鈴木　良子", "長女",
                       "出生　昭和60年4月2日 みどり県さくら町で出生\n婚姻　平成24年5月20日 山田太郎と婚姻届出\n"
                       "死亡　令和5年3月1日 みどり県みどり市で死亡",
                       TRUE);
  member_add_address (member, "みどり県さくら町本町5番地", (SimDay){ 1985, 4, 2 });
  member_add_address (member, "みどり県みどり市若葉町一丁目2番3号", (SimDay){ 2015, 4, 1 });
  g_ptr_array_add (document->members, member);
  for (guint i = 2; i < n_members; i++)
    {
      g_autofree char *given = g_strdup_printf ("子%u", i - 1);
      g_autofree char *events = g_strdup_printf ("出生　平成%u年1月1日 みどり県みどり市で出生", 10 + i);

      member = member_new ("山田", given, (SimDay){ 1997 + (int) i, 1, 1 }, "男", "山田　太郎", "山田　花子",
                           i == 2 ? "長男" : "二男", events, FALSE);
      member_add_address (member, "みどり県みどり市若葉町一丁目2番3号", (SimDay){ 2015, 4, 1 });
      g_ptr_array_add (document->members, member);
    }
  return document;
}

/* The PDF @document renders to. */
GBytes *
render (const SimDocument *document)
{
  g_autoptr (GError) error = NULL;
  GBytes *pdf = sim_document_render (document, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  return pdf;
}

/* One character on a page, where poppler found it. */
typedef struct
{
  gunichar c;
  double x, bottom;
} Placed;

/* Orders characters by line (bottom edge), then left to right. */
static int
placed_compare (gconstpointer a, gconstpointer b)
{
  const Placed *first = a, *second = b;

  if (first->bottom != second->bottom)
    return first->bottom < second->bottom ? -1 : 1;
  return first->x < second->x ? -1 : first->x > second->x;
}

/* @page's text as it stands on the paper: characters on one baseline (within 2 points) make a
 * line, left to right. poppler's own reading order follows text blocks, which splits a form's
 * cells (furigana over a name reads as two columns); the tests want what a person reads. */
static char *
page_lines (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rectangles = NULL;
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  GString *lines = g_string_new (NULL);
  guint n_rectangles = 0;
  guint i = 0;
  double line_bottom = -100;

  g_assert_true (poppler_page_get_text_layout (page, &rectangles, &n_rectangles));
  for (const char *p = text; *p != '\0' && i < n_rectangles; p = g_utf8_next_char (p), i++)
    {
      Placed character = { g_utf8_get_char (p), rectangles[i].x1, rectangles[i].y2 };

      if (!g_unichar_isspace (character.c))
        g_array_append_val (placed, character);
    }
  g_assert_cmpuint (i, ==, n_rectangles);
  g_array_sort (placed, placed_compare);
  /* characters whose bottoms are close sit on one line: sort each line by x */
  for (guint start = 0; start < placed->len;)
    {
      guint end = start + 1;

      line_bottom = g_array_index (placed, Placed, start).bottom;
      while (end < placed->len && g_array_index (placed, Placed, end).bottom - line_bottom < 2.0)
        {
          g_array_index (placed, Placed, end).bottom = line_bottom;
          end++;
        }
      g_array_sort (placed, placed_compare);
      for (guint j = start; j < end; j++)
        g_string_append_unichar (lines, g_array_index (placed, Placed, j).c);
      g_string_append_c (lines, '\n');
      start = end;
    }
  return g_string_free (lines, FALSE);
}

/* Reads @pdf back with poppler. */
Rendered *
read_back (GBytes *pdf)
{
  g_autoptr (GError) error = NULL;
  Rendered *rendered = g_new0 (Rendered, 1);
  GString *text = g_string_new (NULL);

  rendered->pdf = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  rendered->pages = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < poppler_document_get_n_pages (rendered->pdf); i++)
    {
      g_autoptr (PopplerPage) page = poppler_document_get_page (rendered->pdf, i);
      char *page_text = page_lines (page);

      g_ptr_array_add (rendered->pages, page_text);
      g_string_append (text, page_text);
    }
  rendered->text = g_string_free (text, FALSE);
  return rendered;
}

/* Renders @document and reads it back. */
Rendered *
render_text (const SimDocument *document)
{
  g_autoptr (GBytes) pdf = render (document);

  return read_back (pdf);
}

/* @text without spaces and line breaks: cells and spaced-out labels come back spaced as poppler
 * guesses, so what is compared is the characters in order. */
static char *
squeeze (const char *text)
{
  GString *squeezed = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (squeezed, c);
    }
  return g_string_free (squeezed, FALSE);
}

/* TRUE if @needle is printed in @text. */
gboolean
printed (const char *text, const char *needle)
{
  g_autofree char *haystack = squeeze (text);
  g_autofree char *squeezed = squeeze (needle);

  return strstr (haystack, squeezed) != NULL;
}

/* Fails unless @needle is printed in @text. */
void
assert_printed (const char *text, const char *needle)
{
  if (!printed (text, needle))
    g_error ("「%s」 not printed in:\n%s", needle, text);
}

/* Fails if @needle is printed in @text. */
void
assert_not_printed (const char *text, const char *needle)
{
  if (printed (text, needle))
    g_error ("「%s」 printed, but should not be, in:\n%s", needle, text);
}

/* Builds one document of each type, as the other tests do. */
GPtrArray *
every_type (void)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_free);
  SimDocument *document;

  document = household_new (9);
  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  g_ptr_array_add (documents, document);
  document = document_new (SIM_DOCUMENT_KISAI);
  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  g_ptr_array_add (documents, document);
  document = document_new (SIM_DOCUMENT_INKAN);
  document->seal_number = g_strdup ("A-000001");
  document->seal_impression = g_strdup ("山田");
  g_ptr_array_add (documents, document);
  document = document_new (SIM_DOCUMENT_ZEI);
  document->tax = (SimDocumentTax){ 2026, 3400000, 2320000, 1150000, 1170000, 70200, 46800 };
  g_ptr_array_add (documents, document);
  g_ptr_array_add (documents, register_new (SIM_DOCUMENT_KOSEKI, 3));
  g_ptr_array_add (documents, register_new (SIM_DOCUMENT_FUHYO, 3));
  return documents;
}

/* A household with MJ names, every option, Western years and an address longer than its box. */
SimDocument *
mj_household_new (void)
{
  SimDocument *document = household_new (3);
  const char *const names[][4] = {
    { WATANABE, "健", "わたなべ", "けん" },
    { TSUJI, "葛\U000E0102子", "つじ", "くずこ" },
    { YOSHIDA, "﨑德", "よしだ", "さきのり" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SimDocumentPerson *person = document->persons->pdata[i];

      g_free (person->family_name);
      g_free (person->given_name);
      g_free (person->family_kana);
      g_free (person->given_kana);
      person->family_name = g_strdup (names[i][0]);
      person->given_name = g_strdup (names[i][1]);
      person->family_kana = g_strdup (names[i][2]);
      person->given_kana = g_strdup (names[i][3]);
    }
  ((SimDocumentPerson *) document->persons->pdata[0])->my_number = g_strdup ("123456789018");
  ((SimDocumentPerson *) document->persons->pdata[1])->previous_address
      = g_strdup ("みどり県みどり市みどり台四丁目五番六号　みどり台ガーデンテラス　ノースウイング　みどりの森管理棟東側"
                  "　二千五百六十七号室");
  document->show_relationship = TRUE;
  document->show_domicile = TRUE;
  document->western_dates = TRUE;
  return document;
}
