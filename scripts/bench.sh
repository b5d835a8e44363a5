#!/usr/bin/env bash
# Builds ztenant in release mode and prints the benchmark figures.
#   scripts/bench.sh               every benchmark
#   scripts/bench.sh vault kdf     some of them (vault, kdf, check, startup, paced, tui)
# The ztenant binary measured is linked with --static-swift-stdlib (the build install.sh
# ships); `startup` also measures the same code linked against the toolchain's shared Swift
# runtime, kept as .build/bench/ztenant-shared-runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(vault kdf check startup paced tui)
if printf '%s\n' "${sections[@]}" | grep -qx startup; then
  swift build -c release --product ztenant >&2
  mkdir -p .build/bench
  cp .build/release/ztenant .build/bench/ztenant-shared-runtime
  export ZTENANT_BENCH_DYNAMIC="$PWD/.build/bench/ztenant-shared-runtime"
fi
swift build -c release --static-swift-stdlib --product ztenant >&2
swift build -c release --product ztenant-bench >&2
core=()
for section in "${sections[@]}"; do
  [ "$section" = tui ] || core+=("$section")
done
[ ${#core[@]} -gt 0 ] && .build/release/ztenant-bench "${core[@]}"
if printf '%s\n' "${sections[@]}" | grep -qx tui; then
  python3 scripts/bench-tui.py
fi
