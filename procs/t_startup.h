// Shared by the two halves of t_startup (t_startup.cpp: the start-up calls; t_startup_cpu.cpp: TLS and
// the FPU).
#pragma once

#include <cstdint>

#include "procs/lib/fork_wait.h"
#include "procs/lib/linux_calls.h"
#include "procs/lib/test.h"

namespace cw::startup {

inline constexpr uint32_t kKernelAddress = 0xC0000000;

// Fails the test unless `got` is `want` (a value or a negated errno).
void expect(int32_t got, int32_t want, const char* what);


void check_initial_fpu_state();  // first thing in main: FCW and MXCSR of a new process
void check_tls();
void check_fpu();

}  // namespace cw::startup
