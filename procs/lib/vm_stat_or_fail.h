// vm_stat for test programs: the counters of `pid` (0: system-wide), or the test fails (procs/lib/test.h).
#pragma once

#include "lib/abi/structs.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"

namespace cw::user {

inline abi::VmStat vm_stat_or_fail(int pid = 0) {
  abi::VmStat s{};
  if (auto r = sys::vm_stat(pid, &s); !r) fail_test("vm_stat({}): {}", pid, r.error());
  return s;
}

}  // namespace cw::user
