// replay PAGES REFS SEED WRITE_PERCENT: replays the reference stream of lib/page_pattern.h by touching
// pages of an anonymous mapping in order (a read or a one-byte write, as marked), and reports the
// kernel's fault count, so that it can be compared with the simulator's on the same stream
// (build/tools/tracegen writes it as a trace; docs/policies.md "Replay in the kernel").
//
// The pool it competes for is known exactly:
//   1. Its own pages are locked: the program image (text, rodata, data, bss: __ehdr_start to _end) and
//      the stack from three pages below the stack pointer (touched first, so the stack has grown there)
//      to the top. The replay loop uses nothing else; its generator state lives on the locked stack. No
//      other process may have pages in the pool (run it as init): every resident frame must then be a
//      locked one, which it checks, and the pool is K = the free frames.
//   2. K fresh pages beyond the trace's (dummies) are read once, which fills every free frame. With
//      CLOCK the frames' ring order (frame index from the hand, mm/second_chance_policy.h) differs from
//      the order they were filled in, while the simulator fills frames 0..K-1 from hand 0. With every
//      frame holding a referenced dummy, the first fault of the replay sweeps the whole ring and evicts
//      from the hand on, so the next K faults replace the dummies in ring order, and the trace's pages
//      then sit in the ring in the order they were loaded, as in the simulator. For FIFO (a queue) the
//      dummies simply go first.
//   3. The faults (minor + major, vm_stat) and swap writes during the trace are the result.
//
// Output:  (replay) begin / [replay] info lines / one `[replay] info: result pool K refs N faults F
//          writebacks W` line / (replay) end.
#include <cstdint>

#include "lib/abi/mman.h"
#include "lib/abi/structs.h"
#include "lib/page_pattern.h"
#include "mm/kernel_layout.h"
#include "procs/lib/args.h"
#include "procs/lib/mmap.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/vm_stat_or_fail.h"

using namespace cw;
using namespace cw::user;

extern "C" char __ehdr_start[];  // defined by the linker: the ELF header, the image's first byte
extern "C" char _end[];          // procs/user.ld: the end of bss

namespace {

constexpr uint32_t kPage = 4096;
constexpr uint32_t kStackPagesBelow = 3;

uint32_t page_down(uintptr_t a) { return static_cast<uint32_t>(a & ~uintptr_t(kPage - 1)); }
uint32_t page_up(uintptr_t a) { return page_down(a + kPage - 1); }

uint64_t faults(const abi::VmStat& s) { return s.minor_faults + s.major_faults; }

[[gnu::noinline]] void grow_stack() {
  volatile uint8_t below[kStackPagesBelow * kPage];
  for (uint32_t i = 0; i < sizeof(below); i += kPage) below[i] = 0;
}

void lock_self() {
  uint32_t image = page_down(reinterpret_cast<uintptr_t>(__ehdr_start));
  uint32_t image_end = page_up(reinterpret_cast<uintptr_t>(_end));
  if (auto r = sys::mlock(reinterpret_cast<void*>(image), image_end - image); !r)
    fail_test("mlock of the image ({} pages): {}", (image_end - image) / kPage, r.error());
  grow_stack();
  uint8_t here = 0;
  uint32_t stack = page_down(reinterpret_cast<uintptr_t>(&here)) - kStackPagesBelow * kPage;
  if (auto r = sys::mlock(reinterpret_cast<void*>(stack), kUserTop - stack); !r)
    fail_test("mlock of the stack ({} pages): {}", (kUserTop - stack) / kPage, r.error());
  info("locked {} image and {} stack pages", (image_end - image) / kPage, (kUserTop - stack) / kPage);
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "PAGES REFS SEED WRITE_PERCENT", 4);
  if (argc != 5) usage_error(argv, "four arguments expected");
  uint32_t pages = arg_uint(argc, argv, 1, 0);
  uint32_t refs = arg_uint(argc, argv, 2, 0);
  uint32_t seed = arg_uint(argc, argv, 3, 0);
  uint32_t writes = arg_uint(argc, argv, 4, 0);
  if (pages < 2 || pages > (1u << 18)) usage_error(argv, "PAGES must be 2 to 262144");
  if (writes > 100) usage_error(argv, "WRITE_PERCENT must be 0 to 100");
  test_begin("replay");
  lock_self();
  abi::VmStat before = vm_stat_or_fail();
  check(before.resident_pages == before.pinned_frames,
        "{} resident pages are not locked: run replay as init, alone in the pool",
        before.resident_pages - before.pinned_frames);
  const uint32_t pool = before.free_frames;
  check(pool >= 2, "only {} frames left for the replay", pool);

  auto mapped = sys::mmap_anonymous(0, (pages + pool) * kPage, abi::kProtRead | abi::kProtWrite, abi::kMapPrivate);
  if (!mapped) fail_test("mmap of {} pages: {}", pages + pool, mapped.error());
  volatile uint8_t* area = reinterpret_cast<volatile uint8_t*>(mapped.value());

  for (uint32_t i = 0; i < pool; ++i) (void)area[(pages + i) * kPage];
  abi::VmStat warm = vm_stat_or_fail();
  check(warm.free_frames == 0 && faults(warm) - faults(before) == pool,
        "the {} dummy pages took {} faults and left {} frames free", pool, faults(warm) - faults(before),
        warm.free_frames);

  PagePattern pattern(pages, seed, writes);
  for (uint32_t i = 0; i < refs; ++i) {
    PageReference r = pattern.next();
    if (r.write)
      area[r.page * kPage] = 1;
    else
      (void)area[r.page * kPage];
  }
  abi::VmStat after = vm_stat_or_fail();
  info("policy {} pages {} seed {} writes {}%", after.policy, pages, seed, writes);
  info("result pool {} refs {} faults {} writebacks {}", pool, refs, faults(after) - faults(warm),
       after.swap_outs - warm.swap_outs);
  test_end();
  return 0;
}
