// The command line of build/tools/policysim (fixed: scripts depend on it):
//
//   policysim --trace FILE --sizes 100,200,400 [--policies fifo,second-chance,...,lru,opt]
//
// Replays the trace (format in trace.h) once per policy and size and prints CSV on `out`: the header
// `policy,size,faults,writebacks`, then one row per policy (in the order given; default: every policy)
// and size (in the order given). Errors go to `err` as one line starting "policysim: "; the exit status
// is 0 on success, 1 for a bad trace or a failed run, 2 for a bad command line.
#pragma once

#include <ostream>

namespace cw::policysim {

int policysim_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace cw::policysim
