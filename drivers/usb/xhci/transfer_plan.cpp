#include "drivers/usb/xhci/transfer_plan.h"

#include "drivers/usb/xhci/trb.h"

namespace cw::xhci {

Result<size_t> plan_trbs(uint64_t bus, size_t length, uint16_t max_packet, TrbPiece* out, size_t capacity) {
  if (capacity == 0) return Error::TooBig;
  if (length == 0) {
    out[0] = TrbPiece{bus, 0, 0};
    return size_t{1};
  }
  size_t count = 0;
  uint64_t at = bus;
  size_t left = length;
  while (left > 0) {
    if (count == capacity) return Error::TooBig;
    uint64_t to_boundary = kTrbBoundary - (at % kTrbBoundary);
    uint32_t piece = static_cast<uint32_t>(left < to_boundary ? left : to_boundary);
    left -= piece;
    out[count++] = TrbPiece{at, piece, td_size(left, max_packet)};
    at += piece;
  }
  return count;
}

}  // namespace cw::xhci
