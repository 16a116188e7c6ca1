#include "procs/lib/mmap.h"

#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"

namespace cw::sys {

using abi::Syscall;

namespace {

Result<uintptr_t> to_address(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return static_cast<uintptr_t>(r.value());
}

Result<void> to_void(int32_t raw) {
  auto r = to_result(raw);
  if (!r) return r.error();
  return {};
}

}  // namespace

Result<uintptr_t> mmap2(uintptr_t addr, size_t length, uint32_t prot, uint32_t flags, int fd, uint32_t pgoff) {
  return to_address(raw_syscall6(Syscall::Mmap2, addr, length, prot, flags, static_cast<uint32_t>(fd), pgoff));
}

Result<uintptr_t> old_mmap(const abi::OldMmapArgs* args) { return to_address(raw_syscall1(Syscall::OldMmap, reg(args))); }

Result<uintptr_t> mmap_anonymous(uintptr_t addr, size_t length, uint32_t prot, uint32_t flags) {
  return mmap2(addr, length, prot, flags | abi::kMapAnonymous, -1, 0);
}

Result<void> munmap(uintptr_t addr, size_t length) { return to_void(raw_syscall2(Syscall::Munmap, addr, length)); }

Result<void> mprotect(uintptr_t addr, size_t length, uint32_t prot) {
  return to_void(raw_syscall3(Syscall::Mprotect, addr, length, prot));
}

Result<uintptr_t> mremap(uintptr_t old_addr, size_t old_length, size_t new_length, uint32_t flags, uintptr_t new_addr) {
  return to_address(raw_syscall5(Syscall::Mremap, old_addr, old_length, new_length, flags, new_addr));
}

Result<void> madvise(uintptr_t addr, size_t length, uint32_t advice) {
  return to_void(raw_syscall3(Syscall::Madvise, addr, length, advice));
}

}  // namespace cw::sys
