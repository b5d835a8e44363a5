#!/usr/bin/env bash
# Builds ztenant in release mode and prints the benchmark figures.
#   scripts/bench.sh               every benchmark
#   scripts/bench.sh vault kdf     some of them (vault, kdf, check, tui)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ztenant >&2
swift build -c release --product ztenant-bench >&2
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(vault kdf check tui)
core=()
for section in "${sections[@]}"; do
  [ "$section" = tui ] || core+=("$section")
done
[ ${#core[@]} -gt 0 ] && .build/release/ztenant-bench "${core[@]}"
if printf '%s\n' "${sections[@]}" | grep -qx tui; then
  python3 scripts/bench-tui.py
fi
