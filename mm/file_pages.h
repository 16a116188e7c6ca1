// The page arithmetic of a file whose bytes live in the pages of a memory object (kernel/fs/tmpfs): page
// index i of the object holds bytes [i * 4096, (i + 1) * 4096) of the file. Hardware-independent, so the
// host tests check it; the kernel side that reaches the pages is mm/object_io.h.
//
// Invariant the callers keep: the bytes of the last page past the file's size are zeros (a shrinking
// truncate zeroes them), so growing the file again, by truncate or by a write past the end, shows zeros
// there without touching the page (Linux mm/truncate.c truncate_inode_pages_range zeroes the partial page
// for the same reason).
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::mm {

inline constexpr uint32_t kFilePageSize = 4096;
// The largest size a file may have: Linux's MAX_LFS_FILESIZE on a 32-bit kernel (ULONG_MAX pages), so
// every page index fits in 32 bits.
inline constexpr uint64_t kMaxObjectFileSize = uint64_t{0xffffffff} << 12;

// Pages needed to hold `size` bytes.
constexpr uint32_t pages_for(uint64_t size) {
  return static_cast<uint32_t>((size + kFilePageSize - 1) / kFilePageSize);
}

// One piece of a transfer that lies within one page: bytes [offset, offset + length) of page `index`,
// at `position` bytes into the caller's buffer.
struct FileChunk {
  uint32_t index = 0;
  uint32_t offset = 0;
  uint32_t length = 0;
  uint32_t position = 0;
};

// Splits a transfer of `length` bytes at file offset `offset` (offset + length <= kMaxObjectFileSize)
// into per-page chunks, in ascending order.
class FileChunks {
public:
  FileChunks(uint64_t offset, uint32_t length) : offset_(offset), length_(length) {}
  bool next(FileChunk* out);

private:
  uint64_t offset_;
  uint32_t length_;
  uint32_t done_ = 0;
};

// How many of `length` bytes at `offset` a read of a file of `size` bytes returns (0 at or past the end).
uint32_t readable_bytes(uint64_t size, uint64_t offset, uint32_t length);
// How many of `length` bytes a write at `offset` may store: all of them, or those below the size limit
// (Linux mm/filemap.c generic_write_check_limits). Errors: FileTooBig (the offset is at or past the
// limit and length > 0).
Result<uint32_t> writable_bytes(uint64_t offset, uint32_t length);

// What truncating a file from `old_size` to `new_size` does to its pages: the pages wholly past the new
// end are dropped (`dropped` pages from `first_dropped`), and if the new end falls inside a page that
// stays, the bytes of that page from `tail_offset` on are zeroed. Growing drops and zeroes nothing.
struct TruncatePlan {
  uint32_t first_dropped = 0;
  uint32_t dropped = 0;
  bool zero_tail = false;
  uint32_t tail_index = 0;
  uint32_t tail_offset = 0;
};
TruncatePlan plan_truncate(uint64_t old_size, uint64_t new_size);

}  // namespace cw::mm
