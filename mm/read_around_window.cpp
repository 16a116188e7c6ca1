#include "mm/read_around_window.h"

namespace cw::mm {

uint32_t ReadAroundWindow::pages_for_fault() {
  if (!enabled_) return 0;
  if (size_ > 0) return size_;
  if (++closed_faults_ < probe_interval_) return 0;
  closed_faults_ = 0;
  return 1;
}

void ReadAroundWindow::on_used() {
  if (size_ < kMaxExtraPages) ++size_;
  probe_interval_ = kProbeInterval;
}

void ReadAroundWindow::on_wasted() {
  if (size_ == 0 && probe_interval_ < kMaxProbeInterval) probe_interval_ *= 2;
  size_ = size_ > kWastePenalty ? size_ - kWastePenalty : 0;
}

}  // namespace cw::mm
