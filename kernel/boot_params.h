// What the bootblock handed over (lib/disk_format.h "Boot handoff"), copied into kernel memory before
// low memory is reused.
#pragma once

#include "lib/disk_format.h"
#include "lib/string_view.h"

namespace cw {

struct BootParams {
  uint8_t boot_drive = 0;
  uint32_t partition_lba = 0;
  disk::Superblock superblock{};
  disk::E820Entry e820[disk::kE820MaxEntries]{};
  uint32_t e820_count = 0;
  char cmdline[disk::kCmdlineMax]{};

  StringView command_line() const { return StringView(cmdline); }
};

// Reads the handoff at `boot_info_physical`. Problems (bad superblock magic, unterminated command line)
// are reported on the console; the kernel continues with what it could read.
void read_boot_params(uint32_t boot_info_physical, BootParams& out);

}  // namespace cw
