# Builds the bootable Clockwork disk image and writes it to a USB stick.
#
#   make -f disk.img.mk                      build ./disk.img (the same image tools/run boots)
#   make -f disk.img.mk usb DEV=/dev/sdX     write it to the USB stick /dev/sdX, after checks and a prompt
#
# The usb target refuses anything that is not a whole, removable, unmounted block device, and the disk
# holding /, then asks for confirmation (tools/write-usb.sh).

BUILD_DIR ?= build

.PHONY: disk.img usb clean
disk.img:
	cmake --preset default
	cmake --build $(BUILD_DIR) --target disk_image
	cp $(BUILD_DIR)/disk.img disk.img

usb: disk.img
	@test -n "$(DEV)" || { echo "usage: make -f disk.img.mk usb DEV=/dev/sdX" >&2; exit 2; }
	tools/write-usb.sh disk.img "$(DEV)"

clean:
	rm -f disk.img
