// memshow's view of memory (the frame_map and page_map system calls, docs/abi.md): one cell per pool
// frame, and a process's virtual pages as runs of pages in the same state. Fixed-size, no pointers.
#pragma once

#include <cstdint>

namespace cw::abi {

enum class FrameUse : uint8_t {
  Free = 0,
  Mapped = 1,    // holds a page that `mappers` page tables map (1: private to `pid`)
  Cached = 2,    // holds a page nobody maps now: the program's page cache, or a fork's hidden parent
  UnderIo = 3,   // a disk transfer into or out of it is in flight
};

struct FrameCell {
  int32_t pid;       // the first address space that maps it (0: none)
  FrameUse use;
  uint8_t mappers;   // page tables that map it (saturates at 255)
  uint16_t pins;     // nested pins (mlock, a system call's buffer, I/O)
};
static_assert(sizeof(FrameCell) == 8);

enum class PageUse : uint8_t {
  NotLoaded = 0,  // never touched, or dropped clean: the next touch rebuilds it
  Resident = 1,   // mapped in this process's page table
  InSwap = 2,     // its only copy is in a swap slot
  Cached = 3,     // in memory (another process or the page cache has it) but not mapped here yet
};

inline constexpr uint8_t kPageShared = 1;    // the page lives in an object other processes may map
inline constexpr uint8_t kPageCow = 2;       // a private writable page still in an ancestor: a write copies
inline constexpr uint8_t kPageLocked = 4;    // mlock'ed
inline constexpr uint8_t kPageWritable = 8;  // the region allows writes

struct PageRun {
  uint32_t start;     // virtual address of the first page
  uint32_t pages;
  PageUse use;
  uint8_t flags;      // kPage*
  uint8_t region;     // index of the region in ascending order (a new region starts a new run)
  uint8_t reserved;
};
static_assert(sizeof(PageRun) == 12);

}  // namespace cw::abi
