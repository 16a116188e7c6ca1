// Output helpers for kernel test programs, in the form the integration checker expects
// (tests/integration/README.md, `program:` directive):
//
//   (name) begin            test_begin("name")
//   (name) <message>        msg(...)            compared exactly when a case lists the output
//   (name) FAIL: <why>      check(false, ...) or fail_test(...), then exit(1)
//   (name) end              test_end()
//
// Lines that vary from run to run (timings, pids, addresses) must not start with "(name) ", because the
// checker compares all of those: info() prints them as "[name] info: ...", visible but not compared.
// Every line is one write(), so lines of concurrent processes do not mix.
#pragma once

#include "lib/string_view.h"
#include "procs/lib/print.h"
#include "procs/lib/runtime.h"

namespace cw::user {

// The name given to test_begin ("?" before that).
const char* test_name();
// Sets the name without printing "begin": for helper processes of a test (children).
void test_set_name(const char* name);

void test_begin(const char* name);
void test_end();

template <typename... Args>
void msg(StringView fmt, const Args&... args) {
  print("({}) ", test_name());
  print(fmt, args...);
  print("\n");
}

template <typename... Args>
void info(StringView fmt, const Args&... args) {
  print("[{}] info: ", test_name());
  print(fmt, args...);
  print("\n");
}

template <typename... Args>
[[noreturn]] void fail_test(StringView fmt, const Args&... args) {
  print("({}) FAIL: ", test_name());
  print(fmt, args...);
  print("\n");
  exit(1);
}

// Fails the test with the formatted message unless `condition` holds.
template <typename... Args>
void check(bool condition, StringView fmt, const Args&... args) {
  if (!condition) fail_test(fmt, args...);
}

}  // namespace cw::user
