#include "createimage/report.h"

#include <cstdio>

namespace cw::image {

namespace {

std::string format(const char* pattern, auto... args) {
  char line[256];
  std::snprintf(line, sizeof line, pattern, args...);
  return line;
}

void piece(std::ostream& out, const std::string& name, uint32_t lba, uint32_t sectors,
           const std::string& entry = "") {
  out << format("  %-28s %10u %10u", name.c_str(), lba, sectors);
  if (!entry.empty()) out << "  " << entry;
  out << '\n';
}

void segments(std::ostream& out, const ElfPlan& plan) {
  for (uint32_t i = 0; i < plan.segment_count(); ++i) {
    const ElfSegment& s = plan.segment(i);
    out << format("      segment vaddr 0x%08x memsz 0x%08x offset 0x%08x filesz 0x%08x paddr 0x%08x %c%c%c",
                  s.vaddr, s.memsz, s.offset, s.filesz, s.paddr, s.readable() ? 'R' : '-',
                  s.writable() ? 'W' : '-', s.executable() ? 'X' : '-')
        << '\n';
  }
}

}  // namespace

void print_layout(std::ostream& out, const std::string& image_path, const Layout& layout,
                  const ImageContents& contents, bool extended) {
  out << "wrote " << image_path << ": " << layout.total_sectors << " sectors ("
      << uint64_t{layout.total_sectors} * 512 / 1024 << " KiB)\n";
  out << format("  %-28s %10s %10s  %s", "piece", "first LBA", "sectors", "entry") << '\n';
  piece(out, "mbr", 0, 1);
  piece(out, "bootblock stage 2", disk::kStage2Lba, disk::kStage2Sectors);
  piece(out, "system partition (0x7f)", layout.system_lba, layout.system_sectors);
  const auto lba = [&](const Extent& e) { return layout.system_lba + e.start; };
  piece(out, "superblock", lba(layout.superblock), layout.superblock.sectors);
  piece(out, "program directory", lba(layout.directory), layout.directory.sectors);
  piece(out, "kernel", lba(layout.kernel), layout.kernel.sectors,
        format("0x%08x (physical; virtual 0x%08x)", contents.kernel.entry_physical,
               contents.kernel.plan.entry().get()));
  if (extended) segments(out, contents.kernel.plan);
  for (size_t i = 0; i < contents.programs.size(); ++i) {
    const ProgramImage& program = contents.programs[i];
    piece(out, "program " + program.name, lba(layout.programs[i]), layout.programs[i].sectors,
          format("0x%08x", program.plan.entry().get()));
    if (extended) segments(out, program.plan);
  }
  piece(out, "swap partition (0x82)", layout.swap_lba, layout.swap_sectors);
}

}  // namespace cw::image
