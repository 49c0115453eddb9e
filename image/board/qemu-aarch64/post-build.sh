#!/bin/sh
# After the root file system is assembled: the data partition's line in fstab (noauto: the package's S05data checks
# it, then mounts it on /data), and keep cups from starting (openjdk selects it; nothing prints here). Buildroot may
# run it again on the same target.
set -eu
target=${1:?target dir}

grep -q '[[:space:]]/data[[:space:]]' "$target/etc/fstab" ||
	printf '/dev/vda2\t/data\t\text4\tnoatime,noauto\t0\t2\n' >> "$target/etc/fstab"

rm -f "$target/etc/init.d/S81cupsd"
