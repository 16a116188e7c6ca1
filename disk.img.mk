# Builds the bootable Clockwork disk image and writes it to a USB stick.
#
#   make -f disk.img.mk                      build ./disk.img (the same image tools/run boots)
#   make -f disk.img.mk usb DEV=/dev/sdX     write it to the USB stick /dev/sdX, after checks and a prompt
#   make -f disk.img.mk EXTRA_PROGRAMS="name=path ..."
#                                            the same image with more static i386 programs in /bin (each
#                                            NAME=PATH as createimage's --program; built as
#                                            build/disk-extra.img). busybox from tools/deps.sh is in
#                                            every image already.
#
# The usb target refuses anything that is not a whole, removable, unmounted block device, and the disk
# holding /, then asks for confirmation (tools/write-usb.sh). Only writing the stick needs root: under
# `sudo make -f disk.img.mk usb ...` the image is still built as the user who ran sudo ($SUDO_USER), so
# build/ never gets files only root can change.
#
# ./disk.img has the default kernel command line; CW_CMDLINE (a tools/run setting) does not change it.
# For another command line on the stick, patch the copy after building:
#   tools/image-cmdline disk.img --set "console=vga,serial pageable_pages=8"

BUILD_DIR ?= build

# The command prefix that runs the build as the invoking user when make runs as root under sudo.
ifneq ($(SUDO_USER),)
ifeq ($(shell id -u),0)
AS_USER := runuser -u $(SUDO_USER) --
endif
endif

.PHONY: disk.img usb clean
disk.img:
ifneq ($(origin CW_CMDLINE),undefined)
	@echo "disk.img.mk: CW_CMDLINE only applies to tools/run; ./disk.img gets the default command line" >&2
endif
ifeq ($(strip $(EXTRA_PROGRAMS)),)
	$(AS_USER) cmake --preset default -DCW_EXTRA_PROGRAMS=
	$(AS_USER) cmake --build $(BUILD_DIR) --target disk_image
	$(AS_USER) cp $(BUILD_DIR)/disk.img disk.img
else
	$(AS_USER) cmake --preset default "-DCW_EXTRA_PROGRAMS=$(strip $(EXTRA_PROGRAMS))"
	$(AS_USER) cmake --build $(BUILD_DIR) --target disk_image_extra
	$(AS_USER) cp $(BUILD_DIR)/disk-extra.img disk.img
endif

usb: disk.img
	@test -n "$(DEV)" || { echo "usage: make -f disk.img.mk usb DEV=/dev/sdX" >&2; exit 2; }
	tools/write-usb.sh disk.img "$(DEV)"

clean:
	rm -f disk.img
