/* sim-juminhyo.h: the 住民票の写し page the municipal server issues, as a one-page A4 PDF. */
#pragma once

#include "sim/servers/sim-registry.h"

G_BEGIN_DECLS

/* Renders @resident's 住民票の写し certified by @municipality on @issued_on (JST day), numbered
 * @issue_number; @issued_at (RFC 3339) becomes the PDF's creation date so bytes are reproducible. */
GBytes *sim_juminhyo_render (const SimMunicipality *municipality, const SimResident *resident,
                             SimDay issued_on, gint64 issue_number, const char *issued_at,
                             GError **error);

G_END_DECLS
