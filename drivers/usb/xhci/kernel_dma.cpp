#include "drivers/usb/xhci/kernel_dma.h"

#include "mm/kernel_layout.h"
#include "mm/physical_memory.h"

namespace cw::xhci {

Result<DmaPage> KernelDma::allocate_page() {
  PhysAddr frame = TRY(allocate_kernel_frame());
  return DmaPage{reinterpret_cast<void*>(phys_to_virt(frame).get()), frame.get()};
}

void KernelDma::free_page(const DmaPage& page) {
  free_kernel_frame(PhysAddr(static_cast<uint32_t>(page.bus)));
}

}  // namespace cw::xhci
