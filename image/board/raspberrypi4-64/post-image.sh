#!/usr/bin/env bash
# Writes sdcard.img from genimage.cfg.in: the firmware's boot files and kernel, phoneflasher.txt, rootfs.ext4 and an
# empty data.ext4.
# Buildroot runs it with BINARIES_DIR and BUILD_DIR set (as its own board/raspberrypi/post-image.sh).
set -euo pipefail
shopt -s nullglob
board_dir=$(dirname "$0")
cfg=$BINARIES_DIR/genimage.cfg
placeholder='#BOOT_FILES#'

# The kernel's DTBs, what rpi-firmware installed (overlays/ is copied whole) and the kernel config.txt names.
files=()
for f in "$BINARIES_DIR"/*.dtb "$BINARIES_DIR"/rpi-firmware/*; do
	files+=("${f#"$BINARIES_DIR"/}")
done
kernel=$(sed -n 's/^kernel=//p' "$BINARIES_DIR/rpi-firmware/config.txt")
if [ -z "$kernel" ] || [ ! -e "$BINARIES_DIR/$kernel" ]; then
	echo "post-image.sh: no kernel: rpi-firmware/config.txt names '$kernel', not a file in $BINARIES_DIR" >&2
	exit 1
fi
files+=("$kernel")
# The box's own settings, commented out: a user edits them on the card from any computer (S03settings reads them).
cp "$board_dir/phoneflasher.txt" "$BINARIES_DIR/phoneflasher.txt"
files+=(phoneflasher.txt)
for f in "${files[@]}"; do
	case $f in *[\"\\]*)
		echo "post-image.sh: cannot quote $f for genimage" >&2
		exit 1 ;;
	esac
done

# libconfuse's list: quoted names, commas between them. Only the placeholder's own line is replaced, as a whole.
list=$(printf '\t\t\t"%s",\n' "${files[@]}")
replaced=0
while IFS= read -r line || [ -n "$line" ]; do
	if [ "${line//[[:space:]]/}" = "$placeholder" ]; then
		printf '%s\n' "${list%,}"
		replaced=$((replaced + 1))
	else
		printf '%s\n' "$line"
	fi
done < "$board_dir/genimage.cfg.in" > "$cfg"
if [ "$replaced" != 1 ]; then
	echo "post-image.sh: $board_dir/genimage.cfg.in has $replaced $placeholder lines, not one" >&2
	exit 1
fi

# An empty root path: genimage only places the images built before it, and would copy a real one whole.
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
rm -rf "$BUILD_DIR/genimage.tmp"
genimage --rootpath "$empty" --tmppath "$BUILD_DIR/genimage.tmp" --inputpath "$BINARIES_DIR" \
	--outputpath "$BINARIES_DIR" --config "$cfg"
