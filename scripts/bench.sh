#!/usr/bin/env bash
# Builds ztenant in release mode and prints the benchmark figures.
#   scripts/bench.sh            every benchmark
#   scripts/bench.sh vault kdf  some of them (vault, kdf, check)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ztenant >&2
swift build -c release --product ztenant-bench >&2
exec .build/release/ztenant-bench "$@"
