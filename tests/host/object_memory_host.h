// Host-test control of mm/object_memory.h: after `successes` more allocations, every allocation fails
// (-1: never fail).
#pragma once

#include "mm/object_memory.h"

namespace cw::mm {
void fail_object_memory_after(int successes);
}  // namespace cw::mm
