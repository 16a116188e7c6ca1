// swapfill [report_every]: touches new heap pages until swap is full and the kernel kills it.
//
// Each new page gets one written word, so every page is dirty and needs its own swap slot once it is
// evicted. When the pool is empty and the victim needs a slot but none is left, the fault cannot be
// served: the kernel prints "process swapfill (pid N) killed: out of swap space ..." and ends the
// process with SIGKILL (9). paging_suite runs it as a child and checks that status (and that every frame
// and slot comes back afterwards). It needs about (swap slots + pool) pages: 16 MiB + the pool with the
// default image.
//
// Output:  "[swapfill] info:" lines only, every `report_every` pages (default 1024): pages touched and
//          the global swap usage. It never ends normally. If the break stops growing first it prints
//          "(swapfill) FAIL: ..." and exits with status 3.
#include "procs/lib/args.h"
#include "procs/paging_common.h"

using namespace cw;
using namespace cw::user;
using namespace cw::paging;

int main(int argc, char** argv) {
  check_args(argc, argv, "[REPORT_EVERY]", 1);
  uint32_t report_every = arg_uint(argc, argv, 1, 1024);
  if (report_every == 0) report_every = 1024;
  test_set_name("swapfill");
  abi::VmStat start = vm_stat(0);
  info("pool {} frames, swap {} of {} slots used: expecting to die after about {} pages", start.pageable_frames,
       start.swap_slots_used, start.swap_slots_total,
       start.swap_slots_total - start.swap_slots_used + start.pageable_frames);
  flush_output();

  constexpr uint32_t kChunk = 256;  // pages per break move
  uint8_t* next = take_pages(kChunk);
  uint8_t* limit = next + kChunk * kPage;
  for (uint32_t touched = 0;; ++touched) {
    if (next == limit) {
      uintptr_t end = reinterpret_cast<uintptr_t>(limit) + kChunk * kPage;
      if (sys::brk(end) != end) {
        msg("FAIL: the break stopped growing after {} pages, before swap filled up", touched);
        exit(3);
      }
      limit = reinterpret_cast<uint8_t*>(end);
    }
    *reinterpret_cast<volatile uint32_t*>(next) = touched + 1;
    next += kPage;
    if ((touched + 1) % report_every == 0) {
      abi::VmStat now = vm_stat(0);
      info("{} pages touched, swap {} of {} slots used", touched + 1, now.swap_slots_used, now.swap_slots_total);
      flush_output();
    }
  }
}
