#!/usr/bin/env bash
# Packages one release archive: dist/tfwarden-v<version>-<target>.tar.gz with the binary and the
# README, and its SHA-256 checksum beside it (<archive>.sha256, in `sha256sum` format).
#
#   scripts/package-release.sh TARGET [BINARY]
#
# DIST_DIR (default dist) is where they go.
# Without BINARY it builds `cargo build --release --locked --target TARGET` first. The release
# workflow (.github/workflows/release.yml) runs it for each platform; `make packaging` runs it on
# the host's binary to check the archive and its checksum.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/package-release.sh TARGET [BINARY]}
binary=${2:-}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "package-release: no version in Cargo.toml" >&2; exit 1; }

if [ -z "$binary" ]; then
  cargo build --release --locked --target "$target" --bin tfwarden
  binary="${CARGO_TARGET_DIR:-target}/$target/release/tfwarden"
fi
[ -x "$binary" ] || { echo "package-release: $binary is not an executable" >&2; exit 1; }

name="tfwarden-v$version-$target"
dist=${DIST_DIR:-dist}
mkdir -p "$dist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/tfwarden"
cp README.md "$stage/$name/"
tar -C "$stage" -czf "$dist/$name.tar.gz" "$name"

if command -v sha256sum >/dev/null 2>&1; then
  (cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
else # macOS
  (cd "$dist" && shasum -a 256 "$name.tar.gz" > "$name.tar.gz.sha256")
fi
echo "$dist/$name.tar.gz"
cat "$dist/$name.tar.gz.sha256"
