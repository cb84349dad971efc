#!/usr/bin/env bash
# bench/run municipal [RESIDENTS [N]]: the six certificates made by the municipal server's own code
# (bench/municipal-render.c) from a registry kiosk-sim-registry generates (default 20,000
# residents, seed 1), N documents a type (default 200), rendered on two threads as the server's
# workers do. Prints municipal_render_ms_p50_<type> (target: under 20 ms each),
# municipal_render_ms_p99_<type>, municipal_docs_per_s_<type>, municipal_certify_ms_p50_<type>
# and municipal_pdf_kb_max. No world, no network: the registry and the renderer alone.
set -euo pipefail
residents=${1:-20000}
count=${2:-200}
generator="$BUILD/sim/registry/kiosk-sim-registry"
render="$BUILD/bench/kiosk-bench-municipal-render"
{ [ -x "$generator" ] && [ -x "$render" ]; } ||
  { echo "bench/run municipal: build $BUILD first (kiosk-sim-registry, kiosk-bench-municipal-render)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
start=$(date +%s%N)
"$generator" --out "$dir/registry.db" --residents "$residents" --cards "$dir/cards.tsv" >/dev/null
echo "# registry of $residents residents generated in $((($(date +%s%N) - start) / 1000000)) ms"
"$render" "$dir/registry.db" "$dir/cards.tsv" "$count"
