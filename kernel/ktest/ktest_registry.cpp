// Every in-kernel test, by name (ktest=NAME).
#include "kernel/ktest/ktest.h"

namespace cw::ktest {

bool console_input_test();
bool mailbox_test();
bool monitor_test();
bool mutex_foreign_unlock_test();
bool mutex_relock_test();
bool pci_mmio_test();
bool semaphore_test();
bool threads_test();
bool xhci_probe_test();
bool uhci_probe_test();
bool ehci_probe_test();

const TestCase kTests[] = {
    {"threads", threads_test},
    {"monitor", monitor_test},
    {"semaphore", semaphore_test},
    {"mailbox", mailbox_test},
    {"mutex_relock", mutex_relock_test},
    {"mutex_foreign_unlock", mutex_foreign_unlock_test},
    {"console_input", console_input_test},
    {"pci_mmio", pci_mmio_test},
    {"xhci_probe", xhci_probe_test},
    {"uhci_probe", uhci_probe_test},
    {"ehci_probe", ehci_probe_test},
};
const size_t kTestCount = sizeof(kTests) / sizeof(kTests[0]);

}  // namespace cw::ktest
