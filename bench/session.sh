#!/usr/bin/env bash
# bench/run session [N]: N headless sessions (default 20) against one reference world, cycling
# through the test cards; prints the median of each stage, from the journal's step times.
#   card          card placed → PIN screen (connect, select, read certificate, PIN counter)
#   authenticate  PIN entered → catalogue shown (VERIFY, nonce, card signature, session, catalogue)
#   fetch         request sent → document received and its binding verified
#   compose       binding verified → print job composed (the page as is, until issue 5)
#   submit        job composed → printer accepted it (IPP Print-Job with the PDF)
#   print         printer accepted → printer reports the job completed
#   session_total card placed → certificate printed
set -euo pipefail
. "$KIOSK_SOURCE_ROOT/tests/lib/world.sh"
runs=${1:-20}

world_start --card 1
for i in $(seq 1 "$runs"); do
  card=$(( (i - 1) % 3 + 1 ))
  [ "$i" = 1 ] || "$kiosk_world" card "$world" insert "$card" >/dev/null
  run_session 1234
  [ "$session_status" = 0 ] || fail "session $i failed: $(tail -n 2 "$session_log")"
done

# stage FROM TO: each done session's milliseconds from step FROM to step TO, one per line.
stage() {
  sqlite3 "$world/journal.sqlite" "
    SELECT CAST(ROUND((julianday(b.at) - julianday(a.at)) * 86400000.0) AS INTEGER)
    FROM sessions s
    JOIN steps a ON a.session_id = s.id AND a.step = '$1'
    JOIN steps b ON b.session_id = s.id AND b.step = '$2'
    WHERE s.outcome = 'done'"
}

# median: the middle value of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "BENCH sessions $runs count"
echo "BENCH stage_card_ms_p50 $(stage card pin | median) ms"
echo "BENCH stage_authenticate_ms_p50 $(stage authenticate choose | median) ms"
echo "BENCH stage_fetch_ms_p50 $(stage request compose | median) ms"
echo "BENCH stage_compose_ms_p50 $(stage compose submit | median) ms"
echo "BENCH stage_submit_ms_p50 $(stage submit submitted | median) ms"
echo "BENCH stage_print_ms_p50 $(stage submitted printed | median) ms"
echo "BENCH session_total_ms_p50 $(stage card take-card | median) ms"
