#include "createimage/image_writer.h"

#include <cstring>
#include <string>

#include "createimage/errors.h"
#include "lib/crc32.h"
#include "lib/superblock_check.h"

namespace cw::image {

namespace {

disk::MbrPartitionEntry partition(uint8_t status, uint8_t type, uint32_t lba, uint32_t sectors) {
  // Clockwork addresses the disk by LBA only; FE FF FF is the conventional "CHS cannot express this"
  // marker that LBA-aware firmware ignores.
  return disk::MbrPartitionEntry{status, {0xFE, 0xFF, 0xFF}, type, {0xFE, 0xFF, 0xFF}, lba, sectors};
}

void fnv1a(uint32_t& hash, const std::vector<uint8_t>& bytes) {
  for (uint8_t byte : bytes) hash = (hash ^ byte) * 16777619u;
}

uint64_t byte_offset(uint32_t lba) { return uint64_t{lba} * disk::kSectorSize; }

}  // namespace

std::array<uint8_t, disk::kSectorSize> build_mbr(const std::vector<uint8_t>& bootblock, const Layout& layout,
                                                 uint32_t disk_signature) {
  std::array<uint8_t, disk::kSectorSize> mbr{};
  std::memcpy(mbr.data(), bootblock.data(), disk::kMbrDiskSignatureOffset);
  std::memcpy(mbr.data() + disk::kMbrDiskSignatureOffset, &disk_signature, sizeof disk_signature);
  const disk::MbrPartitionEntry table[disk::kMbrPartitionCount] = {
      partition(disk::kPartitionActive, disk::kPartitionTypeSystem, layout.system_lba, layout.system_sectors),
      partition(0, disk::kPartitionTypeSwap, layout.swap_lba, layout.swap_sectors),
      {},
      {},
  };
  std::memcpy(mbr.data() + disk::kMbrPartitionTableOffset, table, sizeof table);
  mbr[disk::kMbrBootSignatureOffset] = 0x55;
  mbr[disk::kMbrBootSignatureOffset + 1] = 0xAA;
  return mbr;
}

disk::Superblock build_superblock(const Layout& layout, const ImageContents& contents) {
  disk::Superblock sb{};
  sb.magic = disk::kSuperblockMagic;
  sb.version = disk::kFormatVersion;
  sb.superblock_size = sizeof(disk::Superblock);
  sb.kernel_start = layout.kernel.start;
  sb.kernel_sectors = layout.kernel.sectors;
  sb.kernel_entry = contents.kernel.entry_physical;
  sb.kernel_load = disk::kKernelLoadAddress;
  sb.kernel_memsz = contents.kernel.memsz;
  sb.progdir_start = layout.directory.start;
  sb.progdir_count = static_cast<uint32_t>(contents.programs.size());
  sb.partition_sectors = layout.system_sectors;
  std::memcpy(sb.cmdline, contents.cmdline.data(), contents.cmdline.size());  // rest stays NUL
  const std::vector<uint8_t>& flat = contents.kernel.flat;
  const std::vector<uint8_t> padding(size_t{layout.kernel.sectors} * disk::kSectorSize - flat.size(), 0);
  sb.kernel_checksum = crc32_final(crc32_update(crc32_update(kCrc32Init, flat.data(), flat.size()),
                                                padding.data(), padding.size()));
  if (const char* field = disk::superblock_bad_field(sb)) {
    throw ImageError(std::string("the superblock's ") + field +
                     " is out of the range the bootblock accepts (lib/superblock_check.cpp)");
  }
  return sb;
}

std::vector<uint8_t> build_directory(const Layout& layout, const std::vector<ProgramImage>& programs) {
  std::vector<uint8_t> bytes(size_t{layout.directory.sectors} * disk::kSectorSize, 0);
  for (size_t i = 0; i < programs.size(); ++i) {
    disk::ProgramEntry entry{};
    std::memcpy(entry.name, programs[i].name.data(), programs[i].name.size());  // rest stays NUL
    entry.start = layout.programs[i].start;
    entry.size = static_cast<uint32_t>(programs[i].bytes.size());
    std::memcpy(bytes.data() + i * sizeof entry, &entry, sizeof entry);
  }
  return bytes;
}

uint32_t disk_signature(const ImageContents& contents) {
  uint32_t hash = 2166136261u;
  fnv1a(hash, contents.kernel.flat);
  for (const ProgramImage& program : contents.programs) fnv1a(hash, program.bytes);
  return hash != 0 ? hash : 1;  // 0 reads as "no signature" to some tools
}

void write_image(OutputFile& out, const Layout& layout, const ImageContents& contents) {
  // Size first: everything not written below (gaps, padding, the swap partition) reads as zero.
  out.set_size(byte_offset(layout.total_sectors));
  const auto mbr = build_mbr(contents.bootblock, layout, disk_signature(contents));
  out.write_at(0, mbr.data(), mbr.size());
  out.write_at(byte_offset(disk::kStage2Lba), contents.stage2.data(), contents.stage2.size());

  const auto at = [&](const Extent& extent) { return byte_offset(layout.system_lba + extent.start); };
  const disk::Superblock sb = build_superblock(layout, contents);
  out.write_at(at(layout.superblock), &sb, sizeof sb);
  const std::vector<uint8_t> directory = build_directory(layout, contents.programs);
  out.write_at(at(layout.directory), directory.data(), directory.size());
  out.write_at(at(layout.kernel), contents.kernel.flat.data(), contents.kernel.flat.size());
  for (size_t i = 0; i < contents.programs.size(); ++i) {
    const auto& bytes = contents.programs[i].bytes;
    out.write_at(at(layout.programs[i]), bytes.data(), bytes.size());
  }
}

}  // namespace cw::image
