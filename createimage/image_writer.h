// Producing the bytes of the image: the MBR, superblock and program directory (pure functions, so tests
// can inspect them), and write_image() which puts everything at its place in the output file.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "createimage/file_io.h"
#include "createimage/inputs.h"
#include "createimage/kernel_image.h"
#include "createimage/layout.h"
#include "lib/disk_format.h"

namespace cw::image {

// Everything validated that goes into one image.
struct ImageContents {
  std::vector<uint8_t> bootblock;  // passed check_bootblock
  std::vector<uint8_t> stage2;     // passed check_stage2
  KernelImage kernel;
  std::vector<ProgramImage> programs;
  std::string cmdline;             // passed check_cmdline
};

// The MBR: the bootblock's code bytes [0, 440), the disk signature, partition 1 (active, type 0x7F) and
// partition 2 (type 0x82) from the layout, entries 3 and 4 empty, and 55 AA.
std::array<uint8_t, disk::kSectorSize> build_mbr(const std::vector<uint8_t>& bootblock, const Layout& layout,
                                                 uint32_t disk_signature);

// The superblock, with kernel_checksum over the kernel's whole sectors (the flat image, zero-padded).
// Throws ImageError if it would not pass lib/superblock_check.h, the bootblock's and kernel's rules.
disk::Superblock build_superblock(const Layout& layout, const ImageContents& contents);

// The directory sectors (layout.directory.sectors * 512 bytes), entries in program order, the rest zero.
std::vector<uint8_t> build_directory(const Layout& layout, const std::vector<ProgramImage>& programs);

// A deterministic, non-zero signature derived from the kernel and programs (FNV-1a), so rebuilding the
// same inputs gives a byte-identical image while different images get different signatures.
uint32_t disk_signature(const ImageContents& contents);

// Writes the whole image (sized layout.total_sectors) into `out`. Does not commit it.
void write_image(OutputFile& out, const Layout& layout, const ImageContents& contents);

}  // namespace cw::image
