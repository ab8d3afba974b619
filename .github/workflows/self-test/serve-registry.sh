#!/usr/bin/env bash
# Serves a small image registry on 127.0.0.1 for the self-test workflow, so the action is tested
# on a real runner without depending on the published images.
#
# Usage: serve-registry.sh SITE_DIR [PORT]
#
# Writes SITE_DIR/registry.toml and two images under SITE_DIR/img/ (qemu_aarch64_selftest and
# qemu_x86_64_selftest, each a kernel named as the published ones and a rootfs.img), then serves
# SITE_DIR with python3's http.server in the background. The archives are byte-reproducible
# (sorted names, mtime 0, owner 0, gzip -n): the same SHA-256 on every run keeps the Actions
# cache to two entries however often this runs.
set -euo pipefail

site="${1:?usage: serve-registry.sh SITE_DIR [PORT]}"
port="${2:-8765}"
mkdir -p "$site/img"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

registry="$site/registry.toml"
: >"$registry"

add_image() {
  local name=$1 arch=$2 version=$3
  local dir="$work/$name"
  mkdir -p "$dir"
  printf '%s kernel for the axvisor-image self-test\n' "$name" >"$dir/qemu-$arch"
  head -c 65536 /dev/zero >"$dir/rootfs.img"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r \
    -C "$dir" -cf - "qemu-$arch" rootfs.img | gzip -n >"$site/img/$name.tar.gz"
  local sha
  sha="$(sha256sum "$site/img/$name.tar.gz" | cut -d' ' -f1)"
  cat >>"$registry" <<TOML
[[images]]
name = "$name"
version = "$version"
description = "axvisor-image self-test image ($arch)"
sha256 = "$sha"
arch = "$arch"
url = "img/$name.tar.gz"
released_at = "2026-01-01T00:00:00Z"

TOML
}

add_image qemu_aarch64_selftest aarch64 0.1.0
add_image qemu_x86_64_selftest x86_64 0.1.0

nohup python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$site.log" 2>&1 &
for _ in $(seq 50); do
  if curl -fsS "http://127.0.0.1:$port/registry.toml" >/dev/null 2>&1; then
    echo "serving $site at http://127.0.0.1:$port/registry.toml:"
    cat "$registry"
    exit 0
  fi
  sleep 0.2
done
echo "the registry server did not start; its log:" >&2
cat "$site.log" >&2
exit 1
