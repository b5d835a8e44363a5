#!/usr/bin/env bash
# Regenerates docs/man/ztenant.1 from the command definitions (swift-argument-parser's
# generate-manual plugin, debug build). Run it after changing a command or an option; the
# ManPageTests suite fails while the committed page misses a subcommand or an option.
set -euo pipefail
cd "$(dirname "$0")/.."
# The date of the last change to the commands, so regenerating an unchanged page changes nothing.
date="$(git log -1 --format=%cs -- Sources/ztenant 2>/dev/null || true)"
date="${date:-$(date +%F)}"
# A stale page from an earlier run must not be mistaken for this run's.
find .build/plugins -path '*GenerateManual*' -name ztenant.1 -delete 2>/dev/null || true
swift package --allow-writing-to-package-directory generate-manual --configuration debug \
  --date "$date" --authors "the ztenant authors" >/dev/null
page="$(find .build/plugins -path '*GenerateManual*' -name ztenant.1 | head -1)"
[ -n "$page" ] || { echo "manpage.sh: the plugin wrote no ztenant.1" >&2; exit 1; }
mkdir -p docs/man
cp "$page" docs/man/ztenant.1
echo "wrote docs/man/ztenant.1 ($(wc -l <docs/man/ztenant.1) lines, dated $date)"
