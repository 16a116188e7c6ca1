// CPU features the kernel asks CPUID about and turns on (Intel SDM Vol 2A, CPUID; Vol 3A 2.5, CR4).
#pragma once

#include <cstdint>

namespace cw::cpu {

struct CpuidResult {
  uint32_t eax, ebx, ecx, edx;
};

// CPUID with EAX = leaf, ECX = subleaf. A leaf above the CPU's maximum basic leaf reads as all zeros
// (the instruction itself would return the highest leaf's data instead, SDM Vol 2A CPUID).
CpuidResult cpuid(uint32_t leaf, uint32_t subleaf = 0);

// CPUID with an extended leaf (0x8000_0000 and up); zeros above the CPU's maximum extended leaf.
CpuidResult cpuid_extended(uint32_t leaf);

// The processor brand string (CPUID 8000_0002H-8000_0004H, SDM Vol 2A), leading spaces dropped, into
// out[0..48]; empty if the CPU has none.
void brand_string(char (&out)[49]);

// User-Mode Instruction Prevention: CPUID.(EAX=07H,ECX=0):ECX[bit 2].
bool has_umip();

// Turns on the protections against user programs that the CPU offers, before the first user process,
// and prints one line saying which. Today: UMIP (CR4 bit 11), so that sgdt, sidt, sldt, smsw and str fault
// at CPL 3 instead of revealing where the kernel keeps its descriptor tables.
void enable_user_mode_protections();

}  // namespace cw::cpu
