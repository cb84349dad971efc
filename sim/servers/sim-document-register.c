/* sim-document-register.c: the forms of the family register — 戸籍全部事項証明書 / 戸籍個人事項証明書
 * (a section per person, with the 身分事項) and 戸籍の附票の写し (each person's addresses). */
#include "sim/servers/sim-document-private.h"

#include <string.h>

/* The label column of a register's sections: wide enough for 「戸籍に記録されている者」. */
#define SECTION_LABEL_WIDTH 122.0
#define HEAD_ROW_HEIGHT 25.0

/* The 附票's date column. */
#define SINCE_WIDTH 150.0
#define ADDRESS_ROW_HEIGHT 24.0

/* Draws the register's 本籍 and the name of its head (labelled @head_label), framed. */
static void
sim_document_register_head (SimDocumentCanvas *canvas, const char *head_label, double label_width)
{
  const SimDocument *document = canvas->document;
  SimDocumentField domicile[]
      = { { .label = "本籍", .value = document->register_domicile, .label_width = label_width } };
  SimDocumentField head[] = { { .label = head_label, .value = document->register_head, .label_width = label_width } };

  canvas->value_size = 11.5;
  sim_document_canvas_frame_begin (canvas, 0);
  sim_document_canvas_row (canvas, HEAD_ROW_HEIGHT, domicile, 1);
  sim_document_canvas_row (canvas, HEAD_ROW_HEIGHT, head, 1);
  sim_document_canvas_frame_end (canvas);
  canvas->value_size = SIM_DOCUMENT_VALUE_SIZE;
}

/* Draws "【@key】@value" as a line of the open section, unless @value is NULL. */
static void
sim_document_register_item (SimDocumentCanvas *canvas, const char *label, gboolean boxed, const char *key,
                            const char *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  text = g_strdup_printf ("【%s】%s", key, value);
  sim_document_canvas_line (canvas, label, boxed, text);
}

/* The number of lines of @member's section, to keep it on one page when it fits. */
static guint
sim_document_koseki_member_lines (const SimDocumentMember *member, char **events)
{
  guint lines = 3 + (member->father != NULL) + (member->mother != NULL);

  if (events != NULL && events[0] != NULL)
    lines += 2 + g_strv_length (events);
  return lines;
}

/* Draws one person of the register: 【名】 to 【続柄】, then the 身分事項, one event a line split into
 * its kind (出生, 婚姻) and what was recorded; 「除籍」 stamped under the label when removed. */
static void
sim_document_koseki_member (SimDocumentCanvas *canvas, const SimDocumentMember *member)
{
  g_auto (GStrv) events
      = member->events != NULL && member->events[0] != '\0' ? g_strsplit (member->events, "\n", -1) : NULL;
  g_autofree char *birth = sim_document_canvas_date (canvas, member->birth);
  guint lines = sim_document_koseki_member_lines (member, events);

  sim_document_canvas_need (canvas, lines * SIM_DOCUMENT_LINE_HEIGHT + 16);
  sim_document_canvas_frame_begin (canvas, SECTION_LABEL_WIDTH);
  sim_document_register_item (canvas, "戸籍に記録されている者", FALSE, "名", sim_document_text (member->given_name));
  sim_document_register_item (canvas, member->removed ? "除籍" : NULL, member->removed, "生年月日", birth);
  sim_document_register_item (canvas, NULL, FALSE, "父", member->father);
  sim_document_register_item (canvas, NULL, FALSE, "母", member->mother);
  sim_document_register_item (canvas, NULL, FALSE, "続柄", sim_document_text (member->relationship));
  if (events != NULL)
    {
      sim_document_canvas_rule (canvas);
      sim_document_canvas_line (canvas, "身分事項", FALSE, NULL);
      for (guint i = 0; events[i] != NULL; i++)
        {
          const char *split = strstr (events[i], "　");
          g_autofree char *kind = NULL;

          if (events[i][0] == '\0')
            continue;
          if (split == NULL)
            {
              sim_document_canvas_line (canvas, NULL, FALSE, events[i]);
              continue;
            }
          kind = g_strdup_printf ("　%.*s", (int) (split - events[i]), events[i]);
          sim_document_canvas_line (canvas, kind, FALSE, split + strlen ("　"));
        }
    }
  sim_document_canvas_frame_end (canvas);
}

/* Draws the 戸籍事項 section: when the register was made. */
static void
sim_document_koseki_register (SimDocumentCanvas *canvas)
{
  g_autofree char *made_on = sim_document_canvas_date (canvas, canvas->document->register_made_on);
  g_autofree char *text = g_strdup_printf ("【編製日】%s", made_on);

  sim_document_canvas_frame_begin (canvas, SECTION_LABEL_WIDTH);
  sim_document_canvas_line (canvas, "戸籍事項", FALSE, NULL);
  sim_document_canvas_line (canvas, "　戸籍編製", FALSE, text);
  sim_document_canvas_frame_end (canvas);
}

/* Draws a 戸籍証明書: the register's head, its 戸籍事項 and each person (all, or the one asked for). */
static void
sim_document_koseki_body (SimDocumentCanvas *canvas)
{
  GPtrArray *members = canvas->document->members;

  canvas->y += 4;
  sim_document_register_head (canvas, "氏名", SECTION_LABEL_WIDTH);
  sim_document_koseki_register (canvas);
  for (guint i = 0; members != NULL && i < members->len; i++)
    sim_document_koseki_member (canvas, members->pdata[i]);
}

/* Draws one person of a 附票: the name, then a line per address with the day it was taken up. */
static void
sim_document_fuhyo_member (SimDocumentCanvas *canvas, const SimDocumentMember *member)
{
  GPtrArray *addresses = member->addresses;
  guint n_addresses = addresses != NULL ? addresses->len : 0;
  g_autofree char *full_name = sim_document_full_name (member->family_name, member->given_name);
  g_autofree char *name = member->removed ? g_strdup_printf ("%s　（除籍）", full_name) : g_strdup (full_name);
  SimDocumentField name_row[] = { { .label = "氏名", .value = name } };
  double address_width = canvas->width - SINCE_WIDTH;

  sim_document_canvas_need (canvas, HEAD_ROW_HEIGHT + (n_addresses + 1) * ADDRESS_ROW_HEIGHT);
  sim_document_canvas_frame_begin (canvas, 0);
  canvas->value_size = 11.5;
  sim_document_canvas_row (canvas, HEAD_ROW_HEIGHT, name_row, 1);
  canvas->value_size = SIM_DOCUMENT_VALUE_SIZE;
  if (n_addresses > 0)
    {
      sim_document_canvas_need (canvas, 2 * ADDRESS_ROW_HEIGHT);
      sim_document_canvas_label (canvas, "住所", canvas->x, canvas->y, address_width, ADDRESS_ROW_HEIGHT - 4);
      sim_document_canvas_label (canvas, "住所を定めた年月日", canvas->x + address_width, canvas->y, SINCE_WIDTH,
                                 ADDRESS_ROW_HEIGHT - 4);
      canvas->y += ADDRESS_ROW_HEIGHT - 4;
    }
  for (guint i = 0; i < n_addresses; i++)
    {
      const SimDocumentAddress *address = addresses->pdata[i];
      g_autofree char *since = sim_document_canvas_date (canvas, address->since);
      SimDocumentField row[] = {
        { .value = address->address, .width = address_width },
        { .value = since },
      };

      sim_document_canvas_row (canvas, ADDRESS_ROW_HEIGHT, row, G_N_ELEMENTS (row));
    }
  sim_document_canvas_frame_end (canvas);
  canvas->y += 10;
}

/* Draws a 戸籍の附票の写し: the register's head, then each person's addresses. */
static void
sim_document_fuhyo_body (SimDocumentCanvas *canvas)
{
  GPtrArray *members = canvas->document->members;

  canvas->y += 4;
  sim_document_register_head (canvas, "筆頭者", 0);
  canvas->y += 12;
  for (guint i = 0; members != NULL && i < members->len; i++)
    sim_document_fuhyo_member (canvas, members->pdata[i]);
  canvas->y -= 10;
}

const SimDocumentForm sim_document_koseki_whole_form = {
  .title = "戸籍全部事項証明書",
  .sentence = "これは、戸籍に記録されている事項の全部を証明した書面である。",
  .draw_body = sim_document_koseki_body,
};

const SimDocumentForm sim_document_koseki_individual_form = {
  .title = "戸籍個人事項証明書",
  .sentence = "これは、戸籍中の一部の者について記録されている事項の全部を証明した書面である。",
  .draw_body = sim_document_koseki_body,
};

const SimDocumentForm sim_document_fuhyo_form = {
  .title = "戸籍の附票の写し",
  .sentence = "この写しは、戸籍の附票の原本と相違ないことを証明する。",
  .draw_body = sim_document_fuhyo_body,
};
