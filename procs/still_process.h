// A process that can check system-wide frame and swap-slot counts against a baseline must not itself
// take frames or slots in between: paging_suite and fuzz make themselves "still" first. Their writable
// pages (data, bss, the top stack page) are locked, so none can be evicted and given a swap slot, and
// every page of text and rodata is touched, so it is resident when the pool allows. The check after the
// children are reaped then compares swap_slots_used and pinned_frames exactly, and free_frames plus the
// process's own resident pages (its clean image pages may have been evicted meanwhile and come back)
// plus the pages read ahead and not yet used (docs/vm.md "Read-around").
#pragma once

#include "procs/lib/test.h"
#include "procs/paging_common.h"

extern "C" char __fini_array_end[];  // procs/user.ld: the end of rodata; data starts at the next page
extern "C" char _end[];

namespace cw::paging {

inline constexpr uintptr_t kImageStart = 0x08048000;
inline constexpr uintptr_t kStackTop = 0xC0000000;
inline constexpr uint32_t kLockedStackPages = 1;  // the top page: argv and every frame of the program

inline uintptr_t page_up(uintptr_t a) { return (a + kPage - 1) & ~static_cast<uintptr_t>(kPage - 1); }

// True if the stack has grown below the locked pages (mlock of the next page down only succeeds then).
inline bool stack_grew_past_locked_pages() {
  void* below = reinterpret_cast<void*>(kStackTop - (kLockedStackPages + 1) * kPage);
  if (!sys::mlock(below, kPage)) return false;
  (void)sys::munlock(below, kPage);
  return true;
}

// Reads one byte of every page of text and rodata, so they are all resident (if the pool allows).
inline void touch_image() {
  uint32_t sum = 0;
  for (uintptr_t a = kImageStart; a < reinterpret_cast<uintptr_t>(__fini_array_end); a += kPage)
    sum += *reinterpret_cast<volatile uint8_t*>(a);
  asm volatile("" : : "r"(sum));
}

inline uint32_t process_count() {
  abi::ProcInfo list[16];
  auto n = sys::proc_list(list, 16);
  if (!n) user::fail_test("proc_list: {}", n.error());
  return static_cast<uint32_t>(n.value());
}

// Locks data, bss and the top stack page and touches the image. Returns the number of locked pages.
inline uint32_t make_still() {
  uintptr_t data_start = page_up(reinterpret_cast<uintptr_t>(__fini_array_end));
  uintptr_t data_end = page_up(reinterpret_cast<uintptr_t>(_end));
  auto locked = sys::mlock(reinterpret_cast<void*>(data_start), data_end - data_start);
  if (!locked) user::fail_test("mlock of data and bss: {}", locked.error());
  uintptr_t stack_low = kStackTop - kLockedStackPages * kPage;
  locked = sys::mlock(reinterpret_cast<void*>(stack_low), kLockedStackPages * kPage);
  if (!locked) user::fail_test("mlock of the stack: {}", locked.error());
  touch_image();
  return static_cast<uint32_t>((data_end - data_start) / kPage) + kLockedStackPages;
}

// The check after every child is reaped (see the top of this file); `base` and `base_own` were taken
// right after make_still(). Fails the test with what leaked.
inline void check_back_at_baseline(const abi::VmStat& base, const abi::VmStat& base_own) {
  user::check(!stack_grew_past_locked_pages(), "the stack grew past its {} locked page(s)", kLockedStackPages);
  touch_image();
  abi::VmStat end = vm_stat(0);
  abi::VmStat end_own = vm_stat(sys::getpid());
  user::info("after: {} free, {} pinned, swap {} slots used, {} objects; own resident {} pages", end.free_frames,
             end.pinned_frames, end.swap_slots_used, end.memory_objects, end_own.resident_pages);
  user::check(process_count() == 1, "{} processes left after reaping every child", process_count());
  user::check(end.swap_slots_used == base.swap_slots_used, "{} swap slots used, baseline {}: slots leaked",
              end.swap_slots_used, base.swap_slots_used);
  user::check(end.pinned_frames == base.pinned_frames, "{} pinned frames, baseline {}", end.pinned_frames,
              base.pinned_frames);
  // Pages read ahead and not used yet are mapped by nobody: they count with the free frames.
  user::check(end.free_frames + end.read_ahead_resident + end_own.resident_pages ==
                  base.free_frames + base.read_ahead_resident + base_own.resident_pages,
              "{} free frames + {} read ahead + {} resident, baseline {} + {} + {}: frames leaked", end.free_frames,
              end.read_ahead_resident, end_own.resident_pages, base.free_frames, base.read_ahead_resident,
              base_own.resident_pages);
  if (end_own.resident_pages == base_own.resident_pages && end.read_ahead_resident == base.read_ahead_resident)
    user::check(end.free_frames == base.free_frames, "free frames {} != baseline {}", end.free_frames,
                base.free_frames);
}

}  // namespace cw::paging
