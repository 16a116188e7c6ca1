// The superblock's validity rules (lib/disk_format.h), in one place for createimage (which checks what
// it wrote), the kernel (which checks the copy the bootblock left) and the host tests. boot/stage2.asm
// applies the same rules, in the same order, and names the same field.
#pragma once

#include <cstdint>

#include "lib/disk_format.h"

namespace cw::disk {

// The first field of `sb` that is out of range, by its name in struct Superblock ("magic", "version",
// ...), or nullptr when every field is valid. The kernel checksum is not covered: it needs the kernel's
// bytes (superblock_checksum_ok).
const char* superblock_bad_field(const Superblock& sb);

// Whether `kernel`, the kernel extent's sb.kernel_sectors whole sectors as read from disk, matches
// sb.kernel_checksum.
bool superblock_checksum_ok(const Superblock& sb, const void* kernel);

}  // namespace cw::disk
