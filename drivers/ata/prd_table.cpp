#include "drivers/ata/prd_table.h"

namespace cw::ata {

Result<uint32_t> build_prd_table(uint32_t physical, uint32_t bytes, PrdEntry* out, uint32_t capacity) {
  if (bytes == 0 || (physical & 1) != 0 || (bytes & 1) != 0) return fail(Error::InvalidArgument);
  if (bytes - 1 > UINT32_MAX - physical) return fail(Error::Range);
  uint32_t n = 0;
  uint64_t at = physical;
  uint64_t end = uint64_t{physical} + bytes;
  while (at < end) {
    if (n == capacity) return fail(Error::NoSpace);
    uint64_t block_end = (at / kPrdBoundary + 1) * kPrdBoundary;
    uint64_t piece_end = block_end < end ? block_end : end;
    uint32_t piece = static_cast<uint32_t>(piece_end - at);
    // A full 64 KiB region is encoded as a count of 0.
    out[n].base = static_cast<uint32_t>(at);
    out[n].count_and_flags = piece == kPrdBoundary ? 0 : piece;
    ++n;
    at = piece_end;
  }
  out[n - 1].count_and_flags |= kPrdEndOfTable;
  return n;
}

}  // namespace cw::ata
