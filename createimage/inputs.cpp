#include "createimage/inputs.h"

#include <cstring>
#include <set>

#include "createimage/errors.h"
#include "createimage/file_io.h"
#include "lib/disk_format.h"

namespace cw::image {

void throw_elf_error(const std::string& label, ElfError error) {
  throw ImageError(label + " is not a valid executable: " + describe(error));
}

void check_bootblock(const std::vector<uint8_t>& bootblock, const std::string& path) {
  const std::string prefix = "bad bootblock '" + path + "': ";
  if (bootblock.size() != disk::kSectorSize) {
    throw ImageError(prefix + "it is " + std::to_string(bootblock.size()) + " bytes, a boot sector is " +
                     std::to_string(disk::kSectorSize));
  }
  if (bootblock[disk::kMbrBootSignatureOffset] != 0x55 || bootblock[disk::kMbrBootSignatureOffset + 1] != 0xAA) {
    throw ImageError(prefix + "it does not end in the boot signature 55 AA");
  }
  for (uint32_t i = disk::kMbrDiskSignatureOffset; i < disk::kMbrBootSignatureOffset; ++i) {
    if (bootblock[i] != 0) {
      throw ImageError(prefix + "byte " + std::to_string(i) +
                       " is not zero; bytes 440..509 hold the disk signature and partition table, so the "
                       "boot code must end before byte 440");
    }
  }
}

void check_stage2(const std::vector<uint8_t>& stage2, const std::string& path) {
  const std::string prefix = "bad stage 2 '" + path + "': ";
  if (stage2.size() != disk::kStage2Sectors * disk::kSectorSize) {
    throw ImageError(prefix + "it is " + std::to_string(stage2.size()) + " bytes, the MBR code loads " +
                     std::to_string(disk::kStage2Sectors * disk::kSectorSize));
  }
  uint32_t magic;
  std::memcpy(&magic, stage2.data(), sizeof magic);
  if (magic != disk::kStage2Magic) throw ImageError(prefix + "it does not start with the stage 2 magic \"CWS2\"");
}

void check_program_name(const std::string& name) {
  if (name.empty()) throw ImageError("bad program name '': a name needs at least one character");
  if (name.size() >= disk::kProgramNameMax) {
    throw ImageError("bad program name '" + name + "': at most " + std::to_string(disk::kProgramNameMax - 1) +
                     " characters");
  }
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) throw ImageError("bad program name '" + name + "': only A-Z a-z 0-9 _ . - are allowed");
  }
}

void check_cmdline(const std::string& cmdline) {
  if (cmdline.size() >= disk::kCmdlineMax) {
    throw ImageError("kernel command line too long: " + std::to_string(cmdline.size()) + " bytes, at most " +
                     std::to_string(disk::kCmdlineMax - 1));
  }
  // An embedded NUL would silently truncate the line the kernel sees (argv cannot carry one, but the
  // library interface can).
  if (cmdline.find('\0') != std::string::npos) throw ImageError("kernel command line contains a NUL byte");
}

std::vector<ProgramImage> load_programs(const std::vector<ProgramSpec>& specs) {
  if (specs.size() > disk::kMaxPrograms) {
    throw ImageError("too many programs: " + std::to_string(specs.size()) + ", at most " +
                     std::to_string(disk::kMaxPrograms));
  }
  std::set<std::string> names;
  for (const ProgramSpec& spec : specs) {
    check_program_name(spec.name);
    if (!names.insert(spec.name).second) throw ImageError("duplicate program name '" + spec.name + "'");
  }

  std::vector<ProgramImage> programs;
  programs.reserve(specs.size());
  for (const ProgramSpec& spec : specs) {
    const std::string label = "program '" + spec.name + "' (file '" + spec.path + "')";
    std::vector<uint8_t> bytes = read_input(spec.path, label);
    auto plan = plan_elf(bytes.data(), bytes.size(), static_cast<uint32_t>(bytes.size()), kUserElfLimits);
    if (!plan) throw_elf_error(label, plan.error());
    programs.push_back(ProgramImage{spec.name, spec.path, std::move(bytes), plan.release_value()});
  }
  return programs;
}

}  // namespace cw::image
