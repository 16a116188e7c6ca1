// The mmap family: thin handlers over AddressSpace's mapping calls (mm/address_space_mmap.cpp); the
// checks and errors are Linux's, stated in mm/mmap_layout.h and mm/mapping_ops.h, docs/abi.md.
#include "kernel/fs/fd_table.h"
#include "kernel/fs/vfs/node.h"
#include "kernel/proc/process.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/mman.h"

namespace cw::syscall {

namespace {

// An address is returned as is: user addresses lie below 0xC0000000, far from the errno range.
int32_t address_return(const Result<VirtAddr>& r) {
  if (!r) return error_return(r.error());
  return static_cast<int32_t>(r.value().get());
}

// A file mapping's descriptor, as Linux's ksys_mmap_pgoff and do_mmap check it: EBADF if it is not open;
// EACCES if it is not open for reading, or for MAP_SHARED with PROT_WRITE not for writing; ENODEV if its
// file has no pages to map (/tmp's and /bin's files have: kernel/fs/tmpfs/tmpfs_file.h,
// kernel/fs/bin/program_file.h). `writable`: whether a shared mapping may ever be made writable.
Result<mm::MemoryObject*> mappable_file(int32_t fd, uint32_t prot, uint32_t flags, bool* writable) {
  fs::File* file = proc::current()->files.get(fd);
  if (!file) return Error::BadDescriptor;
  bool shared = (flags & abi::kMapSharedValidate) == abi::kMapShared;
  if (shared && (prot & abi::kProtWrite) && !file->writable()) return Error::AccessDenied;
  if (!file->readable()) return Error::AccessDenied;
  fs::Node* node = file->node();
  mm::MemoryObject* object = node ? node->memory_object() : nullptr;
  if (!object) return Error::NoDevice;
  *writable = file->writable();
  return object;
}

int32_t do_mmap(uint32_t addr, uint32_t length, uint32_t prot, uint32_t flags, uint32_t fd, uint32_t pgoff) {
  mm::MmapArgs args{addr, length, prot, flags, static_cast<int32_t>(fd), pgoff};
  if (flags & abi::kMapAnonymous) return address_return(current_space().map(args));
  bool writable = false;
  auto object = mappable_file(static_cast<int32_t>(fd), prot, flags, &writable);
  if (!object) return error_return(object.error());
  args.file = true;
  return address_return(current_space().map(args, object.value(), writable));
}

}  // namespace

// Linux arch/x86/kernel/sys_ia32.c / mm/mmap.c old_mmap: the arguments in memory, offset in bytes.
int32_t sys_old_mmap(const Args& a) {
  auto args = read_user<abi::OldMmapArgs>(a.a[0]);
  if (!args) return error_return(args.error());
  const abi::OldMmapArgs& m = args.value();
  if (m.offset & kPageMask) return error_return(Error::InvalidArgument);
  return do_mmap(m.addr, m.len, m.prot, m.flags, m.fd, m.offset >> kPageShift);
}

int32_t sys_mmap2(const Args& a) { return do_mmap(a.a[0], a.a[1], a.a[2], a.a[3], a.a[4], a.a[5]); }

int32_t sys_munmap(const Args& a) { return to_return(current_space().unmap(a.a[0], a.a[1])); }

int32_t sys_mprotect(const Args& a) { return to_return(current_space().protect(a.a[0], a.a[1], a.a[2])); }

int32_t sys_mremap(const Args& a) {
  return address_return(current_space().remap(a.a[0], a.a[1], a.a[2], a.a[3], a.a[4]));
}

int32_t sys_madvise(const Args& a) { return to_return(current_space().advise(a.a[0], a.a[1], a.a[2])); }

}  // namespace cw::syscall
