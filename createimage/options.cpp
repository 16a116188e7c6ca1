#include "createimage/options.h"

#include <limits>
#include <optional>
#include <set>

#include "createimage/errors.h"
#include "lib/disk_format.h"

namespace cw::image {

const char* usage_text() {
  return R"(usage: createimage --bootblock FILE --stage2 FILE --kernel FILE [options] -o IMAGE

Builds a Clockwork disk image: MBR with the bootblock, a bootable system partition (type 0x7F) holding
the superblock, program directory, flattened kernel and programs, and a swap partition (type 0x82).

required:
  --bootblock FILE      512-byte boot sector ending in 55 AA; bytes 440..509 must be zero
  --stage2 FILE         the bootblock's stage 2: 8 sectors (4096 bytes) starting with "CWS2",
                        written to LBA 1
  --kernel FILE         ELF32 i386 executable linked at 0xC0000000 and up, loaded at physical 0x100000
  -o, --output IMAGE    the disk image to write (replaced atomically; never left half-written)

options:
  --program NAME=PATH   add a static ELF32 i386 user program under NAME ([A-Za-z0-9_.-], at most
                        23 characters); repeatable, stored in the order given
  --cmdline TEXT        kernel command line (at most 255 bytes), e.g. "console=serial init=shell"
  --swap-mib N          swap partition size in MiB (default 16)
  --swap-sectors N      swap partition size in 512-byte sectors, a multiple of 8
  --extended            also list every ELF segment of the kernel and the programs
  -h, --help            show this text

Options taking a value also accept --option=VALUE.
)";
}

namespace {

// Strict unsigned decimal: digits only, no sign, no overflow.
std::optional<uint64_t> parse_number(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

uint32_t parse_swap(const std::string& flag, const std::string& text) {
  const auto value = parse_number(text);
  const uint64_t max_sectors = std::numeric_limits<uint32_t>::max();
  if (flag == "--swap-mib") {
    if (!value || *value == 0 || *value * kSectorsPerMib > max_sectors) {
      throw UsageError("bad swap size '" + text + "': --swap-mib takes a whole number from 1 to " +
                       std::to_string(max_sectors / kSectorsPerMib));
    }
    return static_cast<uint32_t>(*value * kSectorsPerMib);
  }
  if (!value || *value == 0 || *value > max_sectors || *value % disk::kSectorsPerPage != 0) {
    throw UsageError("bad swap size '" + text + "': --swap-sectors takes a positive multiple of " +
                     std::to_string(disk::kSectorsPerPage) + " that fits in 32 bits");
  }
  return static_cast<uint32_t>(*value);
}

ProgramSpec parse_program(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) throw UsageError("--program expects NAME=PATH, got '" + text + "'");
  return ProgramSpec{text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options options;
  std::set<std::string> seen;  // single-valued options already given
  bool swap_given = false;

  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> inline_value;
    if (flag.rfind("--", 0) == 0) {
      if (const auto eq = flag.find('='); eq != std::string::npos) {
        inline_value = flag.substr(eq + 1);
        flag.resize(eq);
      }
    }
    const auto value = [&]() -> std::string {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) throw UsageError("option " + flag + " needs a value");
      return args[++i];
    };
    const auto once = [&](const std::string& name) {
      if (!seen.insert(name).second) throw UsageError("option " + name + " given more than once");
    };

    if (flag == "-h" || flag == "--help") {
      options.help = true;
      return options;
    } else if (flag == "--bootblock") {
      once(flag);
      options.bootblock = value();
    } else if (flag == "--stage2") {
      once(flag);
      options.stage2 = value();
    } else if (flag == "--kernel") {
      once(flag);
      options.kernel = value();
    } else if (flag == "--program") {
      options.programs.push_back(parse_program(value()));
    } else if (flag == "--cmdline") {
      once(flag);
      options.cmdline = value();
    } else if (flag == "--swap-mib" || flag == "--swap-sectors") {
      if (swap_given) throw UsageError("give the swap size once, with --swap-mib or --swap-sectors");
      swap_given = true;
      options.swap_sectors = parse_swap(flag, value());
    } else if (flag == "--extended") {
      if (inline_value) throw UsageError("option --extended takes no value");
      options.extended = true;
    } else if (flag == "-o" || flag == "--output") {
      once("-o");
      options.output = value();
    } else {
      throw UsageError("unexpected argument '" + args[i] + "'");
    }
  }

  if (options.bootblock.empty()) throw UsageError("missing --bootblock FILE");
  if (options.stage2.empty()) throw UsageError("missing --stage2 FILE");
  if (options.kernel.empty()) throw UsageError("missing --kernel FILE");
  if (options.output.empty()) throw UsageError("missing -o IMAGE (the output file)");
  return options;
}

}  // namespace cw::image
