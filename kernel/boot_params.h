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

// Reads the handoff at `boot_info_physical`. A superblock that breaks a rule of lib/superblock_check.h,
// or a kernel image that does not match its checksum, is named in one line "Clockwork boot: bad superblock
// field NAME ..." on the console, and the machine stops there. More E820 records than the buffer holds
// are reported and the rest ignored.
void read_boot_params(uint32_t boot_info_physical, BootParams& out);

}  // namespace cw
