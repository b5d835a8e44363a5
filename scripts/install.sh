#!/usr/bin/env bash
# Installs an already built ztenant under PREFIX (default ~/.local):
#   PREFIX/bin/ztenant                                   the binary
#   PREFIX/share/ztenant/themes/*.toml                   bundled themes (found beside the real binary)
#   PREFIX/share/bash-completion/completions/ztenant     bash completion
#   PREFIX/share/zsh/site-functions/_ztenant             zsh completion
#   PREFIX/share/fish/vendor_completions.d/ztenant.fish  fish completion
#   PREFIX/share/man/man1/ztenant.1                      the manual (docs/man/ztenant.1)
#
# It never builds (a running `swift test` holds the build lock). Build first:
#   scripts/build-release.sh --product ztenant
#
# Usage: scripts/install.sh [--binary PATH] [PREFIX]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
binary="$root/.build/release/ztenant"
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$prefix" ] || { echo "install.sh: one PREFIX only" >&2; exit 2; }; prefix="$1"; shift ;;
  esac
done
prefix="${prefix:-$HOME/.local}"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

if [ ! -x "$binary" ]; then
  echo "install.sh: no built binary at $binary." >&2
  echo "  Build it first (install.sh never builds): scripts/build-release.sh --product ztenant" >&2
  exit 1
fi
if command -v ldd >/dev/null 2>&1 && ldd "$binary" 2>/dev/null | grep -q 'libswiftCore'; then
  echo "install.sh: note: $binary loads the Swift runtime from the toolchain, so it runs only where that" >&2
  echo "  toolchain is and starts slower. scripts/build-release.sh --product ztenant links it in." >&2
fi

# Everything that can fail without touching PREFIX happens first: the completions come from
# the binary being installed, before anything is copied.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for shell in bash zsh fish; do
  if ! "$binary" --generate-completion-script "$shell" >"$scratch/$shell"; then
    echo "install.sh: $binary could not write its $shell completion; nothing was installed." >&2
    exit 1
  fi
done
trap 'status=$?; rm -rf "$scratch"; [ $status -eq 0 ] || echo "install.sh: stopped with an error (see above); $prefix may hold part of the install. Fix the cause and run install.sh again." >&2' EXIT

# Copy under a temporary name and rename, so a running ztenant is never overwritten in place.
put() { # put MODE SOURCE DEST
  local dest="$3" tmp
  tmp="$(dirname "$dest")/.$(basename "$dest").install.$$"
  install -m "$1" "$2" "$tmp" || { rm -f "$tmp"; return 1; }
  mv -f "$tmp" "$dest" || { rm -f "$tmp"; return 1; }
}

install -d "$prefix/bin" "$prefix/share/ztenant/themes" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" "$prefix/share/man/man1"
put 0755 "$binary" "$prefix/bin/ztenant"
# Let the first runs read the binary from disk rather than keep the pages the copy just wrote:
# this kernel maps written page-cache folios whole, up to 1 MiB per touch (docs/benchmarks.md,
# "How the release binary is linked"). Best effort; nothing depends on it.
sync "$prefix/bin/ztenant" 2>/dev/null && dd if="$prefix/bin/ztenant" iflag=nocache count=0 status=none 2>/dev/null || true
for theme in "$root"/themes/*.toml; do
  put 0644 "$theme" "$prefix/share/ztenant/themes/$(basename "$theme")"
done
put 0644 "$scratch/bash" "$prefix/share/bash-completion/completions/ztenant"
put 0644 "$scratch/zsh" "$prefix/share/zsh/site-functions/_ztenant"
put 0644 "$scratch/fish" "$prefix/share/fish/vendor_completions.d/ztenant.fish"
put 0644 "$root/docs/man/ztenant.1" "$prefix/share/man/man1/ztenant.1"

echo "installed ztenant $("$prefix/bin/ztenant" --version) into $prefix"
echo "  binary      $prefix/bin/ztenant"
echo "  themes      $prefix/share/ztenant/themes ($(ls "$prefix/share/ztenant/themes" | wc -l) files)"
echo "  completion  bash, zsh, fish under $prefix/share"
echo "  manual      $prefix/share/man/man1/ztenant.1 (man ztenant)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH; add it, e.g. export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
