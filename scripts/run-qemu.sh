#!/usr/bin/env bash
# Boots the qemu image (scripts/build-image.sh --board qemu) as the box: 1 GB, its eth0 on qemu's user network (the
# status page forwarded to http://localhost:8080/) or on a tap interface you bridge to a real port for phones, and a
# stick image plugged in as a USB stick. The serial console is this terminal (quit: Ctrl-a x).
# Usage: scripts/run-qemu.sh [--tap TAP] [--stick FILE] [--images DIR]
#   --tap TAP     e.g. made with: sudo ip tuntap add dev tap0 mode tap && sudo ip link set tap0 master br0 up
#   --stick FILE  a disk image of a stick (e.g. sudo dd if=/dev/sdX of=stick.img), plugged in at boot
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
images=$repo/build/qemu/images
tap=
stick=
while [ $# -gt 0 ]; do
	case $1 in
	--tap) tap=${2:?--tap needs an interface}; shift 2 ;;
	--stick) stick=${2:?--stick needs a file}; shift 2 ;;
	--images) images=${2:?--images needs a directory}; shift 2 ;;
	*) echo "usage: scripts/run-qemu.sh [--tap TAP] [--stick FILE] [--images DIR]" >&2; exit 2 ;;
	esac
done
for f in Image disk.img; do
	if [ ! -f "$images/$f" ]; then
		echo "no $images/$f: build it with scripts/build-image.sh --board qemu" >&2
		exit 1
	fi
done

# Buildroot builds a qemu of its own (BR2_PACKAGE_HOST_QEMU); else the system's.
qemu=$images/../host/bin/qemu-system-aarch64
[ -x "$qemu" ] || qemu="qemu-system-aarch64"

if [ -n "$tap" ]; then
	net=tap,id=eth0,ifname=$tap,script=no,downscript=no
else
	# qemu's own DHCP server answers on this network too: the box sees it and, rightly, stays silent on DHCP.
	net=user,id=eth0,net=10.10.10.0/24,host=10.10.10.2,dhcpstart=10.10.10.200,hostfwd=tcp:127.0.0.1:8080-10.10.10.1:80
fi
args=(-M virt -cpu cortex-a53 -smp 2 -m 1024 -nographic
	-kernel "$images/Image" -append "rootwait root=/dev/vda1 console=ttyAMA0"
	-drive "file=$images/disk.img,if=none,format=raw,id=hd0" -device "virtio-blk-device,drive=hd0"
	-netdev "$net" -device "virtio-net-device,netdev=eth0")
if [ -n "$stick" ]; then
	args+=(-device qemu-xhci -drive "file=$stick,if=none,format=raw,id=stick,readonly=on"
		-device "usb-storage,drive=stick")
fi
exec "$qemu" "${args[@]}"
