// `crash=KIND` on the command line makes the kernel fail on purpose once it is up, to prove the failure
// reports work: divide (divide error), pagefault (write to an unmapped kernel address), panic (PANIC),
// opcode (invalid opcode). An unknown kind is reported and ignored.
#pragma once

#include "lib/string_view.h"

namespace cw {

void crash_on_request(StringView kind);

}  // namespace cw
