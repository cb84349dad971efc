/* sim-document.h: the six certificates a municipality issues, laid out as A4 PDF pages with cairo
 * and pango in IPAmj明朝 (fonts-ipamj-mincho), so that every MJ character and ideographic
 * variation sequence of a name prints as itself.
 *
 * The caller (sim-municipal.c) fills a SimDocument from the registry row the request resolved to
 * and the request's options; the renderer prints exactly what it is given, nothing cached. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The font every certificate is printed in. */
#define SIM_DOCUMENT_FONT "IPAmjMincho"

/* The forms' limits, in characters (a variation selector is part of its character): a field
 * longer than this does not fit its box, and the record is refused at terminals. */
#define SIM_DOCUMENT_MAX_NAME 24    /* family and given name together, kana likewise */
#define SIM_DOCUMENT_MAX_ADDRESS 64 /* 住所, 前住所, 本籍 */

/* A calendar day. */
typedef struct {
  int year;
  int month;
  int day;
} SimDay;

typedef enum {
  SIM_DOCUMENT_JUMINHYO, /* 住民票の写し */
  SIM_DOCUMENT_KISAI,    /* 住民票記載事項証明書 */
  SIM_DOCUMENT_INKAN,    /* 印鑑登録証明書 */
  SIM_DOCUMENT_ZEI,      /* 所得・課税証明書 */
  SIM_DOCUMENT_KOSEKI,   /* 戸籍全部事項証明書 / 戸籍個人事項証明書 */
  SIM_DOCUMENT_FUHYO,    /* 戸籍の附票の写し */
  SIM_DOCUMENT_N_TYPES,
} SimDocumentType;

/* One person of a residence record (住民票, 記載事項証明書, 印鑑登録証明書, 課税証明書). */
typedef struct {
  char *family_name;
  char *given_name;
  char *family_kana;
  char *given_kana;
  SimDay birth;
  char *sex;              /* 男 / 女 */
  char *relationship;     /* 続柄; printed only when show_relationship */
  SimDay resident_since;  /* 住民となった年月日 */
  char *previous_address; /* 前住所; NULL: none printed */
  char *my_number;        /* NULL unless it is to be printed */
} SimDocumentPerson;

/* One address line of a 戸籍の附票. */
typedef struct {
  char *address;
  SimDay since; /* 住所を定めた年月日 */
} SimDocumentAddress;

/* One person of a family register (戸籍, 附票). */
typedef struct {
  char *family_name;
  char *given_name;
  SimDay birth;
  char *sex;
  char *father;       /* NULL: not recorded */
  char *mother;
  char *relationship; /* 続柄 in the register: 長男, 妻 */
  char *events;       /* 身分事項, one per line */
  gboolean removed;   /* 除籍: printed with the mark 「除籍」 */
  GPtrArray *addresses; /* SimDocumentAddress*, oldest first (附票 only; may be NULL) */
} SimDocumentMember;

/* Tax figures of one fiscal year, in yen. */
typedef struct {
  int fiscal_year; /* Western year the 年度 starts in; the income is of the year before */
  gint64 salary_income;
  gint64 total_income;
  gint64 deductions;
  gint64 taxable_income;
  gint64 municipal_tax;
  gint64 prefectural_tax;
} SimDocumentTax;

/* Everything one certificate prints. Strings are owned by the document (sim_document_free). */
typedef struct {
  SimDocumentType type;

  /* the issuing municipality */
  char *municipality_name; /* みどり市 */
  char *mayor_title;       /* みどり市長 */
  char *mayor_name;
  char *seal_text;         /* みどり市長之印: the seal is drawn from these words */

  gint64 issue_number;     /* 発行番号 */
  SimDay issued_on;        /* printed in 令和 */
  gboolean western_dates;  /* also print Western years: 令和8年（2026年）11月23日 */
  char *issued_at;         /* PDF metadata creation date, ISO 8601 */

  /* juminhyo, kisai, inkan, zei: the resident's record */
  char *address;           /* 住所 */
  char *head_name;         /* 世帯主 (printed in juminhyo when show_relationship) */
  char *domicile;          /* 本籍; printed when show_domicile */
  char *domicile_head;     /* 筆頭者 */
  gboolean show_domicile;
  gboolean show_relationship;
  GPtrArray *persons;      /* SimDocumentPerson*: juminhyo one or more (household order), the
                              others exactly one */

  /* inkan */
  char *seal_number;       /* 登録番号 */
  char *seal_impression;   /* the seal's characters, drawn as its impression (印影) */

  /* zei */
  SimDocumentTax tax;

  /* koseki, fuhyo (the issuing municipality is the 本籍地) */
  gboolean whole_register; /* koseki: TRUE 全部事項証明, FALSE 個人事項証明 */
  SimDay register_made_on; /* 編製日 */
  char *register_domicile; /* 本籍 */
  char *register_head;     /* 筆頭者 (full name) */
  GPtrArray *members;      /* SimDocumentMember*: koseki 全部 all, 個人 one; fuhyo all or one */
} SimDocument;

/* The protocol's name of @type ("juminhyo"), or NULL. */
const char *sim_document_type_name (SimDocumentType type);

/* The type named @name, or FALSE if there is none. */
gboolean sim_document_type_from_name (const char *name, SimDocumentType *type);

/* A new empty document of @type, with empty arrays for persons and members. */
SimDocument *sim_document_new (SimDocumentType type);

/* Frees a document and everything in it. */
void sim_document_free (SimDocument *document);

/* Frees one person, member, address (for the arrays' free functions). */
void sim_document_person_free (SimDocumentPerson *person);
void sim_document_member_free (SimDocumentMember *member);
void sim_document_address_free (SimDocumentAddress *address);

/* Renders @document as a PDF of one or more A4 pages (pages numbered 「1／2」 when more than
 * one); NULL with SIM_ERROR_INTERNAL if cairo fails. Safe to call from several threads at once. */
GBytes *sim_document_render (const SimDocument *document, GError **error);

/* TRUE if every character of @text (with its variation selectors) has its own glyph in
 * SIM_DOCUMENT_FONT: no fallback to another font, no missing glyph, no variation sequence shown as
 * its base character. Otherwise FALSE, and *@missing (if not NULL) is the first character (or
 * sequence) that would not print as itself. Thread-safe. */
gboolean sim_document_font_covers (const char *text, char **missing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimDocument, sim_document_free)

G_END_DECLS
