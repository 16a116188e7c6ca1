// The kernel's DmaAllocator: 4 KiB frames from allocate_kernel_frame() (zero-filled, direct-mapped), so
// bus address == physical address and the CPU address is phys_to_virt() of it. Kernel only.
#pragma once

#include "drivers/usb/xhci/dma_memory.h"

namespace cw::xhci {

class KernelDma final : public DmaAllocator {
public:
  Result<DmaPage> allocate_page() override;
  void free_page(const DmaPage& page) override;
};

}  // namespace cw::xhci
