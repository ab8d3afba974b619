#!/usr/bin/env bash
# Build the minimal aarch64 test guest and pack it like a published image.
#
# Usage: __tests__/qemu/build-guest.sh [OUT_DIR]     (default: __tests__/qemu/build)
#
# Produces in OUT_DIR:
#   qemu-aarch64                    raw kernel (arm64 Image header + code)
#   rootfs.img                      1 MiB raw file with a text marker at 0
#   qemu_aarch64_testguest.tar.gz   both files at the archive root
# and prints the archive's SHA-256.  The archive is byte-reproducible
# (sorted names, mtime 0, uid/gid 0, fixed modes, gzip -n).
#
# Env: CROSS_COMPILE (default aarch64-linux-gnu-), FORCE=1 to rebuild.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src_dir="$script_dir/guest"
out_dir="${1:-$script_dir/build}"
cross="${CROSS_COMPILE:-aarch64-linux-gnu-}"

kernel_name=qemu-aarch64
rootfs_name=rootfs.img
archive_name=qemu_aarch64_testguest.tar.gz

sources=("$src_dir/guest.S" "$src_dir/link.ld" "${BASH_SOURCE[0]}")
outputs=("$out_dir/$kernel_name" "$out_dir/$rootfs_name" "$out_dir/$archive_name")

die() {
  echo "build-guest.sh: error: $*" >&2
  exit 1
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# Up to date when every output exists and is newer than every source.
up_to_date() {
  local o s
  for o in "${outputs[@]}"; do
    [[ -f "$o" ]] || return 1
    for s in "${sources[@]}"; do
      [[ "$o" -nt "$s" ]] || return 1
    done
  done
}

if [[ "${FORCE:-0}" != 1 ]] && up_to_date; then
  echo "up to date: $out_dir/$archive_name"
  echo "sha256: $(sha256_of "$out_dir/$archive_name")"
  exit 0
fi

# Tool checks, naming the Debian/Ubuntu package that provides each tool.
need() {
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' not found; install it with: apt-get install -y --no-install-recommends $2"
}
need "${cross}gcc" gcc-aarch64-linux-gnu
need "${cross}ld" binutils-aarch64-linux-gnu
need "${cross}objcopy" binutils-aarch64-linux-gnu
need tar tar
need gzip gzip
need sha256sum coreutils

mkdir -p "$out_dir"
work="$(mktemp -d "$out_dir/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Assemble (gcc runs the C preprocessor on .S), link, strip to raw binary.
"${cross}gcc" -c -nostdlib -ffreestanding -o "$work/guest.o" "$src_dir/guest.S"
"${cross}ld" -nostdlib -static -T "$src_dir/link.ld" -o "$work/guest.elf" "$work/guest.o"
"${cross}objcopy" -O binary "$work/guest.elf" "$work/$kernel_name"

# Sanity-check the arm64 Image magic ("ARM\x64" at 0x38) QEMU keys on.
magic="$(dd if="$work/$kernel_name" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')"
[[ "$magic" == 41524d64 ]] || die "kernel image lacks arm64 Image magic (got '$magic')"

# rootfs.img: the guest never reads it; it only gives -drive a real file.
# 1 MiB of zeros with a recognisable marker at offset 0.
dd if=/dev/zero of="$work/$rootfs_name" bs=1024 count=1024 status=none
printf 'AXVISOR-IMAGE-TESTGUEST-ROOTFS\n' |
  dd of="$work/$rootfs_name" conv=notrunc status=none

# Same layout as the published images: files at the archive root.
tar --create --format=gnu --sort=name --mtime=@0 \
  --owner=0 --group=0 --numeric-owner --mode='u=rw,go=r' \
  -C "$work" -f - "$kernel_name" "$rootfs_name" |
  gzip -n -9 >"$work/$archive_name"

# Move into place only once everything succeeded (archive last, so its
# mtime is the newest and a partial build never looks up to date).
mv -f "$work/$kernel_name" "$out_dir/$kernel_name"
mv -f "$work/$rootfs_name" "$out_dir/$rootfs_name"
mv -f "$work/$archive_name" "$out_dir/$archive_name"
touch "$out_dir/$archive_name"

echo "built: $out_dir/$kernel_name ($(wc -c <"$out_dir/$kernel_name") bytes)"
echo "built: $out_dir/$rootfs_name"
echo "built: $out_dir/$archive_name"
echo "sha256: $(sha256_of "$out_dir/$archive_name")"
