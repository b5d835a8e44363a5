#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (the Swift toolchain's -sanitize=fuzzer) and
# AddressSanitizer.
#
#   scripts/fuzz.sh TARGET SECONDS     fuzz one target for SECONDS
#   scripts/fuzz.sh TARGET replay      run a target once over its corpus and seeds (no fuzzing)
#
# TARGET: vault | response | theme | profile (or FuzzVaultFile, FuzzResponse, FuzzTheme,
# FuzzProfile). The targets live in the separate package Fuzz/, which depends on this one by
# path, so `swift test` never builds them. The corpus grows in Fuzz/.corpus/TARGET (not
# committed); it starts from seeds made here from the test fixtures. A crash or hang is
# written to Fuzz/.artifacts/ and must become an ordinary regression test in Tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Only when swift is not on PATH already: a different PATH makes SwiftPM rebuild everything.
if ! command -v swift >/dev/null 2>&1 && [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

case "${1:-}" in
  vault|FuzzVaultFile) target=FuzzVaultFile ;;
  response|FuzzResponse) target=FuzzResponse ;;
  theme|FuzzTheme) target=FuzzTheme ;;
  profile|FuzzProfile) target=FuzzProfile ;;
  *) echo "usage: scripts/fuzz.sh vault|response|theme|profile SECONDS|replay" >&2; exit 2 ;;
esac
what="${2:-}"
if [ "$what" != replay ] && ! [[ "$what" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh $1 SECONDS|replay" >&2; exit 2
fi

echo "building $target (release, -sanitize=fuzzer,address)…" >&2
# One build at a time: two fuzzers started together must not build into Fuzz/.build at once.
mkdir -p Fuzz/.build
(cd Fuzz && flock .build/fuzz-build.lock swift build -c release --sanitize=fuzzer --sanitize=address --product "$target" >&2)
binary="$root/Fuzz/.build/release/$target"

seeds="$root/Fuzz/.seeds/$target"
corpus="$root/Fuzz/.corpus/$target"
artifacts="$root/Fuzz/.artifacts"
mkdir -p "$seeds" "$corpus" "$artifacts"

status() { # two bytes that the response target turns back into the HTTP status
  local code=$(( $1 - 100 )); printf "\\x$(printf %02x $((code >> 8)))\\x$(printf %02x $((code & 255)))"
}

case "$target" in
  FuzzTheme)
    cp themes/*.toml "$seeds/"
    ;;
  FuzzResponse)
    # Zuora's recorded response shapes, as the classifier tests use them.
    { status 200; printf 'Content-Type: application/json;charset=utf-8\nSet-Cookie: ZSession=RmeipYqHIQQTnou14G0bP-HRT3xh; Path=/; Secure; HttpOnly\nZuora-Request-Id: 6f1f2d3c-0000-4000-8000-000000000001\n\n{\n  "success" : true\n}'; } > "$seeds/ok"
    { status 401; printf 'Content-Type: application/json\n\n{"success":false,"reasons":[{"code":90000011,"message":"Invalid login. User name and password do not match."}]}'; } > "$seeds/auth"
    { status 400; printf 'Content-Type: application/json\n\n{"success":false,"processId":"3F7EA3FD706C7E7C","reasons":[{"code":"90000020","message":"Invalid entity"}]}'; } > "$seeds/entity"
    { status 429; printf 'Retry-After: 30\nRateLimit-Limit: 100\nRateLimit-Remaining: 0\nRateLimit-Reset: 30\n\n{"message":"You have exceeded the limit"}'; } > "$seeds/rate"
    { status 500; printf 'Content-Type: text/plain\n\nInternal Server Error'; } > "$seeds/server"
    { status 502; printf 'Content-Type: text/html\n\n<html><body><h1>502 Bad Gateway</h1></body></html>'; } > "$seeds/gateway"
    { status 302; printf 'Location: https://login.example.com/\n\n'; } > "$seeds/redirect"
    { status 200; printf 'Set-Cookie: ZSession=abc%%1B%%5D0%%3Bx%%07; Path=/\n\n{"success":true}'; } > "$seeds/hostile-cookie"
    ;;
  FuzzProfile)
    printf '\x00acme-prod-eu\nhttps://rest.eu.zuora.com\napi@acme.example\nsecret-password\n\nbilling eu\n' > "$seeds/plain"
    printf '\x01acme-multi\nhttps://proxy.example.com/rest/v1\nuser@example.com\npw123456\n8a8082c45f2b4a1c015f2b4a1c010001\nprod\n' > "$seeds/entity-id"
    printf '\x02local\nhttp://127.0.0.1:8080\nu\np\nEurope Entity\n\n' > "$seeds/entity-name"
    printf '\x00x\nhttp://api.localhost:9\nu\np\n\n\n' > "$seeds/dot-localhost"
    ;;
  FuzzVaultFile)
    # A real export made by the debug ztenant at the cheapest KDF cost, less its trailing
    # checksum (the target appends it), behind mode byte 0; the format 2 vault it came from,
    # less its index digest and trailing digest, behind mode byte 2; and an export payload.
    if [ ! -s "$seeds/export" ] || [ ! -s "$seeds/vault2" ]; then
      swift build --product ztenant >&2
      home=$(mktemp -d); trap 'rm -rf "$home"' EXIT
      export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state"
      export ZTENANT_NEW_PASSPHRASE=fuzz-passphrase ZTENANT_PASSPHRASE=fuzz-passphrase
      bin="$root/.build/debug/ztenant"
      "$bin" init --kdf-log-n 10 >/dev/null
      echo secret-one | "$bin" add acme-prod --url https://rest.eu.zuora.com --user api@acme.example --password-stdin --tag billing >/dev/null
      echo secret-two | "$bin" add acme-multi --url https://rest.zuora.com --user u@example.com --entity-id 8a8082c45f2b4a1c --password-stdin >/dev/null
      "$bin" export --kdf-log-n 10 --out "$home/export.ztv" >/dev/null
      { printf '\x00'; head -c -32 "$home/export.ztv"; } > "$seeds/export"
      { printf '\x02'; head -c -64 "$home/data/ztenant/vault.ztv"; } > "$seeds/vault2"
    fi
    printf '\x01{"schema":1,"exportedAt":800000000,"profiles":[{"name":"a","baseURL":"https://rest.zuora.com","user":"u","password":"p","entity":{"id":"8a80"},"tags":["x"],"notes":"","sessionTimeoutMinutes":15}]}' > "$seeds/payload"
    ;;
esac

# A target built without coverage instrumentation finds nothing; refuse to pretend.
probe=$("$binary" -runs=0 "$seeds" 2>&1 || true)
if ! grep -q 'INITED cov:' <<<"$probe"; then
  echo "fuzz.sh: $target reports no coverage: the build is not instrumented (rebuild: rm -rf Fuzz/.build)" >&2
  exit 1
fi

if [ "$what" = replay ]; then
  exec "$binary" -runs=0 "$corpus" "$seeds"
fi
exec "$binary" -max_total_time="$what" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$target-" "$corpus" "$seeds"
