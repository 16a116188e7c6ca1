// ReadAroundWindow: how many neighbouring pages a major fault reads along with its own page, adapted to
// whether the pages read ahead so far were used (Linux's readahead window, mm/readahead.c, in its
// simplest additive form). Hardware-independent, host-tested (tests/host/read_around_window_test.cpp).
//
// Contract:
//   * pages_for_fault() is asked once per major fault that could read around; it answers the number of
//     extra pages to try, at most kMaxExtraPages. While the window is closed (size 0) it answers 0,
//     except every probe_interval()-th fault, which probes with one page, so that a pattern that turns
//     sequential again reopens the window. The interval starts at kProbeInterval and doubles with each
//     page wasted while closed, up to kMaxProbeInterval (a thrashing loop wastes nearly every probe:
//     busybox's pipeline at 29 frames, docs/perf.md); a page used resets it.
//   * on_used(): a page read ahead was touched before it was evicted: the window grows by one page.
//   * on_wasted(): a page read ahead was evicted untouched (it took a frame and an eviction for nothing,
//     and may have pushed out a useful page): the window shrinks by kWastePenalty pages. Read-ahead
//     therefore stays open only while more than 1 / (1 + kWastePenalty) of its pages are used.
//   * A disabled window (the boot options readaround=off / swapreadaround=off) always answers 0.
// Nothing here does I/O or blocks; the caller serialises the calls (interrupts off in the kernel).
#pragma once

#include <cstdint>

namespace cw::mm {

class ReadAroundWindow {
public:
  // Pages per read command, the faulting page included: one command of 8 pages (32 KiB) is Linux's
  // default swap cluster (page-cluster = 3) and the size of the kernel's cluster buffers.
  static constexpr uint32_t kMaxClusterPages = 8;
  static constexpr uint32_t kMaxExtraPages = kMaxClusterPages - 1;
  static constexpr uint32_t kInitialPages = 3;
  static constexpr uint32_t kWastePenalty = 1;
  static constexpr uint32_t kProbeInterval = 16;
  static constexpr uint32_t kMaxProbeInterval = 1024;

  constexpr ReadAroundWindow() = default;

  void set_enabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }

  uint32_t pages_for_fault();
  void on_used();
  void on_wasted();

  uint32_t size() const { return size_; }
  uint32_t probe_interval() const { return probe_interval_; }

private:
  bool enabled_ = true;
  uint32_t size_ = kInitialPages;
  uint32_t closed_faults_ = 0;  // faults since the last probe while the window is closed
  uint32_t probe_interval_ = kProbeInterval;
};

}  // namespace cw::mm
