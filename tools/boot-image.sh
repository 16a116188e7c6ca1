# Sourced by tools/run and tools/gdb (from the repository root): the image a run boots, and the QEMU
# command line both start from.
#
# cw_boot_image builds build/disk.img, then sets CW_BOOT_IMAGE to it or, when CW_CMDLINE is set, to a
# copy, build/run/disk.img, whose kernel command line is CW_CMDLINE (tools/image-cmdline). CW_CMDLINE is
# never passed to CMake: it belongs to this run, so build/disk.img (the USB image, the test image) and
# later runs keep the default command line. The copy also keeps the run's swap writes out of
# build/disk.img.
#
# cw_qemu_command fills the array CW_QEMU: QEMU with the machine tools/run has always used (TCG, 128 MiB,
# the image on IDE, isa-debug-exit for the kernel's power off, -no-reboot). Callers add the console.

cw_boot_image() {
  cmake --preset default >/dev/null
  cmake --build --preset default --target disk_image
  CW_BOOT_IMAGE=build/disk.img
  if [ -n "${CW_CMDLINE+set}" ]; then
    mkdir -p build/run
    cp build/disk.img build/run/disk.img
    CW_BOOT_IMAGE=build/run/disk.img
    echo "command line for this run: $(tools/image-cmdline "$CW_BOOT_IMAGE" --set "$CW_CMDLINE")" >&2
  fi
}

cw_qemu_command() {
  CW_QEMU=(qemu-system-i386 -accel tcg -m 128 -drive "file=$CW_BOOT_IMAGE,format=raw"
           -device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot)
}
