/* sim-document.c: the certificate documents — their names, their lifetime, and rendering one as a
 * PDF with the form of its type (sim-document-*.c). */
#include "sim/servers/sim-document.h"

#include <cairo-pdf.h>
#include <string.h>

#include "sim/servers/sim-document-private.h"
#include "sim/servers/sim-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* The protocol's names of the types, in SimDocumentType order. */
static const char *const type_names[SIM_DOCUMENT_N_TYPES] = {
  "juminhyo", "kisai", "inkan", "zei", "koseki", "fuhyo",
};

/* Names a type. */
const char *
sim_document_type_name (SimDocumentType type)
{
  if ((guint) type >= SIM_DOCUMENT_N_TYPES)
    return NULL;
  return type_names[type];
}

/* Finds the type of a name. */
gboolean
sim_document_type_from_name (const char *name, SimDocumentType *type)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < SIM_DOCUMENT_N_TYPES; i++)
    if (g_str_equal (name, type_names[i]))
      {
        if (type != NULL)
          *type = (SimDocumentType) i;
        return TRUE;
      }
  return FALSE;
}

/* Makes an empty document. */
SimDocument *
sim_document_new (SimDocumentType type)
{
  SimDocument *document = g_new0 (SimDocument, 1);

  document->type = type;
  document->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_person_free);
  document->members = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_document_member_free);
  return document;
}

/* Frees a person of a residence record. */
void
sim_document_person_free (SimDocumentPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->family_name);
  g_free (person->given_name);
  g_free (person->family_kana);
  g_free (person->given_kana);
  g_free (person->sex);
  g_free (person->relationship);
  g_free (person->previous_address);
  if (person->my_number != NULL)
    explicit_bzero (person->my_number, strlen (person->my_number));
  g_free (person->my_number);
  g_free (person);
}

/* Frees a 附票 address line. */
void
sim_document_address_free (SimDocumentAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->address);
  g_free (address);
}

/* Frees a person of a family register. */
void
sim_document_member_free (SimDocumentMember *member)
{
  if (member == NULL)
    return;
  g_free (member->family_name);
  g_free (member->given_name);
  g_free (member->sex);
  g_free (member->father);
  g_free (member->mother);
  g_free (member->relationship);
  g_free (member->events);
  g_clear_pointer (&member->addresses, g_ptr_array_unref);
  g_free (member);
}

/* Frees a document. */
void
sim_document_free (SimDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->municipality_name);
  g_free (document->mayor_title);
  g_free (document->mayor_name);
  g_free (document->seal_text);
  g_free (document->issued_at);
  g_free (document->address);
  g_free (document->head_name);
  g_free (document->domicile);
  g_free (document->domicile_head);
  g_clear_pointer (&document->persons, g_ptr_array_unref);
  g_free (document->seal_number);
  g_free (document->seal_impression);
  g_free (document->register_domicile);
  g_free (document->register_head);
  g_clear_pointer (&document->members, g_ptr_array_unref);
  g_free (document);
}

/* Joins a family and a given name. */
char *
sim_document_full_name (const char *family, const char *given)
{
  if (given == NULL || given[0] == '\0')
    return g_strdup (sim_document_text (family));
  return g_strdup_printf ("%s　%s", sim_document_text (family), given);
}

/* The form a document is printed on. */
static const SimDocumentForm *
sim_document_form (const SimDocument *document)
{
  switch (document->type)
    {
    case SIM_DOCUMENT_JUMINHYO:
      return &sim_document_juminhyo_form;
    case SIM_DOCUMENT_KISAI:
      return &sim_document_kisai_form;
    case SIM_DOCUMENT_INKAN:
      return &sim_document_inkan_form;
    case SIM_DOCUMENT_ZEI:
      return &sim_document_zei_form;
    case SIM_DOCUMENT_KOSEKI:
      return document->whole_register ? &sim_document_koseki_whole_form : &sim_document_koseki_individual_form;
    case SIM_DOCUMENT_FUHYO:
      return &sim_document_fuhyo_form;
    case SIM_DOCUMENT_N_TYPES:
    default:
      return NULL;
    }
}

/* Appends what cairo writes to a GByteArray. */
static cairo_status_t
sim_document_write (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Counts the pages, then draws them onto a PDF surface. */
GBytes *
sim_document_render (const SimDocument *document, GError **error)
{
  g_autoptr (GByteArray) pdf = NULL;
  g_autoptr (cairo_surface_t) surface = NULL;
  PangoContext *context;
  g_autoptr (PangoFontDescription) font = NULL;
  const SimDocumentForm *form;
  SimDocumentCanvas canvas = { 0 };
  cairo_status_t status;
  int n_pages;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  form = sim_document_form (document);
  if (form == NULL)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "no form for document type %d", document->type);
      return NULL;
    }
  context = sim_document_context_new ();
  font = pango_font_description_from_string (SIM_DOCUMENT_FONT);
  canvas.document = document;
  canvas.form = form;
  canvas.context = context;
  canvas.font = font;
  n_pages = sim_document_canvas_draw (&canvas);

  pdf = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (sim_document_write, pdf, SIM_DOCUMENT_PAGE_WIDTH,
                                                 SIM_DOCUMENT_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, form->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "kiosk-sim-municipal");
  if (document->issued_at != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, document->issued_at);
  {
    g_autoptr (cairo_t) cr = cairo_create (surface);

    canvas.cr = cr;
    canvas.n_pages = n_pages;
    if (sim_document_canvas_draw (&canvas) != n_pages)
      g_warning ("%s: counted %d pages, drew %d", form->title, n_pages, canvas.page);
    canvas.cr = NULL;
    status = cairo_status (cr);
  }
  g_object_unref (context);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL, "cairo: %s", cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
