#include "createimage/kernel_image.h"

#include <algorithm>
#include <cstdio>

#include "createimage/errors.h"
#include "createimage/inputs.h"
#include "lib/disk_format.h"

namespace cw::image {

namespace {

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

// The plan's segments ordered by physical address, checked to be loadable where the bootblock puts them.
std::vector<ElfSegment> physical_segments(const std::string& path, const ElfPlan& plan) {
  std::vector<ElfSegment> segments;
  for (uint32_t i = 0; i < plan.segment_count(); ++i) segments.push_back(plan.segment(i));
  std::sort(segments.begin(), segments.end(),
            [](const ElfSegment& a, const ElfSegment& b) { return a.paddr < b.paddr; });

  const std::string prefix = "kernel '" + path + "': segment at virtual ";
  uint64_t previous_end = disk::kKernelLoadAddress;
  for (const ElfSegment& s : segments) {
    const uint64_t end = uint64_t{s.paddr} + s.memsz;
    if (s.paddr < disk::kKernelLoadAddress) {
      throw ImageError(prefix + hex(s.vaddr) + " has physical address " + hex(s.paddr) +
                       ", below the load address " + hex(disk::kKernelLoadAddress));
    }
    if (end > 0xFFFFFFFFu) {
      throw ImageError(prefix + hex(s.vaddr) + " wraps around the end of physical memory");
    }
    if (s.paddr < previous_end) {
      throw ImageError(prefix + hex(s.vaddr) + " overlaps another segment in physical memory at " +
                       hex(s.paddr));
    }
    previous_end = end;
  }
  return segments;
}

}  // namespace

KernelImage flatten_kernel(const std::string& path, const std::vector<uint8_t>& elf) {
  auto planned = plan_elf(elf.data(), elf.size(), static_cast<uint32_t>(elf.size()), kKernelElfLimits);
  if (!planned) throw_elf_error("kernel '" + path + "'", planned.error());
  const ElfPlan plan = planned.release_value();
  const std::vector<ElfSegment> segments = physical_segments(path, plan);

  uint32_t file_end = disk::kKernelLoadAddress;  // physical end of the last file-backed byte
  uint32_t mem_end = disk::kKernelLoadAddress;
  for (const ElfSegment& s : segments) {
    if (s.filesz > 0) file_end = std::max(file_end, s.paddr + s.filesz);
    mem_end = std::max(mem_end, s.paddr + s.memsz);
  }
  const uint32_t flat_size = file_end - disk::kKernelLoadAddress;
  if (flat_size == 0) throw ImageError("kernel '" + path + "' has no file-backed contents to load");
  if (flat_size > disk::kKernelMaxBytes) {
    throw ImageError("kernel too large for the loader: " + std::to_string(flat_size) +
                     " bytes, the bootblock can load at most " + std::to_string(disk::kKernelMaxBytes));
  }

  std::vector<uint8_t> flat(flat_size, 0);
  for (const ElfSegment& s : segments) {
    std::copy_n(elf.begin() + s.offset, s.filesz, flat.begin() + (s.paddr - disk::kKernelLoadAddress));
  }

  // plan_elf guarantees an executable segment contains the entry; translate through that segment.
  const uint32_t entry = plan.entry().get();
  uint32_t entry_physical = 0;
  for (const ElfSegment& s : segments) {
    if (s.executable() && entry >= s.vaddr && entry < s.end()) entry_physical = entry - s.vaddr + s.paddr;
  }
  return KernelImage{path, std::move(flat), entry_physical, mem_end - disk::kKernelLoadAddress, plan};
}

}  // namespace cw::image
