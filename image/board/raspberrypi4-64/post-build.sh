#!/bin/sh
# After the root file system is assembled: mount the data partition on /data, and give the HDMI screen a login.
set -eu
target=${1:?target dir}

grep -q '[[:space:]]/data[[:space:]]' "$target/etc/fstab" ||
	printf '/dev/mmcblk0p3\t/data\t\text4\tnoatime\t0\t0\n' >> "$target/etc/fstab"

grep -q '^tty1::' "$target/etc/inittab" ||
	sed -i '/GENERIC_SERIAL/a\
tty1::respawn:/sbin/getty -L  tty1 0 vt100 # HDMI console' "$target/etc/inittab"
