// The write-back decision made for each page being evicted: write it to swap, or just drop it.
//
// A page must be written only if evicting it would otherwise lose data, i.e. it has been modified since
// its last valid copy was made, or no valid copy exists anywhere else. A clean page whose contents can be
// read back from the executable image, or from a swap slot that still holds an up-to-date copy, is dropped
// and costs no I/O.
#pragma once

namespace cw::mm {

// What the kernel knows about a page at eviction time.
struct PageCopyState {
  // The page was written since it was last loaded (the PTE D bit, read before unmapping).
  bool dirty = false;
  // The page owns a swap slot whose contents equal the page as loaded (the slot was kept after swap-in
  // and the page has not been written since).
  bool swap_copy_valid = false;
  // The page can be recreated from its backing store: a page of the executable image, or a zero-fill page
  // (bss, stack), that has never been written in its whole life. Sticky: once the page is written it
  // stays false even after a later write-back clears `dirty`.
  bool image_copy_valid = false;
};

enum class WritebackAction {
  Drop,         // a valid copy exists elsewhere; free the frame without I/O
  WriteToSwap,  // write the page to a swap slot (reuse the page's own slot if it has one) before freeing
};

constexpr WritebackAction decide_writeback(const PageCopyState& page) {
  if (page.dirty) return WritebackAction::WriteToSwap;
  if (page.swap_copy_valid || page.image_copy_valid) return WritebackAction::Drop;
  return WritebackAction::WriteToSwap;  // clean, but this frame holds the only copy
}

static_assert(decide_writeback({.dirty = true, .swap_copy_valid = true, .image_copy_valid = true}) ==
              WritebackAction::WriteToSwap);
static_assert(decide_writeback({.dirty = false, .swap_copy_valid = true, .image_copy_valid = false}) ==
              WritebackAction::Drop);
static_assert(decide_writeback({.dirty = false, .swap_copy_valid = false, .image_copy_valid = true}) ==
              WritebackAction::Drop);
static_assert(decide_writeback({.dirty = false, .swap_copy_valid = false, .image_copy_valid = false}) ==
              WritebackAction::WriteToSwap);

}  // namespace cw::mm
