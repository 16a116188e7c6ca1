// Splitting a data buffer into TRBs (xHCI 1.2 section 4.11.7.1, 6.4.1.1): no TRB's buffer may cross a
// 64 KiB boundary, and a TRB moves at most 64 KiB. Each piece carries its TD Size (4.11.2.4).
// Hardware-independent.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw::xhci {

struct TrbPiece {
  uint64_t bus;
  uint32_t length;
  uint32_t td_size;
};

// Fills `out` with the pieces of [bus, bus + length) in order and returns how many; a zero-length
// buffer is one empty piece (a zero-length packet). TooBig when more than `capacity` pieces are needed.
Result<size_t> plan_trbs(uint64_t bus, size_t length, uint16_t max_packet, TrbPiece* out, size_t capacity);

}  // namespace cw::xhci
