// The environment a program was started with: the envp strings of its initial stack (crt0 stores the
// pointer before main runs; lib/initial_stack.h has the layout).
#pragma once

#include "lib/string_view.h"

extern "C" {
extern char** environ;  // NULL-terminated "NAME=value" strings, as POSIX names it
}

namespace cw::user {

// The value of variable `name`, or null if it is not set.
const char* getenv(StringView name);

}  // namespace cw::user
