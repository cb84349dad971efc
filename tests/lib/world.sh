# tests/lib/world.sh: shell fixtures over sim/world/kiosk-world, sourced by the e2e, gui and
# bench scripts. Each test starts its own world (private network namespace) and stops it on exit.
# Expects KIOSK_SOURCE_ROOT and BUILD (meson passes both).

: "${KIOSK_SOURCE_ROOT:?set by meson}"
: "${BUILD:?set by meson}"
export BUILD
kiosk_world="$KIOSK_SOURCE_ROOT/sim/world/kiosk-world"
kiosk_headless="$BUILD/app/headless/kiosk-headless"
session_line_timeout_s=${SESSION_LINE_TIMEOUT:-60}

fail() { echo "FAIL: $*" >&2; [ -n "${world:-}" ] && [ -d "$world/logs" ] && tail -n 20 "$world"/logs/*.log >&2; exit 1; }

# pkcs11_module: the OpenSC PKCS#11 module's path ($OPENSC_PKCS11 first), for the tests and
# bench/run card that drive the emulated card through OpenSC.
pkcs11_module() {
  local path
  for path in ${OPENSC_PKCS11:-} /usr/lib/*/opensc-pkcs11.so /usr/lib/*/pkcs11/opensc-pkcs11.so \
              /usr/lib64/opensc-pkcs11.so /usr/lib/opensc-pkcs11.so; do
    [ -f "$path" ] && { echo "$path"; return 0; }
  done
  fail "opensc-pkcs11.so is missing: install opensc-pkcs11 (scripts/debian-packages) or set OPENSC_PKCS11"
}

# world_start [ARGS...]: a fresh world in $world, stopped when the test exits.
world_start() {
  world=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-world.XXXXXX")
  trap 'world_stop' EXIT
  "$kiosk_world" start "$world" "$@" >/dev/null || fail "the world did not start"
}

# world_stop: stops and removes the world (kept with KEEP_WORLD=1); a second call does nothing.
world_stop() {
  [ -n "${world:-}" ] || return 0
  "$kiosk_world" stop "$world" >/dev/null 2>&1 || true
  [ -n "${KEEP_WORLD:-}" ] || rm -rf "$world"
  world=""
}

# run_terminal CMD...: runs a terminal program in the world and follows its "kiosk: ..." lines,
# removing the card when it says "take your card", and running the command in the array
# world_action (e.g. kiosk-world card DIR remove) when it reaches state $world_action_at, if set.
# Sets session_status (exit status), session_log (its output) and job_id (the printed job, or empty).
run_terminal() {
  local fifo line pid
  fifo=$(mktemp -u "$world/session.XXXXXX")
  session_log="$fifo.log"
  job_id=""
  mkfifo "$fifo"
  "$kiosk_world" exec "$world" -- "$@" >"$fifo" 2>>"$world/logs/terminal.log" &
  pid=$!
  local rc=0
  while true; do
    IFS= read -r -t "$session_line_timeout_s" line || { rc=$?; break; }
    echo "$line" >>"$session_log"
    case "$line" in
      "kiosk: printed job "*) job_id=${line##* } ;;
      "kiosk: take your card") "$kiosk_world" card "$world" remove ;;
      "kiosk: state ${world_action_at:-} ("*) "${world_action[@]}" >/dev/null ;;
    esac
  done <"$fifo"
  if [ "$rc" -gt 128 ]; then
    # read timed out: the terminal is silent, not finished
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    rm -f "$fifo"
    fail "the terminal said nothing for ${session_line_timeout_s}s; its last words: $(tail -n 3 "$session_log")"
  fi
  set +e
  wait "$pid"
  session_status=$?
  set -e
  rm -f "$fifo"
}

# run_session PIN [HEADLESS ARGS...]: one headless session with PIN.
run_session() {
  local pin=$1; shift
  run_terminal "$kiosk_headless" --pin "$pin" "$@"
}

# run_session_gui: one session on the touchscreen, for a person at the display; the terminal
# exits after one session (--once) and reports on stdout like the headless driver.
run_session_gui() {
  session_line_timeout_s=${SESSION_LINE_TIMEOUT:-600}
  run_terminal "$BUILD/ui/kiosk-terminal" --once
}

# printed_pdf JOB: the document the printer received for JOB.
printed_pdf() {
  local found
  found=$(find "$world/printer-spool" -type f -name "$1-*.pdf" | head -n 1)
  [ -n "$found" ] || fail "the printer kept no document for job $1"
  echo "$found"
}

# resident_name CARD: "FAMILY GIVEN" of the resident the registry holds for card CARD.
resident_name() {
  local serial
  serial=$(awk -v n="$1" '$1 == n { print $2 }' "$world/pki/cards.tsv")
  sqlite3 "$world/registry.sqlite" \
    "SELECT family_name || ' ' || given_name FROM resident WHERE card_serial = '$serial'"
}
