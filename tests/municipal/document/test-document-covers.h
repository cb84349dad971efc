/* test-document-covers.h: the font coverage tests, added to the document test program. */
#pragma once

/* Adds the tests of sim_document_font_covers(). */
void add_covers_tests (void);
