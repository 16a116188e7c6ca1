// PageBitsOps: the hardware page-usage bits the replacement policies consult, behind a narrow interface.
//
// On i386 the processor sets the Accessed (A) bit of a PTE on any access through it and the Dirty (D) bit
// on a write (Intel SDM Vol 3A 4.8). The kernel implements this interface over the PTE that maps the page
// currently held in a frame (owner and vpn from FramePool::info). Host tests implement it with plain
// arrays, which is why mm/ never touches a page table itself.
//
// Contract for implementations:
//   - Only frames the pool reports InUse or UnderIo are asked about; a Free frame reports false.
//   - If a frame's page is reachable through more than one mapping (e.g. a kernel alias), accessed()
//     and dirty() report the OR over all of them, and clear_accessed() clears every one.
//   - clear_accessed() must make the next access set A again: the processor caches A in the TLB, so the
//     kernel invalidates the translation (invlpg) if the page's address space is the current one.
//   - The kernel may fold software state into dirty() (e.g. report a page dirty whose only copy would be
//     lost), since the policies use it only to mean "evicting this costs a write".
//   - No call blocks, allocates, or fails.
#pragma once

#include "mm/frame_index.h"

namespace cw::mm {

class PageBitsOps {
public:
  virtual bool accessed(FrameIndex frame) const = 0;
  virtual void clear_accessed(FrameIndex frame) = 0;
  virtual bool dirty(FrameIndex frame) const = 0;

protected:
  constexpr PageBitsOps() = default;
  PageBitsOps(const PageBitsOps&) = default;
  PageBitsOps& operator=(const PageBitsOps&) = default;
  // Never deleted through this interface: no virtual destructor, so the kernel needs no operator delete.
  ~PageBitsOps() = default;
};

}  // namespace cw::mm
