#!/usr/bin/env bash
# The gate Buildroot's own CI puts on a defconfig, for each of ours: load it with our br2-external, then check that
# every line of it survived into .config (loading exits 0 even when Kconfig silently drops a symbol whose
# dependencies are unmet, openjdk's for one; only check-dotconfig.py sees it). Also checks that the files the
# defconfig names exist, ours and Buildroot's. Offline: nothing is downloaded.
# Usage: scripts/check-image.sh BUILDROOT_DIR [NAME_defconfig...]   (default: every image/configs/*_defconfig)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: scripts/check-image.sh BUILDROOT_DIR [NAME_defconfig...]"
br=$(cd "${1:?$usage}" && pwd)
shift
if [ ! -f "$br/support/scripts/check-dotconfig.py" ]; then
	echo "$br is not a Buildroot source tree" >&2
	exit 2
fi
if [ $# -eq 0 ]; then
	for f in "$repo"/image/configs/*_defconfig; do set -- "$@" "$(basename "$f")"; done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Buildroot $(make -s --no-print-directory -C "$br" print-version) in $br"

failed=0
for name in "$@"; do
	defconfig=$repo/image/configs/$name
	out=$work/$name
	if [ ! -f "$defconfig" ]; then
		echo "FAIL $name: no such file $defconfig"
		failed=1
		continue
	fi
	if ! make -C "$br" O="$out" BR2_EXTERNAL="$repo/image" "$name" >"$work/$name.log" 2>&1; then
		echo "FAIL $name: the defconfig does not load"
		sed 's/^/     /' "$work/$name.log"
		failed=1
		continue
	fi
	ok=1
	if ! python3 "$br/support/scripts/check-dotconfig.py" "$out/.config" "$defconfig"; then
		ok=0
	fi
	# Paths in string values: ours through BR2_EXTERNAL_PHONEFLASHER_PATH, Buildroot's relative to its tree.
	while read -r word; do
		# shellcheck disable=SC2016 # the literal make variable, as the defconfig spells it
		case $word in
		'$(BR2_EXTERNAL_PHONEFLASHER_PATH)'/*) path=$repo/image/${word#'$(BR2_EXTERNAL_PHONEFLASHER_PATH)/'} ;;
		board/*) path=$br/$word ;;
		*) continue ;;
		esac
		if [ ! -e "$path" ]; then
			echo "      Missing file: $word"
			ok=0
		fi
	done < <(sed -n 's/^BR2_[A-Z0-9_]*="\(.*\)"$/\1/p' "$defconfig" | tr ' ' '\n')
	# BR2_DOWNLOAD_FORCE_CHECK_HASHES: the kernel we pin must have a hash in this Buildroot, or its download fails.
	kernel=$(sed -n 's/^BR2_LINUX_KERNEL_CUSTOM_VERSION_VALUE="\(.*\)"$/linux-\1.tar.xz/p' "$defconfig")
	location=$(sed -n 's/^BR2_LINUX_KERNEL_CUSTOM_TARBALL_LOCATION="\(.*\)"$/\1/p' "$defconfig")
	[ -z "$location" ] || kernel=${location##*/}
	if [ -n "$kernel" ]; then
		hashes=("$br/package/linux/linux.hash")
		read -ra dirs <<<"$(sed -n 's/^BR2_GLOBAL_PATCH_DIR="\(.*\)"$/\1/p' "$defconfig")"
		for dir in "${dirs[@]}"; do
			hashes+=("$br/$dir/linux/linux.hash")
		done
		if ! grep -qs "[[:space:]]$kernel\$" "${hashes[@]}"; then
			echo "      No hash for $kernel in this Buildroot (the stock defconfig of the board moved on?)"
			ok=0
		fi
	fi
	if [ $ok = 1 ]; then
		echo "OK   $name: every line survives into .config, every file it names exists, the kernel's hash is known"
	else
		echo "FAIL $name"
		failed=1
	fi
done
exit $failed
