// Register access and small queries of the Controller (controller.h). The BAR is mapped uncached
// (pci::map_bar); every access is a 32-bit volatile load or store, 64-bit registers are written low
// dword first (5.1: 64-bit registers may be accessed as two dwords).
#include "drivers/usb/xhci/controller.h"

#include "drivers/usb/xhci/registers.h"

namespace cw::xhci {

namespace {

uint32_t mmio_read(uintptr_t address) { return *reinterpret_cast<volatile uint32_t*>(address); }
void mmio_write(uintptr_t address, uint32_t value) { *reinterpret_cast<volatile uint32_t*>(address) = value; }

}  // namespace

uint32_t Controller::cap_read(uint32_t offset) const { return mmio_read(base_ + offset); }
uint32_t Controller::op_read(uint32_t offset) const { return mmio_read(op_ + offset); }
void Controller::op_write(uint32_t offset, uint32_t value) { mmio_write(op_ + offset, value); }
void Controller::op_write64(uint32_t offset, uint64_t value) {
  mmio_write(op_ + offset, static_cast<uint32_t>(value));
  mmio_write(op_ + offset + 4, static_cast<uint32_t>(value >> 32));
}
uint32_t Controller::rt_read(uint32_t offset) const { return mmio_read(rt_ + offset); }
void Controller::rt_write(uint32_t offset, uint32_t value) { mmio_write(rt_ + offset, value); }
void Controller::rt_write64(uint32_t offset, uint64_t value) {
  mmio_write(rt_ + offset, static_cast<uint32_t>(value));
  mmio_write(rt_ + offset + 4, static_cast<uint32_t>(value >> 32));
}

uint32_t Controller::portsc(uint8_t port) const {
  return op_read(reg::kPortBase + reg::kPortStride * (port - 1u));
}
void Controller::write_portsc(uint8_t port, uint32_t value) {
  op_write(reg::kPortBase + reg::kPortStride * (port - 1u), value);
}

// Doorbell `slot` (0: the host controller, target 0 the command ring; a device slot, target its DCI),
// 5.6. The TRBs it announces were written before: a full fence orders them ahead of the MMIO store.
void Controller::ring_doorbell(uint8_t slot, uint8_t target) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  mmio_write(db_ + 4u * slot, target);
}

const SupportedProtocol* Controller::protocol_for(uint8_t port) const {
  for (size_t i = 0; i < protocol_count_; ++i) {
    if (protocols_[i].covers(port)) return &protocols_[i];
  }
  return nullptr;
}

bool Controller::interrupt_entry(void* controller) { return static_cast<Controller*>(controller)->handle_interrupt(); }

}  // namespace cw::xhci
