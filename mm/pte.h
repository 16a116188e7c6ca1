// i386 32-bit paging entries (Intel SDM Vol 3A 4.3, tables 4-4 to 4-6): a page directory of 1024 PDEs,
// each pointing to a page table of 1024 PTEs (or mapping a 4 MiB page when PS is set and CR4.PSE is on).
// Pure bit manipulation, shared by the kernel and the host tests.
#pragma once

#include <cstdint>

#include "lib/types.h"

namespace cw::pte {

enum Flag : uint32_t {
  kPresent = 1u << 0,
  kWritable = 1u << 1,
  kUser = 1u << 2,
  kWriteThrough = 1u << 3,
  kCacheDisable = 1u << 4,
  kAccessed = 1u << 5,
  kDirty = 1u << 6,      // PTE, or a PDE with kLargePage
  kLargePage = 1u << 7,  // PDE only: maps a 4 MiB page
  kGlobal = 1u << 8,
};
inline constexpr uint32_t kAddressMask = 0xFFFFF000;
inline constexpr uint32_t kLargeAddressMask = 0xFFC00000;
inline constexpr uint32_t kEntriesPerTable = 1024;
inline constexpr uint32_t kLargePageSize = 4u << 20;

constexpr uint32_t directory_index(VirtAddr v) { return v.get() >> 22; }
constexpr uint32_t table_index(VirtAddr v) { return (v.get() >> 12) & 0x3FF; }
constexpr uint32_t make(PhysAddr frame, uint32_t flags) { return (frame.get() & kAddressMask) | flags; }
constexpr uint32_t make_large(PhysAddr frame, uint32_t flags) {
  return (frame.get() & kLargeAddressMask) | flags | kLargePage;
}
constexpr PhysAddr address(uint32_t entry) { return PhysAddr(entry & kAddressMask); }
constexpr bool has(uint32_t entry, uint32_t flags) { return (entry & flags) == flags; }

static_assert(directory_index(VirtAddr(0xC0100000)) == 768);
static_assert(table_index(VirtAddr(0x08049123)) == 0x49);
static_assert(make(PhysAddr(0x1234567), kPresent | kWritable) == 0x01234003);
static_assert(make_large(PhysAddr(0x00400000), kPresent) == 0x00400081);
static_assert(address(0x01234067).get() == 0x01234000);

}  // namespace cw::pte
