// createimage's command line: syntax only. What the values mean (is the kernel an ELF, is a program name
// legal) is checked when the inputs are read, see inputs.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cw::image {

inline constexpr uint32_t kDefaultSwapMib = 16;
inline constexpr uint32_t kSectorsPerMib = 2048;

struct ProgramSpec {
  std::string name;  // as given, validated later
  std::string path;
};

struct Options {
  std::string bootblock;
  std::string stage2;
  std::string kernel;
  std::vector<ProgramSpec> programs;  // in command-line order, which is also directory order
  std::string cmdline;
  uint32_t swap_sectors = kDefaultSwapMib * kSectorsPerMib;  // > 0, a multiple of a page
  bool extended = false;
  std::string output;
  bool help = false;  // --help was given; nothing else is meaningful
};

// Parses the arguments after argv[0]. Throws UsageError with a one-line message. Unless help is set, the
// result has a bootblock, kernel and output path and a valid swap size.
Options parse_options(const std::vector<std::string>& args);

// The --help text.
const char* usage_text();

}  // namespace cw::image
