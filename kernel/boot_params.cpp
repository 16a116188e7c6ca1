#include "kernel/boot_params.h"

#include "kernel/arch/cpu.h"
#include "kernel/print.h"
#include "lib/superblock_check.h"
#include "mm/kernel_layout.h"

namespace cw {

namespace {

template <typename T>
const T* physical(uint32_t address) {
  return reinterpret_cast<const T*>(phys_to_virt(PhysAddr(address)).get());
}

// The bootblock has checked all of this already; a kernel entered by another loader, or a bootblock that
// disagrees with this kernel about the format, must not go on with a superblock it cannot trust. Same
// rules and message as boot/stage2.asm, so the one line names the field either way. The kernel's bytes
// are not checked again: stage 2 checked the CRC of each chunk as it read it, and no pristine copy is
// left (the bounce buffer holds only the last chunk; the image at 1 MiB is the running kernel).
void check_superblock_or_stop(const disk::Superblock& sb) {
  const char* field = disk::superblock_bad_field(sb);
  if (!field) return;
  kprint("Clockwork boot: bad superblock field {} (found by the kernel)\n", field);
  cpu::halt_forever();
}

}  // namespace

void read_boot_params(uint32_t boot_info_physical, BootParams& out) {
  const auto* info = physical<disk::BootInfo>(boot_info_physical);
  out.boot_drive = info->boot_drive;
  out.partition_lba = info->partition_lba;
  out.superblock = *physical<disk::Superblock>(disk::kSuperblockAddress);
  out.e820_count = info->e820_count;
  if (out.e820_count > disk::kE820MaxEntries) {
    kprint("boot: {} E820 records reported, using the first {}\n", out.e820_count, disk::kE820MaxEntries);
    out.e820_count = disk::kE820MaxEntries;
  }
  const auto* e820 = physical<disk::E820Entry>(disk::kE820Address);
  for (uint32_t i = 0; i < out.e820_count; ++i) out.e820[i] = e820[i];

  check_superblock_or_stop(out.superblock);
  for (size_t i = 0; i < sizeof(out.cmdline); ++i) out.cmdline[i] = out.superblock.cmdline[i];  // NUL-terminated
}

}  // namespace cw
