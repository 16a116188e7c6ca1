#include "mm/read_around_window.h"

namespace cw::mm {

uint32_t ReadAroundWindow::pages_for_fault() {
  if (!enabled_) return 0;
  if (size_ > 0) return size_;
  if (++closed_faults_ < kProbeInterval) return 0;
  closed_faults_ = 0;
  return 1;
}

void ReadAroundWindow::on_used() {
  if (size_ < kMaxExtraPages) ++size_;
}

void ReadAroundWindow::on_wasted() {
  size_ = size_ > kWastePenalty ? size_ - kWastePenalty : 0;
}

}  // namespace cw::mm
