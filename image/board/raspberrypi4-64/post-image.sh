#!/usr/bin/env bash
# Writes sdcard.img from genimage.cfg.in: the firmware's boot files and kernel, rootfs.ext4 and an empty data.ext4.
# Buildroot runs it with BINARIES_DIR and BUILD_DIR set (as its own board/raspberrypi/post-image.sh).
set -euo pipefail
board_dir=$(dirname "$0")
cfg=$BINARIES_DIR/genimage.cfg

files=()
for f in "$BINARIES_DIR"/*.dtb "$BINARIES_DIR"/rpi-firmware/*; do
	files+=("${f#"$BINARIES_DIR"/}")
done
files+=("$(sed -n 's/^kernel=//p' "$BINARIES_DIR/rpi-firmware/config.txt")")
boot_files=$(printf '\\t\\t\\t"%s",\\n' "${files[@]}")
sed "s|#BOOT_FILES#|$boot_files|" "$board_dir/genimage.cfg.in" > "$cfg"

# An empty root path: genimage only places the images built before it, and would copy a real one whole.
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
rm -rf "$BUILD_DIR/genimage.tmp"
genimage --rootpath "$empty" --tmppath "$BUILD_DIR/genimage.tmp" --inputpath "$BINARIES_DIR" \
	--outputpath "$BINARIES_DIR" --config "$cfg"
