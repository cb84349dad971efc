#!/usr/bin/env bash
# bench/run card: one full card authentication (certificate, PIN counter, VERIFY, signature) by our
# driver and by OpenSC against the same emulated card, counted from the emulator's APDU log:
#   card_apdus_ours / _opensc         APDUs the card received
#   card_bytes_ours / _opensc         bytes exchanged: commands + response data + 2 status bytes each
#   card_time_ms_212k (_opensc)       card time the contactless model gives at 212 kbit/s
#                                     (sim/card/sim-timing.h: Type B framing, 1 ms a command,
#                                     200 ms for the RSA-2048 signature)
#   card_read_binary_ours / _opensc   READ BINARY commands among them
#   card_*_opensc_jpki                OpenSC again, told to try only its JPKI driver (no probing)
# Ours is bench/card-auth.c: the terminal's calls in the terminal's order. OpenSC is pkcs11-tool
# over opensc-pkcs11 in one run: login with the user-auth PIN, sign a center-style challenge with
# key 01 (SHA256-RSA-PKCS), read certificate 01. Each run gets card 1 freshly inserted with a new
# state file (full PIN counter) and its own log; a run that does not authenticate fails the bench.
set -euo pipefail
. "$KIOSK_SOURCE_ROOT/tests/lib/world.sh"

opensc_module=$(pkcs11_module)
# framework-pkcs15 names a token after the card and, with more than one PIN, the slot's PIN.
opensc_token="JPKI (User Authentication PIN)"
card=1
pin=${KIOSK_WORLD_PIN:-1234}
card_auth="$BUILD/bench/kiosk-bench-card-auth"
card_log="$BUILD/bench/kiosk-bench-card-log"

{ [ -x "$card_auth" ] && [ -x "$card_log" ]; } || fail "build $BUILD first (bench/kiosk-bench-card-auth, -log)"
command -v pkcs11-tool >/dev/null || fail "no pkcs11-tool (apt install opensc)"

world_start --only card --card 0

# insert_fresh NAME: card $card (the world's whole My Number Card, signing half included) on the
# reader with a new state file (full PIN counters), logging its APDUs to $world/NAME.apdus.
insert_fresh() {
  local name=$1
  "$kiosk_world" card "$world" remove >/dev/null
  rm -f "$world/card-$card.state" "$world/$name.apdus"
  printf '[card]\napdu-log=%s\n' "$world/$name.apdus" >"$world/$name.profile"
  "$kiosk_world" card "$world" insert "$card" --profile "$world/$name.profile" >/dev/null ||
    fail "card $card did not go in for the $name run"
}

# take_out: the emulator exits, so its log is complete and closed.
take_out() { "$kiosk_world" card "$world" remove >/dev/null; }

# figures NAME: the figures of the log of run NAME (kiosk-bench-card-log) into fig[NAME.KEY].
declare -A fig
figures() {
  local name=$1 key value out
  out=$("$card_log" --require-authentication --bit-rate 212000 "$world/$name.apdus") ||
    fail "the $name run's APDU log does not hold one authentication ($world/$name.apdus)"
  while read -r key value; do fig[$name.$key]=$value; done <<<"$out"
}

# opensc_run NAME [CONF]: pkcs11-tool's authentication, with a fresh OpenSC home (no file cache)
# and CONF as opensc.conf (default: the system's). Fails the bench unless the signature
# verifies with the certificate it read and that certificate is card $card's.
opensc_run() {
  local name=$1 conf=${2:-}
  local home="$world/$name-home" out="$world/$name.out"
  local -a env_args=(HOME="$home" XDG_CACHE_HOME="$home/.cache")
  [ -n "$conf" ] && env_args+=(OPENSC_CONF="$conf")
  mkdir -p "$home"
  insert_fresh "$name"
  # sign_data() runs before read_object() in pkcs11-tool, and both write to stdout: the signature,
  # then the DER certificate.
  "$kiosk_world" exec "$world" -- env "${env_args[@]}" pkcs11-tool --module "$opensc_module" \
    --token-label "$opensc_token" --login --pin "$pin" \
    --sign --id 01 -m SHA256-RSA-PKCS --input-file "$world/challenge" \
    --read-object --type cert --id 01 >"$out" 2>"$world/logs/$name.log" ||
    fail "OpenSC ($name) did not authenticate: $(tail -n 3 "$world/logs/$name.log")
the card's last answers ($world/$name.apdus):
$(tail -n 4 "$world/$name.apdus" 2>/dev/null)"
  take_out
  # The certificate is the output's tail, the signature the 256 bytes before it (a status line
  # pkcs11-tool may print first is left in front).
  local der_size out_size
  der_size=$(stat -c %s "$world/pki/card-$card.der")
  out_size=$(stat -c %s "$out")
  [ "$out_size" -ge $((der_size + 256)) ] || fail "OpenSC ($name) wrote only $out_size bytes"
  tail -c "$der_size" "$out" >"$world/$name.der"
  head -c $((out_size - der_size)) "$out" | tail -c 256 >"$world/$name.sig"
  cmp -s "$world/$name.der" "$world/pki/card-$card.der" ||
    fail "OpenSC ($name) did not return card $card's certificate"
  { openssl x509 -inform DER -in "$world/$name.der" -pubkey -noout >"$world/$name.pub" &&
    openssl dgst -sha256 -verify "$world/$name.pub" -signature "$world/$name.sig" "$world/challenge" >/dev/null; } ||
    fail "OpenSC's ($name) signature does not verify with card $card's key"
  figures "$name"
}

# Ours: the terminal's driver.
insert_fresh ours
"$kiosk_world" exec "$world" -- "$card_auth" --pin "$pin" >"$world/ours.out" 2>"$world/logs/ours.log" ||
  fail "our driver did not authenticate: $(tail -n 3 "$world/logs/ours.log")"
take_out
figures ours

# OpenSC, as installed, then with only its JPKI driver (opensc.conf: card_drivers = jpki).
printf 'kiosk-auth-v1\n%s\n%s\n%s' "$(openssl rand -base64 32)" T-0001 "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  >"$world/challenge"
opensc_run opensc
printf 'app default {\n  card_drivers = jpki;\n  framework pkcs15 {\n  }\n}\n' >"$world/opensc-jpki.conf"
opensc_run opensc_jpki "$world/opensc-jpki.conf"

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

echo "BENCH card_apdus_ours ${fig[ours.apdus]} count"
echo "BENCH card_apdus_opensc ${fig[opensc.apdus]} count"
echo "BENCH card_bytes_ours ${fig[ours.bytes]} bytes"
echo "BENCH card_bytes_opensc ${fig[opensc.bytes]} bytes"
echo "BENCH card_time_ms_212k $(ms "${fig[ours.time_us]}") ms"
echo "BENCH card_time_ms_212k_opensc $(ms "${fig[opensc.time_us]}") ms"
echo "BENCH card_read_binary_ours ${fig[ours.read_binary]} count"
echo "BENCH card_read_binary_opensc ${fig[opensc.read_binary]} count"
echo "BENCH card_apdus_opensc_jpki ${fig[opensc_jpki.apdus]} count"
echo "BENCH card_bytes_opensc_jpki ${fig[opensc_jpki.bytes]} bytes"
echo "BENCH card_time_ms_212k_opensc_jpki $(ms "${fig[opensc_jpki.time_us]}") ms"
