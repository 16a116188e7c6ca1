// The names /proc/cpuinfo's "flags" line gives the CPUID leaf 1 feature bits, in Linux's order and
// spelling (arch/x86/include/asm/cpufeatures.h: word 0 is EDX, word 4 is ECX; a bit Linux does not show,
// or that is reserved, has no name). Hardware-independent and host-tested (tests/host/cpu_flags_test.cpp).
#pragma once

#include <cstdint>

#include "lib/format.h"

namespace cw {

// Writes the names of the set bits of CPUID.1:EDX then CPUID.1:ECX, separated by single spaces.
void write_cpu_flags(FormatSink& sink, uint32_t edx, uint32_t ecx);

}  // namespace cw
