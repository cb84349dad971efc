/* kiosk-test-world.h: a test program in its own reference world (sim/world/kiosk-world).
 * Run outside a world, the program starts one, runs itself inside it (kiosk-world exec) and
 * stops it; inside, the world's environment (world.env) names its parts. Shared by the print
 * and gui suites. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs $KIOSK_WORLD_SCRIPT with @args (NULL-terminated: "card", DIR, "remove"); its output
 * becomes TAP comments (except for exec, whose output is the program's own). FALSE, with the
 * reason on stderr, if it fails. */
gboolean kiosk_test_world_run (const char *const *args);

/* Whether this process runs inside a world ($KIOSK_WORLD is set). */
gboolean kiosk_test_world_is_inside (void);

/* Outside a world: starts one in $G_TEST_BUILDDIR/world with the start options @options
 * (NULL-terminated, e.g. "--only", "printer"; or NULL for everything), runs this program inside
 * it with @argv's arguments, stops it. Returns the exit status: 1 (with the reason on stderr)
 * if the world could not start, never a skip. */
int kiosk_test_world_rerun_inside (char **argv, const char *const *options);

/* Inside a world: asserts the world's printer kept exactly one document for job @job_id
 * ($KIOSK_PRINTER_SPOOL/<job_id>-*.pdf) and returns its bytes. */
GBytes *kiosk_test_world_get_printed (int job_id);

G_END_DECLS
