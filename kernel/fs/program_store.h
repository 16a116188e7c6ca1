// The program directory of the system partition (lib/disk_format.h): which programs exist and where their
// ELF files are. Program bytes are read from the disk on demand, a page at a time, by the pager.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drivers/block/block_device.h"
#include "kernel/boot_params.h"
#include "lib/disk_format.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::programs {

// Finds the system partition the kernel booted from (the partition at the LBA the bootblock used, whose
// superblock matches the one the bootblock read) and reads its program directory.
// Errors: NoDevice (no disk holds it), Io, BadExecutable (a directory entry is malformed).
Result<void> init(const BootParams& params);

size_t count();
const disk::ProgramEntry& at(size_t index);
const disk::ProgramEntry* find(StringView name);
// The program whose file starts at sector `start` of the system partition (the key of its memory
// objects, mm/memory_object.h), or null.
const disk::ProgramEntry* find_by_start(uint32_t start);

// Reads `length` bytes at byte `offset` of the program's file. Errors: Range (beyond the file), Io.
Result<void> read(const disk::ProgramEntry& program, uint32_t offset, void* buffer, uint32_t length);

// The partition holding the system; null before init().
block::Partition* system_partition();

}  // namespace cw::programs
