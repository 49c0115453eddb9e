#!/usr/bin/env bash
# Assembles the box for the VM boot test and scripts/boot-vm: the project's overlay and package layout on a stand-in
# base made of Debian's pieces (no Buildroot: its sources cannot be fetched here), for qemu-system-x86_64.
#
#   kernel:   Debian's linux-image-*-amd64 (vmlinuz), with the modules the box needs (virtio, USB storage, vfat, exfat,
#             the i6300esb watchdog); those the root file system needs come in a small initramfs of ours, as
#             Buildroot's kernel has them built in
#   base:     busybox-static (init, mdev, syslogd, modprobe, ifup, getty...), our own inittab and rc scripts in
#             scripts/vm/base/ standing in for Buildroot's skeleton; this host's JRE, util-linux setpriv and e2fsck
#             with the libraries they load, standing in for Buildroot's openjdk, util-linux and e2fsprogs (and
#             sqlite3, for the test's look at /data only)
#   the box:  overlay/ copied over it; what image/package/phoneflasher/phoneflasher.mk installs, run from the .mk
#             itself; the package's user; the qemu board's post-build.sh; its post-image.sh makes disk.img
#             (root on vda1, data on vda2), as for the Buildroot qemu image
#
# Output (default app/target/vm): bzImage, initramfs.cpio.gz, disk.img and inputs.sha256. Kept while the inputs
# (this directory, overlay/, the package, the qemu board files, the jar, the .debs, the JRE) are unchanged.
# Usage: scripts/vm/assemble.sh [--out DIR]      (as root: the image holds root's and the box user's files)
# Env:   PF_VM_DEBS  the folder with linux-image-*-amd64_*.deb and busybox-static_*.deb (scripts/install-deps)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/scripts/vm
out=$repo/app/target/vm
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=${2:?--out needs a directory}; shift 2 ;;
	*) echo "usage: scripts/vm/assemble.sh [--out DIR]" >&2; exit 2 ;;
	esac
done
debs=${PF_VM_DEBS:-/var/cache/phoneflasher/vm-debs}
jar=$repo/app/target/phoneflasher.jar
PATH=$PATH:/usr/sbin:/sbin

fail() { echo "assemble.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (the root file system holds files of root and of the box's user)"
[ -f "$jar" ] || fail "no $jar: build it first (mvn -B -DskipTests package)"
kernel_deb=$(find "$debs" -maxdepth 1 -name 'linux-image-*-amd64_*.deb' ! -name '*dbg*' 2>/dev/null | sort | tail -n 1)
busybox_deb=$(find "$debs" -maxdepth 1 -name 'busybox-static_*.deb' 2>/dev/null | sort | tail -n 1)
if [ -z "$kernel_deb" ] || [ -z "$busybox_deb" ]; then
	fail "no linux-image-*-amd64 or busybox-static .deb in $debs: run scripts/install-deps (it downloads them)"
fi
for tool in mkfs.ext4 genimage make dpkg-deb ldd gzip python3 sqlite3; do
	command -v "$tool" >/dev/null || fail "no $tool: run scripts/install-deps"
done
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
[ -f "$java_home/release" ] || fail "cannot find the JRE of $(command -v java)"

# The key of everything that goes in: unchanged inputs, unchanged images.
inputs() {
	(cd "$repo" && find scripts/vm overlay image/package/phoneflasher image/board/qemu-aarch64 -type f | sort |
		while read -r f; do printf '%s %s\n' "$(stat -c %a "$f")" "$(sha256sum "$f")"; done)
	# the jar by its entries (name, CRC-32, size): a rebuild with the same content has other timestamps
	python3 -c 'import sys, zipfile; [print(i.filename, i.CRC, i.file_size) for i in zipfile.ZipFile(sys.argv[1]).infolist()]' "$jar"
	sha256sum "$kernel_deb" "$busybox_deb" "$java_home/release" /usr/bin/setpriv /usr/sbin/e2fsck /usr/bin/sqlite3
	dpkg -s libc6 | grep '^Version' 
}
key=$(inputs | sha256sum | cut -d' ' -f1)
if [ -f "$out/inputs.sha256" ] && [ "$(cat "$out/inputs.sha256")" = "$key" ] &&
	[ -f "$out/disk.img" ] && [ -f "$out/bzImage" ] && [ -f "$out/initramfs.cpio.gz" ]; then
	echo "assemble.sh: $out is up to date"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out/inputs.sha256"

echo "assemble.sh: unpacking $(basename "$kernel_deb") and $(basename "$busybox_deb")"
dpkg-deb -x "$kernel_deb" "$work/kernel"
dpkg-deb -x "$busybox_deb" "$work/busybox"
busybox=$work/busybox/bin/busybox
kver=$(ls "$work/kernel/lib/modules")
"$busybox" depmod -b "$work/kernel" "$kver"

# Copies the named modules and what they depend on (modules.dep) into ROOT, then indexes them there.
modules() {
	local root=$1 dep=$work/kernel/lib/modules/$kver/modules.dep name pattern line f
	shift
	for name in "$@"; do
		pattern=$(printf '%s' "$name" | sed 's/[-_]/[-_]/g')
		line=$(grep -E "/${pattern}\.ko:" "$dep") || fail "no module $name in $(basename "$kernel_deb")"
		for f in ${line/:/}; do
			install -D -m 0644 "$work/kernel/lib/modules/$kver/$f" "$root/lib/modules/$kver/$f"
		done
	done
	cp "$work/kernel/lib/modules/$kver/modules.builtin" "$work/kernel/lib/modules/$kver/modules.order" \
		"$root/lib/modules/$kver/"
	"$busybox" depmod -b "$root" "$kver"
}

# Copies programs and the shared libraries they load (as ldd resolves them here) to the same paths under ROOT.
with_libraries() {
	local root=$1 file lib
	shift
	for file in "$@"; do
		ldd "$file" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
			case $lib in "$java_home"/*) continue ;; esac # the JRE's own, copied whole
			[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
		done
	done
}

# Busybox at /bin/busybox, each applet linked where busybox says it lives, except those named (real ones instead).
install_busybox() {
	local root=$1 applet
	shift
	install -D -m 0755 "$busybox" "$root/bin/busybox"
	"$busybox" --list-full | while read -r applet; do
		case " busybox $* " in *" ${applet##*/} "*) continue ;; esac
		mkdir -p "$root/${applet%/*}"
		ln -sf /bin/busybox "$root/$applet"
	done
}

echo "assemble.sh: the root file system"
target=$work/target
mkdir -p "$target"/{proc,sys,dev,tmp,run,root,mnt,media,etc/init.d,usr/lib,usr/bin,usr/sbin,var,lib64}
chmod 1777 "$target/tmp"
chmod 0700 "$target/root"
# Read-only root: what is written at run time goes to tmpfs (/tmp, /run) or /data.
for d in log tmp cache lib; do ln -s ../tmp "$target/var/$d"; done
ln -s ../run "$target/var/run"
ln -s ../run "$target/var/lock"
install_busybox "$target" setpriv
cp -a "$here/base/." "$target/"
modules "$target" virtio_net xhci_pci usb_storage sd_mod uas vfat exfat nls_cp437 nls_ascii nls_iso8859_1 \
	nls_utf8 i6300esb crc32c_generic crct10dif_generic crc64_rocksoft_generic

# The JRE at Buildroot's place for openjdk, /usr/lib/jvm, without the JDK's tools, sources and its default CDS
# archive (Buildroot's cross-built JDK has none: the init script makes one on /data).
mkdir -p "$target/usr/lib/jvm/bin"
cp -L "$java_home/bin/java" "$target/usr/lib/jvm/bin/"
cp -L "$java_home/release" "$target/usr/lib/jvm/"
cp -rL "$java_home/conf" "$target/usr/lib/jvm/"
(cd "$java_home" && find lib \( -name src.zip -o -name ct.sym -o -name 'classes*.jsa' -o -name libatk-wrapper.so \) -prune \
	-o ! -type d -print | while read -r f; do install -D -m 0644 "$(readlink -f "$f")" "$target/usr/lib/jvm/$f"; done)
chmod 0755 "$target/usr/lib/jvm/bin/java" "$target/usr/lib/jvm/lib/jspawnhelper"
ln -s ../lib/jvm/bin/java "$target/usr/bin/java"
install -m 0755 /usr/bin/setpriv "$target/usr/bin/setpriv"
install -m 0755 /usr/sbin/e2fsck "$target/usr/sbin/e2fsck"
ln -s e2fsck "$target/usr/sbin/fsck.ext4"
# Not the box's: the boot test's look inside /data (PRAGMA integrity_check after a power cut).
install -m 0755 /usr/bin/sqlite3 "$target/usr/bin/sqlite3"
with_libraries "$target" "$java_home/bin/java" "$java_home/lib/server/libjvm.so" "$java_home"/lib/libjava.so \
	"$java_home"/lib/libnet.so "$java_home"/lib/libnio.so "$java_home"/lib/libzip.so "$java_home"/lib/libjli.so \
	"$java_home"/lib/libextnet.so "$java_home"/lib/libmanagement.so /usr/bin/setpriv /usr/sbin/e2fsck /usr/bin/sqlite3
[ -e "$target/lib64/ld-linux-x86-64.so.2" ] || fail "the dynamic loader was not found by ldd"
# All of glibc, as a glibc toolchain installs it: native code the app unpacks at run time (sqlite-jdbc, JNA) asks
# for libpthread.so.0 and libdl.so.2 too.
dpkg -L libc6 | grep -E '^/lib/[^/]+/lib[^/]*\.so[.0-9]*$' | while read -r lib; do
	[ -e "$target$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$target$lib"
done

# The project's own files, in Buildroot's order: the package's install commands, the overlay, the post-build script.
cp -a "$repo/overlay/." "$target/"
make -s -C "$repo/app/target" -f "$here/package.mk" TARGET_DIR="$target" PACKAGE_DIR="$repo/image/package/phoneflasher" \
	BR2_EXTERNAL_PHONEFLASHER_PATH="$repo/image" install
make -s -f "$here/package.mk" PACKAGE_DIR="$repo/image/package/phoneflasher" users | "$here/add-users.sh" "$target"
"$repo/image/board/qemu-aarch64/post-build.sh" "$target"

images=$out/images
rm -rf "$images"
mkdir -p "$images"
mkfs.ext4 -q -F -L rootfs -E root_owner=0:0 -d "$target" "$images/rootfs.ext4" 512M
BINARIES_DIR=$images BUILD_DIR=$work "$repo/image/board/qemu-aarch64/post-image.sh"

echo "assemble.sh: the initramfs that mounts the root"
initramfs=$work/initramfs
mkdir -p "$initramfs"/{proc,sys,dev,newroot}
install_busybox "$initramfs"
modules "$initramfs" virtio_pci virtio_blk ext4 crc32c_generic
install -m 0755 "$here/initramfs-init" "$initramfs/init"
(cd "$initramfs" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -1) > "$out/initramfs.cpio.gz"

cp "$work/kernel/boot/vmlinuz-$kver" "$out/bzImage"
mv "$images/disk.img" "$out/disk.img"
rm -rf "$images"
echo "$key" > "$out/inputs.sha256"
echo "assemble.sh: done: $out/bzImage, $out/initramfs.cpio.gz, $out/disk.img (kernel $kver)"
