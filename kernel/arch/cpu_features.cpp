#include "kernel/arch/cpu_features.h"

#include "kernel/arch/cpu.h"
#include "kernel/print.h"

namespace cw::cpu {

namespace {

inline constexpr uint32_t kLeafStructuredFeatures = 7;
inline constexpr uint32_t kCpuid7EcxUmip = 1u << 2;
inline constexpr uint32_t kCr4Umip = 1u << 11;  // Intel SDM Vol 3A 2.5

CpuidResult raw_cpuid(uint32_t leaf, uint32_t subleaf) {
  CpuidResult r;
  asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
  return r;
}

}  // namespace

CpuidResult cpuid(uint32_t leaf, uint32_t subleaf) {
  uint32_t max_basic = raw_cpuid(0, 0).eax;
  if (leaf > max_basic) return {0, 0, 0, 0};
  return raw_cpuid(leaf, subleaf);
}

CpuidResult cpuid_extended(uint32_t leaf) {
  uint32_t max_extended = raw_cpuid(0x80000000u, 0).eax;
  if (max_extended < 0x80000000u || leaf > max_extended) return {0, 0, 0, 0};
  return raw_cpuid(leaf, 0);
}

void brand_string(char (&out)[49]) {
  uint32_t words[12] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    CpuidResult r = cpuid_extended(0x80000002u + i);
    words[4 * i] = r.eax;
    words[4 * i + 1] = r.ebx;
    words[4 * i + 2] = r.ecx;
    words[4 * i + 3] = r.edx;
  }
  const auto* bytes = reinterpret_cast<const char*>(words);
  uint32_t start = 0;
  while (start < 48 && bytes[start] == ' ') ++start;
  uint32_t n = 0;
  for (uint32_t i = start; i < 48 && bytes[i] != '\0'; ++i) out[n++] = bytes[i];
  out[n] = '\0';
}

bool has_umip() { return (cpuid(kLeafStructuredFeatures).ecx & kCpuid7EcxUmip) != 0; }

void enable_user_mode_protections() {
  if (has_umip()) {
    write_cr4(read_cr4() | kCr4Umip);
    kprint("cpu: UMIP on (sgdt, sidt, sldt, smsw and str fault in user mode)\n");
  } else {
    kprint("cpu: no UMIP on this CPU (user mode can read the GDT and IDT addresses)\n");
  }
}

}  // namespace cw::cpu
