// recurse [depth_kib [quiet]]: a stack much larger than the pageable frame pool survives eviction.
//
//   depth_kib  how deep the stack grows, in KiB; 0 or absent: 16x the pool (VmStat.pageable_frames),
//              between 256 and 7168 KiB. At most 7168 KiB: frames are a little larger than the nominal 512
//              bytes, and the stack limit is 8 MiB.
//   quiet      child mode for paging_suite: no "(recurse)" lines except a FAIL line.
//
// Each call level has a frame of about 512 bytes: a 448-byte local array filled with a pattern of
// (level, index), then the next level is called, then on the way back up the array is verified and
// folded into a checksum that is passed up. The stack grows by faults below esp (docs/abi.md), page by
// page; deeper pages push the upper ones out to swap, and the way back up reads them in again. The
// checksum is compared with the same fold computed without recursion. When the stack is larger than
// the pool, this process must have seen evictions, swap-outs, swap-ins and major faults, at least
// (stack pages - pool) of each swap direction.
//
// Output:  (recurse) begin
//          (recurse) <levels> levels, about <depth_kib> KiB of stack
//          (recurse) every frame verified on the way up, checksum matches
//          (recurse) stack larger than the pool of <P> frames: swapped out and back in
//                    (or: "stack fits the pool")
//          (recurse) end
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

namespace {

constexpr uint32_t kFrameWords = 112;  // 448 bytes of locals per level
constexpr uint32_t kFrameEstimate = kFrameWords * 4 + 64;  // plus saved registers, arguments, alignment

uint32_t levels_total = 0;
uintptr_t deepest_esp = 0;

constexpr uint32_t cell(uint32_t level, uint32_t i) { return mix32(level * 0x01000193u + i) | 1u; }

constexpr uint32_t fold(uint32_t below, uint32_t level, uint32_t sum) {
  return mix32(below ^ (sum + level));
}

uintptr_t read_esp() {
  uintptr_t esp;
  asm volatile("mov %%esp, %0" : "=r"(esp));
  return esp;
}

// One level: fill, descend, verify, fold. noinline and the volatile array keep every frame real.
[[gnu::noinline]] uint32_t descend(uint32_t level) {
  volatile uint32_t frame[kFrameWords];
  for (uint32_t i = 0; i < kFrameWords; ++i) frame[i] = cell(level, i);
  uint32_t below;
  if (level + 1 < levels_total) {
    below = descend(level + 1);
  } else {
    deepest_esp = read_esp();
    below = 0x5EED;
  }
  uint32_t sum = 0;
  for (uint32_t i = 0; i < kFrameWords; ++i) {
    uint32_t v = frame[i];
    if (v != cell(level, i))
      fail_test("level {} word {} at {:#x} is {:#010x}, expected {:#010x}", level, i,
                reinterpret_cast<uintptr_t>(&frame[i]), v, cell(level, i));
    sum = sum * 31 + v;
  }
  asm volatile("" ::: "memory");
  return fold(below, level, sum);
}

uint32_t expected_checksum(uint32_t levels) {
  uint32_t below = 0x5EED;
  for (uint32_t level = levels; level-- > 0;) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < kFrameWords; ++i) sum = sum * 31 + cell(level, i);
    below = fold(below, level, sum);
  }
  return below;
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "[DEPTH_KIB [quiet]]", 2);
  uint32_t requested = arg_uint(argc, argv, 1, 0);
  bool quiet = arg_keyword(argc, argv, 2, "quiet");
  if (quiet) test_set_name("recurse"); else test_begin("recurse");

  VmSnapshot before = VmSnapshot::take();
  uint32_t pool = before.global.pageable_frames;
  uint32_t kib = requested != 0 ? requested : 16 * pool * 4;
  if (requested == 0 && kib < 256) kib = 256;
  if (requested == 0 && kib > 7168) kib = 7168;
  check(kib <= 7168, "depth {} KiB is too close to the 8 MiB stack limit (at most 7168)", kib);
  levels_total = kib * 1024 / kFrameEstimate;
  check(levels_total >= 1, "depth {} KiB is less than one level", kib);
  if (!quiet) msg("{} levels, about {} KiB of stack", levels_total, kib);

  uintptr_t top_esp = read_esp();
  uint32_t got = descend(0);
  VmSnapshot after = VmSnapshot::take();
  uint32_t want = expected_checksum(levels_total);
  check(got == want, "checksum {:#010x}, expected {:#010x}", got, want);
  if (!quiet) msg("every frame verified on the way up, checksum matches");

  uint32_t stack_bytes = static_cast<uint32_t>(top_esp - deepest_esp);
  uint32_t stack_pages = stack_bytes / kPage;
  VmEvents own = events_of(after.own) - events_of(before.own);
  VmEvents global = global_delta(after, before);
  info("{} levels used {} bytes of stack ({} pages, {} bytes per level); pool {} frames, policy {}",
       levels_total, stack_bytes, stack_pages, stack_bytes / levels_total, pool, before.global.policy);
  info_events("process", own, after.ms - before.ms);
  info_events("global", global, after.ms - before.ms);
  check(stack_bytes >= kib * 1024 / 10 * 9, "the stack grew only {} bytes, not about {} KiB", stack_bytes, kib);
  check(own.minor >= stack_pages, "{} minor faults for {} new stack pages", own.minor, stack_pages);
  check_counter_relations(own, global, quiet ? kConcurrentSlack : 0);
  if (stack_pages > pool) {
    uint64_t spill = stack_pages - pool;
    check(own.evictions > 0 && own.major > 0, "no evictions or major faults");
    check(own.swap_outs >= spill, "{} swap-outs for {} stack pages and {} frames", own.swap_outs, stack_pages, pool);
    check(own.swap_ins + own.ahead >= spill, "{} swap-ins and {} pages read ahead for {} stack pages and {} frames",
          own.swap_ins, own.ahead, stack_pages, pool);
    if (!quiet) msg("stack larger than the pool of {} frames: swapped out and back in", pool);
  } else if (!quiet) {
    msg("stack fits the pool");
  }
  if (!quiet) test_end();
  return 0;
}
