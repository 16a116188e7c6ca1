// Reading and validating everything that goes into the image except the kernel (kernel_image.h).
// Each function either returns something the layout and writer can use without further checks, or
// throws ImageError with a message naming the offending input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "createimage/options.h"
#include "lib/elf_plan.h"

namespace cw::image {

// A user program: its unmodified ELF file and the plan that proved it loadable.
struct ProgramImage {
  std::string name;  // valid directory name
  std::string path;
  std::vector<uint8_t> bytes;
  ElfPlan plan;
};

// Checks the boot sector: exactly 512 bytes, ending in 55 AA, and nothing but zeros in bytes
// [440, 510), which createimage overwrites with the disk signature and partition table (non-zero bytes
// there mean the boot code ran into the table).
void check_bootblock(const std::vector<uint8_t>& bootblock, const std::string& path);

// Throws ImageError unless `stage2` is exactly disk::kStage2Sectors sectors starting with disk::kStage2Magic
// (what the MBR code loads and checks).
void check_stage2(const std::vector<uint8_t>& stage2, const std::string& path);

// Checks a program directory name: 1..kProgramNameMax-1 characters from [A-Za-z0-9_.-].
void check_program_name(const std::string& name);

// Checks the kernel command line fits the superblock with its terminating NUL.
void check_cmdline(const std::string& cmdline);

// Validates names (each legal, no duplicates, at most kMaxPrograms) before any file is read, then reads
// and plans every program with kUserElfLimits.
std::vector<ProgramImage> load_programs(const std::vector<ProgramSpec>& specs);

// Turns a plan_elf rejection into "<label> is not a valid executable: <reason>".
[[noreturn]] void throw_elf_error(const std::string& label, ElfError error);

}  // namespace cw::image
