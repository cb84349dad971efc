/* document-fixture.h: what the document tests share — invented people, households, registers and
 * documents of each type, and PDFs read back with poppler as the text a person would read. */
#pragma once

#include <poppler.h>

#include "sim/servers/sim-document.h"

G_BEGIN_DECLS

/* poppler-glib declares no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerFontInfo, g_object_unref)

/* MJ names: 邉 and 辻 with their ideographic variation selectors, and characters beyond JIS X 0208. */
#define WATANABE "渡邉\U000E0110"
#define TSUJI "辻\U000E0102"
#define YOSHIDA "𠮷田"
#define TAKAHASHI "髙橋"

/* A PDF read back: its pages' text. */
typedef struct
{
  PopplerDocument *pdf;
  GPtrArray *pages; /* char*: each page's text */
  char *text;       /* all pages */
} Rendered;

/* Frees a read-back PDF. */
void rendered_free (Rendered *rendered);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rendered, rendered_free)

/* A person of a residence record (resident since 2015-04-01). */
SimDocumentPerson *person_new (const char *family, const char *given, const char *family_kana, const char *given_kana,
                               SimDay birth, const char *sex, const char *relationship);

/* A person of a family register, with an empty 附票. */
SimDocumentMember *member_new (const char *family, const char *given, SimDay birth, const char *sex, const char *father,
                               const char *mother, const char *relationship, const char *events, gboolean removed);

/* Adds an address line to a member's 附票. */
void member_add_address (SimDocumentMember *member, const char *address, SimDay since);

/* A document of みどり市, number 123, issued on 2026-11-23, with one resident (山田 花子) filled. */
SimDocument *document_new (SimDocumentType type);

/* A 住民票の写し of a household of @n people (at most 10), number 4567, the head first. */
SimDocument *household_new (guint n);

/* A household with MJ names, every option, Western years and an address longer than its box. */
SimDocument *mj_household_new (void);

/* A register of @n_members (the head, his removed wife, then children), 附票 addresses filled. */
SimDocument *register_new (SimDocumentType type, guint n_members);

/* One document of each type, in SimDocumentType order. */
GPtrArray *every_type (void);

/* The PDF @document renders to; fails the test on an error. */
GBytes *render (const SimDocument *document);

/* Reads @pdf back with poppler. */
Rendered *read_back (GBytes *pdf);

/* Renders @document and reads it back. */
Rendered *render_text (const SimDocument *document);

/* TRUE if @needle is printed in @text (spaces and line breaks aside). */
gboolean printed (const char *text, const char *needle);

/* Fails unless @needle is printed in @text. */
void assert_printed (const char *text, const char *needle);

/* Fails if @needle is printed in @text. */
void assert_not_printed (const char *text, const char *needle);

G_END_DECLS
