#include "kernel/fs/vfs/static_directory.h"

namespace cw::fs {

Result<void> StaticDirectory::add(const char* name, Node* child) {
  if (count_ == kMaxEntries) return Error::NoSpace;
  for (uint32_t i = 0; i < count_; ++i)
    if (StringView(entries_[i].name) == StringView(name)) return Error::Exists;
  entries_[count_++] = Entry{name, child};
  return {};
}

uint32_t StaticDirectory::links() const {
  uint32_t n = 2;
  for (uint32_t i = 0; i < count_; ++i)
    if (entries_[i].node->is_directory()) ++n;
  return n;
}

Result<Node*> StaticDirectory::lookup(StringView name) {
  for (uint32_t i = 0; i < count_; ++i) {
    if (StringView(entries_[i].name) == name) {
      entries_[i].node->ref();
      return entries_[i].node;
    }
  }
  return Error::NotFound;
}

Result<bool> StaticDirectory::read_entry(uint64_t& cookie, DirEntry& out) {
  if (cookie >= count_) return false;
  const Entry& e = entries_[cookie++];
  TRY(fill_entry(out, StringView(e.name), *e.node));
  return true;
}

}  // namespace cw::fs
