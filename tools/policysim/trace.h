// A page-reference trace as the simulator replays it.
//
// Text format, one reference per line: a decimal page number, optionally followed by one space and `R`
// (read) or `W` (write); no letter means a read. Spaces, tabs and a CR around the line are ignored, and a
// blank line is skipped. Anything else is an error that names the line, so a truncated or mangled trace is
// never replayed in part.
//
// Page numbers are arbitrary 64-bit values (lackey traces use address >> 12); they are renamed on input
// to dense ids 0..distinct-1 in order of first appearance, which the simulators index arrays by.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace cw::policysim {

struct Trace {
  std::vector<uint32_t> pages;  // dense page id of each reference
  std::vector<bool> writes;     // whether each reference writes
  uint32_t distinct = 0;        // number of different pages
};

// Reads a whole trace. On failure returns false and sets `error` to "line N: what was wrong".
bool read_trace(std::istream& in, Trace& trace, std::string& error);

}  // namespace cw::policysim
