#include "kernel/fs/tmpfs/tmpfs_symlink.h"

#include "kernel/heap.h"

namespace cw::fs::tmpfs {

Result<TmpfsSymlink*> TmpfsSymlink::create(uint32_t permissions, Node& parent, StringView target) {
  if (target.size() == 0) return Error::NotFound;
  if (target.size() >= kPathMax) return Error::NameTooLong;
  auto* copy = static_cast<char*>(TRY(kmalloc(target.size())));
  __builtin_memcpy(copy, target.data(), target.size());
  auto link = try_new<TmpfsSymlink>(permissions, parent, copy, static_cast<uint32_t>(target.size()));
  if (!link) {
    kfree(copy);
    return link.error();
  }
  return link.value();
}

TmpfsSymlink::~TmpfsSymlink() { kfree(target_); }

Result<uint32_t> TmpfsSymlink::read_link(char* out, uint32_t capacity) {
  if (length_ > capacity) return Error::Range;
  note_access();  // readlink and following the link read it (Linux touch_atime in both)
  __builtin_memcpy(out, target_, length_);
  return length_;
}

}  // namespace cw::fs::tmpfs
