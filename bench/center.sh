#!/usr/bin/env bash
# bench/run center [SECONDS]: the issuance center's throughput on this machine, everything on its
# cores: the fleet of terminals (sim/load/kiosk-sim-fleet: TLS, the cards' RSA signatures, the
# binding checks), the center, the OCSP responder, the municipal server rendering and signing real
# documents, and the database. Measured for SECONDS (default 10) after 2 s of warm-up:
#   sessions    nonce, the card's signature, POST /v1/sessions (chain, signature, OCSP, session)
#   issuances   POST .../requests with a new idempotency key (the center asks the municipal
#               server, which renders the PDF and signs its binding), the terminal's binding
#               check, then the outcome; latency is the request's
# once with SQLite (one center) and once with PostgreSQL (two centers sharing it, the terminals
# spread over both). The OCSP cache is the center's default (60 s): each load card asks the
# responder once. KIOSK_BENCH_CONCURRENCY (default 16) terminals work at once.
set -euo pipefail
. "$KIOSK_SOURCE_ROOT/tests/lib/world.sh"
duration=${1:-10}
concurrency=${KIOSK_BENCH_CONCURRENCY:-16}
fleet="$BUILD/sim/load/kiosk-sim-fleet"
[ -x "$fleet" ] || fail "$fleet is missing: build first"

# run_fleet MODE: runs the fleet in MODE against every center of the world.
run_fleet() {
  local mode=$1 urls=() url
  for url in $(. "$world/world.env" && echo "$KIOSK_CENTER_URLS"); do urls+=(--center "$url"); done
  "$kiosk_world" exec "$world" -- "$fleet" --mode "$mode" "${urls[@]}" \
    --ca "$world/pki/tls-ca.pem" --municipal-ca "$world/pki/muni-ca.pem" --pki "$world/pki" \
    --terminals "$concurrency" --concurrency "$concurrency" --duration "$duration" --warmup 2 \
    2>>"$world/logs/fleet.log" || fail "the fleet failed in mode $mode; see $world/logs/fleet.log"
}

# figure NAME: the value of "FLEET NAME value" on stdin.
figure() { awk -v name="$1" '$1 == "FLEET" && $2 == name { print $3 }'; }

for db in sqlite pg; do
  case "$db" in
    sqlite) centers=1 KIOSK_WORLD_CENTER_DB=sqlite ;;
    pg) centers=2 KIOSK_WORLD_CENTER_DB=postgresql ;;
  esac
  export KIOSK_WORLD_CENTER_DB KIOSK_WORLD_CENTERS=$centers KIOSK_WORLD_LOAD_CARDS=$concurrency
  world_start --only servers
  sessions=$(run_fleet sessions)
  issuances=$(run_fleet issuances)
  world_stop
  echo "BENCH center_sessions_per_s_$db $(figure sessions_per_s <<<"$sessions") sessions/s"
  echo "BENCH center_session_p50_ms_$db $(figure sessions_p50_ms <<<"$sessions") ms"
  echo "BENCH center_session_p99_ms_$db $(figure sessions_p99_ms <<<"$sessions") ms"
  echo "BENCH center_issuances_per_s_$db $(figure issuances_per_s <<<"$issuances") issuances/s"
  echo "BENCH center_issue_p50_ms_$db $(figure issuances_p50_ms <<<"$issuances") ms"
  echo "BENCH center_issue_p99_ms_$db $(figure issuances_p99_ms <<<"$issuances") ms"
done
echo "BENCH center_concurrency $concurrency terminals"
