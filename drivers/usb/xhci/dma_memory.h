// Memory the controller reads and writes by DMA: rings, contexts, the DCBAA, scratchpad buffers.
// The core code takes it from this interface; the kernel implements it with 4 KiB frames of the direct
// map (kernel_dma.h), the host tests with aligned heap blocks and made-up bus addresses.
#pragma once

#include <cstdint>

#include "lib/result.h"

namespace cw::xhci {

inline constexpr uint32_t kDmaPageBytes = 4096;

struct DmaPage {
  void* cpu = nullptr;  // where the CPU reads and writes it
  uint64_t bus = 0;     // where the controller does
};

class DmaAllocator {
public:
  // One zero-filled, 4 KiB-aligned 4 KiB page: 64-byte aligned and within one 64 KiB boundary, as
  // rings need (table 6-1), and page-aligned as contexts and scratchpad buffers need. NoMemory when
  // none is left.
  virtual Result<DmaPage> allocate_page() = 0;
  virtual void free_page(const DmaPage& page) = 0;

protected:
  ~DmaAllocator() = default;
};

}  // namespace cw::xhci
