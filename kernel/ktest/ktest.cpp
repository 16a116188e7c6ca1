#include "kernel/ktest/ktest.h"

#include "kernel/power.h"

namespace cw::ktest {

void run_and_power_off(StringView name) {
  for (size_t i = 0; i < kTestCount; ++i) {
    if (name != StringView(kTests[i].name)) continue;
    kprint("({}) begin\n", kTests[i].name);
    bool ok = kTests[i].run();
    kprint("({}) end\n", kTests[i].name);
    power_off(ok ? 0 : 1);
  }
  kprint("ktest: no test named '{}'; known tests:", name);
  for (size_t i = 0; i < kTestCount; ++i) kprint(" {}", kTests[i].name);
  kprint("\n");
  power_off(2);
}

}  // namespace cw::ktest
