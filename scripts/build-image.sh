#!/usr/bin/env bash
# From a clone to an SD card image: downloads a pinned Buildroot release (its checksum checked), builds the jar, then
# the image with our br2-external tree (image/) and rootfs overlay (overlay/). The first build takes an hour or more
# (it cross-builds the kernel and OpenJDK) and some 15 GB of disk; later ones reuse what is built.
# Usage: scripts/build-image.sh [--board rpi4|qemu] [--out DIR]    (default: rpi4, DIR build/)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# Buildroot's LTS branch. The checksum is the SHA256 line of buildroot.org's signed release manifest
# (https://buildroot.org/downloads/buildroot-2026.02.3.tar.xz.sign), as quoted by several projects that pin this
# release; it could not be checked against the download itself where this was written (no access to buildroot.org).
buildroot_version=2026.02.3
buildroot_sha256=5a59e7501b0b4ec52c41f4bfa79412320e0b37eae5f719605a258e8d0c6fc7fb

board=rpi4
out=$repo/build
while [ $# -gt 0 ]; do
	case $1 in
	--board) board=${2:?--board needs rpi4 or qemu}; shift 2 ;;
	--out) out=${2:?--out needs a directory}; shift 2 ;;
	*) echo "usage: scripts/build-image.sh [--board rpi4|qemu] [--out DIR]" >&2; exit 2 ;;
	esac
done
case $board in
rpi4) defconfig=phoneflasher_rpi4_defconfig image=sdcard.img ;;
qemu) defconfig=phoneflasher_qemu_aarch64_defconfig image=disk.img ;;
*) echo "unknown board $board: rpi4 or qemu" >&2; exit 2 ;;
esac
mkdir -p "$out/dl"
out=$(cd "$out" && pwd)
# Buildroot's downloads (sources of every package) are kept for every board and later builds.
export BR2_DL_DIR=$out/dl

tarball=$out/dl/buildroot-$buildroot_version.tar.xz
if [ ! -f "$tarball" ]; then
	echo "== downloading Buildroot $buildroot_version"
	curl -fL --retry 3 -o "$tarball.part" "https://buildroot.org/downloads/buildroot-$buildroot_version.tar.xz"
	mv "$tarball.part" "$tarball"
fi
if ! echo "$buildroot_sha256  $tarball" | sha256sum -c --quiet -; then
	echo "$tarball is not the Buildroot $buildroot_version release: delete it and run again" >&2
	exit 1
fi
buildroot=$out/buildroot-$buildroot_version
if [ ! -d "$buildroot" ]; then
	tar -xJf "$tarball" -C "$out"
fi

echo "== building app/target/phoneflasher.jar"
if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
	echo "needs a JDK 17 and Maven: sudo scripts/install-deps" >&2
	exit 1
fi
mvn -B -q -DskipTests package

echo "== building the $board image (Buildroot $buildroot_version, $defconfig)"
target=$out/$board
make -C "$buildroot" O="$target" BR2_EXTERNAL="$repo/image" "$defconfig"
# the jar is copied into Buildroot's build once: take the one just built
make -C "$target" phoneflasher-dirclean
make -C "$target"

echo
echo "done: $target/images/$image"
if [ "$board" = rpi4 ]; then
	echo "write it to the SD card (all of it is overwritten; check the device with lsblk):"
	echo "  sudo dd if=$target/images/$image of=/dev/sdX bs=4M conv=fsync status=progress"
else
	echo "boot it: scripts/run-qemu.sh --images $target/images"
fi
