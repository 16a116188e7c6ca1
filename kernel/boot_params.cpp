#include "kernel/boot_params.h"

#include "kernel/print.h"
#include "mm/kernel_layout.h"

namespace cw {

namespace {

template <typename T>
const T* physical(uint32_t address) {
  return reinterpret_cast<const T*>(phys_to_virt(PhysAddr(address)).get());
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

  if (out.superblock.magic != disk::kSuperblockMagic) {
    kprint("boot: superblock magic {:#x} is wrong; ignoring the command line\n", out.superblock.magic);
    return;
  }
  size_t i = 0;
  for (; i + 1 < sizeof(out.cmdline) && out.superblock.cmdline[i] != '\0'; ++i)
    out.cmdline[i] = out.superblock.cmdline[i];
  out.cmdline[i] = '\0';
  if (out.superblock.cmdline[i] != '\0') kprint("boot: command line not terminated; truncated\n");
}

}  // namespace cw
