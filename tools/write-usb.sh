#!/usr/bin/env bash
# write-usb.sh IMAGE DEVICE: writes a Clockwork disk image to a USB stick with dd, refusing anything that
# could be the wrong disk. Set CW_ASSUME_YES=1 to skip the prompt (only after every check has passed).
set -euo pipefail

die() { echo "write-usb: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: write-usb.sh IMAGE DEVICE"
image=$1
dev=$2
[ -f "$image" ] || die "no image '$image' (build it with: make -f disk.img.mk)"
[ -b "$dev" ] || die "'$dev' is not a block device"
name=$(basename "$(readlink -f "$dev")")
[ -d "/sys/block/$name" ] || die "'$dev' is a partition, not a whole disk: name the disk (e.g. /dev/sdb)"
if [ "$(cat "/sys/block/$name/removable" 2>/dev/null || echo 0)" != 1 ] &&
   [ "$(lsblk -dno TRAN "$dev" 2>/dev/null)" != usb ]; then
  die "'$dev' is neither removable nor on USB: refusing"
fi
root_source=$(findmnt -no SOURCE / || true)
root_disk=$(lsblk -no PKNAME "$root_source" 2>/dev/null | head -n1 || true)
[ "$name" != "$root_disk" ] && [ "/dev/$name" != "$root_source" ] || die "'$dev' holds / : refusing"
mounted=$(lsblk -nro MOUNTPOINT "$dev" | grep -v '^$' || true)
[ -z "$mounted" ] || die "'$dev' has mounted filesystems ($mounted): unmount them first"
image_bytes=$(stat -c %s "$image")
dev_bytes=$(blockdev --getsize64 "$dev")
[ "$image_bytes" -le "$dev_bytes" ] || die "image ($image_bytes bytes) is larger than '$dev' ($dev_bytes bytes)"

model=$(lsblk -dno MODEL,SIZE "$dev" | sed 's/  */ /g')
echo "About to overwrite $dev ($model) with $image. Everything on it will be lost."
if [ "${CW_ASSUME_YES:-0}" != 1 ]; then
  read -r -p "Type 'yes' to continue: " answer
  [ "$answer" = yes ] || die "not confirmed; nothing written"
fi
dd if="$image" of="$dev" bs=1M conv=fsync status=progress
sync
echo "write-usb: done; $dev can be removed"
