// Raw wrappers of the mmap family (lib/abi/syscall_numbers.h, lib/abi/mman.h; docs/abi.md). Addresses
// travel as uintptr_t, unchecked and unrounded, so tests can pass bad ones; a failure is the cw::Error
// whose number is the errno the kernel returned.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/abi/mman.h"
#include "lib/result.h"

namespace cw::sys {

// mmap2: `pgoff` in pages.
Result<uintptr_t> mmap2(uintptr_t addr, size_t length, uint32_t prot, uint32_t flags, int fd, uint32_t pgoff);
// old_mmap: the six arguments in memory (offset in bytes); `args` may be a bad pointer.
Result<uintptr_t> old_mmap(const abi::OldMmapArgs* args);
// Anonymous memory: mmap2(addr, length, prot, flags | MAP_ANONYMOUS, -1, 0).
Result<uintptr_t> mmap_anonymous(uintptr_t addr, size_t length, uint32_t prot, uint32_t flags);
Result<void> munmap(uintptr_t addr, size_t length);
Result<void> mprotect(uintptr_t addr, size_t length, uint32_t prot);
Result<uintptr_t> mremap(uintptr_t old_addr, size_t old_length, size_t new_length, uint32_t flags,
                         uintptr_t new_addr = 0);
Result<void> madvise(uintptr_t addr, size_t length, uint32_t advice);

}  // namespace cw::sys
