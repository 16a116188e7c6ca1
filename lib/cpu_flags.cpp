#include "lib/cpu_flags.h"

namespace cw {

namespace {

// Intel SDM Vol 2A, CPUID leaf 01H, Table 3-11 (EDX) and 3-10 (ECX); names as Linux prints them.
constexpr const char* kEdxNames[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", nullptr, "sep", "mtrr", "pge", "mca", "cmov",
    "pat", "pse36", "pn", "clflush", nullptr, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe"};
constexpr const char* kEcxNames[32] = {
    "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16",
    "xtpr", "pdcm", nullptr, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
    "xsave", nullptr /* osxsave: Linux hides it */, "avx", "f16c", "rdrand", "hypervisor"};

}  // namespace

void write_cpu_flags(FormatSink& sink, uint32_t edx, uint32_t ecx) {
  bool first = true;
  auto names = [&](const char* const (&table)[32], uint32_t bits) {
    for (uint32_t bit = 0; bit < 32; ++bit) {
      if ((bits >> bit & 1) == 0 || table[bit] == nullptr) continue;
      if (!first) sink.write(" ", 1);
      format(sink, "{}", table[bit]);
      first = false;
    }
  };
  names(kEdxNames, edx);
  names(kEcxNames, ecx);
}

}  // namespace cw
