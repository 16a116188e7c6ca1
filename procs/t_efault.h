// Shared pieces of t_efault (t_efault.cpp: main and the Linux calls; t_efault_cases.cpp: Clockwork's
// own calls): the catalogue of bad addresses and the EFAULT expectation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"
#include "procs/lib/test.h"

namespace efault {

inline constexpr uintptr_t kKernel = 0xC0000000;    // the first kernel byte
inline constexpr uintptr_t kTopPage = 0xFFFFF000;   // the kernel window at the top of memory
inline constexpr uintptr_t kUnmapped = 0x60000000;  // user space, but no region: between heap and stack
inline constexpr uintptr_t kUserTop = 0xC0000000;
inline constexpr size_t kHugeLength = 0xFFFFFFF0;   // added to any user address, wraps past 4 GiB

// Addresses that depend on the running program; set up by main before any test.
struct Places {
  uintptr_t text;      // this program's code: mapped, but read-only
  uintptr_t heap_end;  // a page-aligned break: the two pages below are mapped, the page above is not
};
extern Places places;

enum : unsigned {
  kNullAllowed = 1u,   // the call accepts a null pointer (waitpid's status, nanosleep's rem)
  kKernelWrites = 2u,  // the kernel writes through the pointer, so read-only memory is bad too
};

// Calls try_one(label, address) for each bad place for an object of `size` (>= 2) bytes; returns how
// many. "crossing" starts in the top page of the user stack (mapped) and ends in kernel space.
template <typename F>
size_t for_each_bad(size_t size, unsigned flags, F&& try_one) {
  size_t n = 0;
  if ((flags & kNullAllowed) == 0) { try_one("null", uintptr_t{0}); ++n; }
  try_one("kernel", kKernel); ++n;
  try_one("top of memory", kTopPage); ++n;
  try_one("unmapped", kUnmapped); ++n;
  try_one("crossing into the kernel", kUserTop - size / 2); ++n;
  if ((flags & kKernelWrites) != 0) { try_one("read-only text", places.text); ++n; }
  return n;
}

// A string that runs into unmapped memory before any NUL: "xxxxxxxx" in the last 8 bytes of the heap.
const char* unterminated_string();
// `text` copied so that it straddles the boundary between the two heap pages (valid memory).
const char* page_crossing_string(const char* text);

template <typename T>
void expect_efault(const char* call, const char* label, const cw::Result<T>& r) {
  if (r) cw::user::fail_test("{} with a {} pointer succeeded, expected EFAULT", call, label);
  cw::user::check(r.error() == cw::Error::BadAddress, "{} with a {} pointer: {} (errno {}), expected EFAULT (14)",
                  call, label, r.error(), static_cast<int>(r.error()));
}

template <typename P>
P* as(uintptr_t address) {
  return reinterpret_cast<P*>(address);
}

inline void passed(const char* call, size_t cases) {
  cw::user::msg("{}: {} bad pointers rejected with EFAULT", call, cases);
}

void test_clockwork_calls();

}  // namespace efault
