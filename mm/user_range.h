// Validation of user-space pointers passed to system calls, before the kernel touches them.
//
// Pure address arithmetic: whether a byte range or a string lies inside user space [kUserBase, kUserTop)
// (mm/kernel_layout.h) without wrapping, and how to split it into per-page pieces. Whether the pages are
// actually part of a region, and faulting them in, is the kernel's job (RegionMap, classify_fault and
// PageDirectory); it walks the pieces produced here and copies each one through its own mapping.
#pragma once

#include <cstdint>

#include "lib/result.h"
#include "lib/types.h"
#include "mm/kernel_layout.h"

namespace cw::mm {

// The kind of memory access: by a system call on a user buffer, or by the faulting instruction.
enum class Access : uint8_t { Read, Write, Execute };

// Checks that [start, start + length) may be passed to the kernel as a user buffer.
//   length > 0: every byte must lie in [kUserBase, kUserTop) and the range must not wrap past 4 GiB.
//   length == 0: allowed for any start below kUserTop, the null page included (like Linux's access_ok,
//     read(fd, NULL, 0) is legal because no byte is touched); a start at or above kUserTop is rejected.
// `access` does not change the outcome: all of user space is equally addressable for reads and writes
// here; what a region permits is decided per page by classify_fault().
// Errors: BadAddress.
Result<void> check_user_range(VirtAddr start, uint32_t length, Access access);

// One page's share of a user range.
struct UserChunk {
  VirtAddr page;           // page-aligned
  uint32_t offset = 0;     // first byte within the page
  uint32_t length = 0;     // 1..kPageSize - offset
  uint32_t position = 0;   // bytes of the range before this chunk (the kernel buffer offset)

  constexpr VirtAddr address() const { return page + offset; }
};

// Splits [start, start + length) into page-sized chunks in ascending order:
//   UserPageChunks chunks(start, length);
//   for (UserChunk c; chunks.next(&c);) copy(kernel_buffer + c.position, c.address(), c.length);
// Precondition: check_user_range(start, length, ...) succeeded. Defensively, a range that would wrap
// stops after the page at 0xFFFFF000. A zero length yields no chunk.
class UserPageChunks {
public:
  constexpr UserPageChunks(VirtAddr start, uint32_t length) : next_(start), remaining_(length) {}

  // Stores the next chunk in *out and returns true, or returns false when the range is exhausted.
  bool next(UserChunk* out);
  constexpr uint32_t remaining() const { return remaining_; }

private:
  VirtAddr next_;
  uint32_t remaining_;
  uint32_t position_ = 0;
};

// Number of pages [start, start + length) touches (0 for length 0). Precondition: no wrap.
uint32_t user_range_page_count(VirtAddr start, uint32_t length);

// Reading a NUL-terminated string of unknown length from user space, one chunk at a time. The string
// and its terminator must fit in `capacity` bytes (capacity counts the NUL, like PATH_MAX), and only the
// bytes up to the NUL need be valid user memory, so a short string just below kUserTop is fine.
//
//   UserStringScanner scan(start, capacity, kernel_buffer);
//   while (!scan.done()) {
//     UserChunk c = TRY(scan.next_chunk());            // BadAddress / NameTooLong
//     const char* bytes = TRY(fault_in_and_map(c));    // kernel: region check, page-in, direct map
//     scan.consume(bytes);
//   }
//   uint32_t length = scan.length();
//
// scan_user_string() below is that loop.
class UserStringScanner {
public:
  // `destination`, if not null, has room for `capacity` bytes and receives the string and its NUL.
  UserStringScanner(VirtAddr start, uint32_t capacity, char* destination = nullptr)
      : next_(start), capacity_(capacity), destination_(destination) {}

  // The next piece of user memory to examine: from the next unread byte to the end of its page, cut
  // at `capacity` bytes in total. Precondition: !done().
  // Errors: BadAddress if that byte lies outside [kUserBase, kUserTop) (the null page, the kernel, or a
  // wrap); NameTooLong if `capacity` bytes were read without a NUL (also for capacity 0).
  Result<UserChunk> next_chunk();

  // Feeds the chunk.length bytes of the chunk last returned by next_chunk(), as the kernel read them.
  // Stops at the first NUL. Returns done(). Without a pending chunk it does nothing.
  bool consume(const char* bytes);

  bool done() const { return done_; }
  // The string's length without its NUL. Meaningful once done().
  uint32_t length() const { return consumed_; }

private:
  VirtAddr next_;
  uint32_t capacity_;
  char* destination_;
  uint32_t consumed_ = 0;
  uint32_t pending_ = 0;  // length of the chunk handed out by next_chunk(), not yet consumed
  bool done_ = false;
};

// Scans a user string with `read_chunk(const UserChunk&) -> Result<const char*>` supplying each chunk's
// bytes (the kernel faults the page in and returns a kernel pointer to chunk.address()). Returns the
// string's length without the NUL. Errors: those of next_chunk() and of read_chunk.
template <typename ReadChunk>
Result<uint32_t> scan_user_string(VirtAddr start, uint32_t capacity, char* destination,
                                  ReadChunk&& read_chunk) {
  UserStringScanner scanner(start, capacity, destination);
  while (!scanner.done()) {
    const UserChunk chunk = TRY(scanner.next_chunk());
    const char* bytes = TRY(read_chunk(chunk));
    scanner.consume(bytes);
  }
  return scanner.length();
}

}  // namespace cw::mm
