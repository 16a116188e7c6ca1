#include "procs/lib/test.h"

namespace cw::user {

namespace {

const char* current_name = "?";

}  // namespace

const char* test_name() { return current_name; }

void test_set_name(const char* name) { current_name = name; }

void test_begin(const char* name) {
  current_name = name;
  msg("begin");
}

void test_end() {
  msg("end");
  flush_output();
}

}  // namespace cw::user
