// pci_list: the PCI functions found at boot (drivers/pci/pci.h), for lspci.
#include "drivers/pci/pci.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

int32_t sys_pci_list(const Args& a) {
  uint32_t out = a.a[0], max = a.a[1];
  const pci::FunctionTable& table = pci::functions();
  if (max > pci::FunctionTable::kCapacity) max = pci::FunctionTable::kCapacity;
  uint32_t count = max < table.size() ? max : static_cast<uint32_t>(table.size());
  if (count > 0) {
    auto checked = current_space().verify(VirtAddr(out), count * sizeof(pci::PciFunction), mm::Access::Write);
    if (!checked) return error_return(checked.error());
  }
  for (uint32_t i = 0; i < count; ++i) {
    auto ok = write_user(out + i * sizeof(pci::PciFunction), table[i]);
    if (!ok) return error_return(ok.error());
  }
  return static_cast<int32_t>(table.size());
}

}  // namespace cw::syscall
