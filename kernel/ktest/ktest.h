// In-kernel tests: `ktest=NAME` on the command line runs the named test in a kernel thread once the
// kernel is up, then powers off with status 0 (pass) or 1 (fail). Output follows the user test programs'
// convention, so the same integration checker reads both:
//   (name) begin / (name) <message> / (name) FAIL: <why> / (name) end
#pragma once

#include "kernel/print.h"
#include "lib/string_view.h"

namespace cw::ktest {

using TestFunction = bool (*)();  // true on success

struct TestCase {
  const char* name;
  TestFunction run;
};

// Runs the test named `name` and powers off. Unknown names list the known ones and power off with 2.
[[noreturn]] void run_and_power_off(StringView name);

// The registry, defined in ktest_registry.cpp.
extern const TestCase kTests[];
extern const size_t kTestCount;

// Prints "(name) FAIL: ..." and returns false when `ok` is false.
template <typename... Args>
bool check(bool ok, const char* test, StringView fmt, const Args&... args) {
  if (!ok) {
    kprint("({}) FAIL: ", test);
    kprint(fmt, args...);
    kprint("\n");
  }
  return ok;
}

}  // namespace cw::ktest
