// The `trace_enosys` boot flag: print one line for every system call that fails with ENOSYS because
// Clockwork does not implement its number, naming the process, the number and the first three
// arguments. A tool for bringing up programs built for Linux (docs/abi.md, docs/boot.md).
#pragma once

#include <cstdint>

#include "kernel/syscall/syscall.h"
#include "lib/cmdline.h"

namespace cw::syscall {

void configure_enosys_trace(const CommandLine& command_line);

// Called by the dispatcher for an unknown number; prints only when the flag is on.
void trace_enosys(uint32_t number, const Args& args);

}  // namespace cw::syscall
