// Memory system calls: brk, mlock, munlock.
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"

namespace cw::syscall {

int32_t sys_brk(const Args& a) {
  return static_cast<int32_t>(current_space().set_break(VirtAddr(a.a[0])).get());
}

int32_t sys_mlock(const Args& a) {
  auto checked = current_space().verify(VirtAddr(a.a[0]), a.a[1], mm::Access::Read);
  if (!checked) return error_return(checked.error());
  return to_return(current_space().lock(VirtAddr(a.a[0]), a.a[1]));
}

int32_t sys_munlock(const Args& a) {
  auto checked = current_space().verify(VirtAddr(a.a[0]), a.a[1], mm::Access::Read);
  if (!checked) return error_return(checked.error());
  return to_return(current_space().unlock(VirtAddr(a.a[0]), a.a[1]));
}

}  // namespace cw::syscall
