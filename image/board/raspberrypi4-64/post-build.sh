#!/bin/sh
# After the root file system is assembled: the data partition's line in fstab (noauto: the package's S05data checks
# it, then mounts it on /data), give the HDMI screen a login, and keep cups from starting (openjdk selects it; nothing
# prints here). Buildroot may run it again on the same target.
set -eu
target=${1:?target dir}

grep -q '[[:space:]]/data[[:space:]]' "$target/etc/fstab" ||
	printf '/dev/mmcblk0p3\t/data\t\text4\tnoatime,noauto\t0\t2\n' >> "$target/etc/fstab"

if ! grep -q '^tty1::' "$target/etc/inittab"; then
	sed -i '/GENERIC_SERIAL/a\
tty1::respawn:/sbin/getty -L  tty1 0 vt100 # HDMI console' "$target/etc/inittab"
	if ! grep -q '^tty1::' "$target/etc/inittab"; then
		echo "post-build.sh: $target/etc/inittab has no GENERIC_SERIAL getty line to put tty1's after" >&2
		exit 1
	fi
fi

rm -f "$target/etc/init.d/S81cupsd"
