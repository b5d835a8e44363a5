#!/usr/bin/env bash
# The release build that install.sh ships and the benchmarks measure:
#   scripts/build-release.sh [--product NAME]     (both products when no --product is given)
# --static-swift-stdlib links the Swift runtime and Foundation into the binary (no loading of
# the toolchain's shared libraries at start-up). -function-sections / -ffunction-sections give
# every function its own section, so the release link (Package.swift: lld with
# link/ztenant.order) can place the code everyday commands run side by side; SwiftPM does not
# do this by default, and flags for dependencies can only come from the command line.
# The first run takes about 15 minutes on 2 cores; later ones rebuild what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections)
if [ $# -gt 0 ]; then
  swift build "${flags[@]}" "$@"
else
  swift build "${flags[@]}" --product ztenant
  swift build "${flags[@]}" --product ztenant-bench
fi
