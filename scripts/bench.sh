#!/usr/bin/env bash
# Builds ztenant in release mode and prints the benchmark figures.
#   scripts/bench.sh                    every benchmark
#   scripts/bench.sh vault kdf          some of them (vault, kdf, check, startup, agent, paced, tui, age;
#                                       encoding is measured only when named)
#   scripts/bench.sh --shared-runtime startup
#                                       also measure start-up of a build that loads the
#                                       toolchain's shared Swift runtime (a second release
#                                       build in .build/shared-runtime, long the first time)
# Both products are built by scripts/build-release.sh, the build install.sh ships; building them
# with the same flags keeps one set of compiled modules.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=0
if [ "${1:-}" = "--shared-runtime" ]; then shared=1; shift; fi
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(vault kdf check startup agent paced tui age)
if [ $shared -eq 1 ]; then
  swift build -c release --scratch-path .build/shared-runtime --product ztenant >&2
  export ZTENANT_BENCH_DYNAMIC="$PWD/.build/shared-runtime/release/ztenant"
fi
scripts/build-release.sh >&2
# Measure the binaries as read from disk, as after install.sh or a reboot: straight after the
# link their pages sit in the page cache as the linker wrote them, in large folios the kernel
# maps whole, and the memory figures read 2–3 MiB higher (docs/benchmarks.md).
for product in .build/release/ztenant .build/release/ztenant-bench; do
  sync "$product" && dd if="$product" iflag=nocache count=0 status=none || true
done
core=()
for section in "${sections[@]}"; do
  case "$section" in tui|age) ;; *) core+=("$section") ;; esac
done
mkdir -p .build/bench
export ZTENANT_BENCH_KEEP_VAULT="$PWD/.build/bench/vault-1000.ztv"
[ ${#core[@]} -gt 0 ] && .build/release/ztenant-bench "${core[@]}"
if printf '%s\n' "${sections[@]}" | grep -qx vault; then
  python3 scripts/bench-memory.py
fi
if printf '%s\n' "${sections[@]}" | grep -qx tui; then
  python3 scripts/bench-tui.py
fi
if printf '%s\n' "${sections[@]}" | grep -qx age; then
  python3 scripts/bench-age.py
fi
