#!/usr/bin/env bash
# Writes disk.img (rootfs.ext4 and an empty data.ext4) for scripts/run-qemu.sh.
set -euo pipefail
board_dir=$(dirname "$0")

# An empty root path: genimage only places the images built before it, and would copy a real one whole.
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
rm -rf "$BUILD_DIR/genimage.tmp"
genimage --rootpath "$empty" --tmppath "$BUILD_DIR/genimage.tmp" --inputpath "$BINARIES_DIR" \
	--outputpath "$BINARIES_DIR" --config "$board_dir/genimage.cfg"
