// memshow's calls (lib/abi/memshow.h, mm/memory_picture.h): frame_map (1011) and page_map (1012).
// Snapshots go through a kernel buffer, so no user page is faulted in while the picture is taken.
#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "mm/memory_picture.h"

namespace cw::syscall {

namespace {

inline constexpr uint32_t kMaxRuns = 4096;  // per call: a program with more runs is cut short (the count says)

template <typename T>
int32_t copy_snapshot(uint32_t out, const T* cells, uint32_t written, uint32_t total) {
  auto ok = current_space().copy_out(VirtAddr(out), cells, written * sizeof(T));
  kfree(const_cast<T*>(cells));
  if (!ok) return error_return(ok.error());
  return static_cast<int32_t>(total);
}

}  // namespace

int32_t sys_frame_map(const Args& a) {
  uint32_t out = a.a[0];
  uint32_t max = a.a[1];
  uint32_t frames = mm::describe_frames(nullptr, 0);
  uint32_t wanted = max < frames ? max : frames;
  auto ok = current_space().verify(VirtAddr(out), wanted * sizeof(abi::FrameCell), mm::Access::Write);
  if (!ok) return error_return(ok.error());
  if (wanted == 0) return static_cast<int32_t>(frames);
  auto buffer = kmalloc(wanted * sizeof(abi::FrameCell));
  if (!buffer) return error_return(buffer.error());
  auto* cells = static_cast<abi::FrameCell*>(buffer.value());
  uint32_t total = mm::describe_frames(cells, wanted);
  return copy_snapshot(out, cells, wanted, total);
}

int32_t sys_page_map(const Args& a) {
  auto pid = static_cast<int32_t>(a.a[0]);
  uint32_t out = a.a[1];
  uint32_t max = a.a[2] < kMaxRuns ? a.a[2] : kMaxRuns;
  auto ok = current_space().verify(VirtAddr(out), max * sizeof(abi::PageRun), mm::Access::Write);
  if (!ok) return error_return(ok.error());
  auto buffer = kmalloc((max ? max : 1) * sizeof(abi::PageRun));
  if (!buffer) return error_return(buffer.error());
  auto* runs = static_cast<abi::PageRun*>(buffer.value());
  uint32_t total = 0;
  {
    cpu::InterruptGuard guard;  // the target must not exit while its pages are walked
    Process* p = pid == 0 ? proc::current() : proc::find(pid);
    if (!p || !p->space) {
      kfree(runs);
      return error_return(Error::NoProcess);
    }
    total = mm::describe_pages(*p->space, runs, max);
  }
  return copy_snapshot(out, runs, total < max ? total : max, total);
}

}  // namespace cw::syscall
