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
release=.build/release
stamp=.build/function-sections.stamp

# SwiftPM does not recompile Swift modules when only -Xfrontend flags change, so objects from
# a release build without function sections would be linked as they are: drop them once.
if [ ! -e "$stamp" ] && compgen -G "$release/*.build/*.swift.o" >/dev/null; then
  echo "build-release.sh: recompiling the release objects once, with function sections" >&2
  rm -f "$release"/*.build/*.swift.o
fi
# Nor does it know that the link reads link/: link again when a file there is newer.
for product in ztenant ztenant-bench; do
  for input in link/*; do
    if [ -e "$release/$product" ] && [ "$input" -nt "$release/$product" ]; then
      rm -f "$release/$product"
    fi
  done
done

if [ $# -gt 0 ]; then
  swift build "${flags[@]}" "$@"
else
  swift build "${flags[@]}" --product ztenant
  swift build "${flags[@]}" --product ztenant-bench
fi
mkdir -p .build && touch "$stamp"
