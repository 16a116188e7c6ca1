// small_sort: a stable insertion sort for the few elements of an eviction batch or a write run (at most
// a cluster, eight), in place, without allocation. `before(a, b)` is true when a must come before b.
#pragma once

#include <cstdint>

namespace cw {

template <typename T, typename Before>
void small_sort(T* items, uint32_t count, Before before) {
  for (uint32_t i = 1; i < count; ++i)
    for (uint32_t at = i; at > 0 && before(items[at], items[at - 1]); --at) {
      T moved = items[at];
      items[at] = items[at - 1];
      items[at - 1] = moved;
    }
}

}  // namespace cw
