#include "kernel/fs/tmpfs/tmpfs_directory.h"

#include "kernel/fs/tmpfs/tmpfs_fifo.h"
#include "kernel/fs/tmpfs/tmpfs_file.h"
#include "kernel/fs/tmpfs/tmpfs_symlink.h"
#include "kernel/heap.h"
#include "kernel/sync/lock_guard.h"

namespace cw::fs::tmpfs {

namespace {

void set_name(char* out, uint8_t& length, StringView name) {
  __builtin_memcpy(out, name.data(), name.size());
  out[name.size()] = '\0';
  length = static_cast<uint8_t>(name.size());
}

Result<TmpfsNode*> make_node(TmpfsDirectory& parent, NodeType type, uint32_t permissions, StringView target) {
  switch (type) {
    case NodeType::Regular: return static_cast<TmpfsNode*>(TRY(TmpfsFile::create(permissions, parent)));
    case NodeType::Directory: return static_cast<TmpfsNode*>(TRY(TmpfsDirectory::create(permissions, parent)));
    case NodeType::Symlink: return static_cast<TmpfsNode*>(TRY(TmpfsSymlink::create(permissions, parent, target)));
    case NodeType::Fifo: return static_cast<TmpfsNode*>(TRY(TmpfsFifo::create(permissions, parent)));
    default: return Error::Permission;  // a device node: /tmp has no device numbers to give it (mknod EPERM)
  }
}

}  // namespace

Result<TmpfsDirectory*> TmpfsDirectory::create(uint32_t permissions, Node& parent) {
  return try_new<TmpfsDirectory>(permissions, parent);
}

TmpfsDirectory::~TmpfsDirectory() {
  // Only a removed (so empty) directory loses its last reference; free whatever is left regardless.
  while (Entry* e = first_) {
    first_ = e->next;
    e->node->unref();
    delete e;
  }
}

TmpfsDirectory::Entry* TmpfsDirectory::find(StringView name) const {
  for (Entry* e = first_; e; e = e->next)
    if (e->view() == name) return e;
  return nullptr;
}

void TmpfsDirectory::append(Entry* entry) {
  entry->next = nullptr;
  entry->cookie = next_cookie_++;
  if (last_) last_->next = entry;
  else first_ = entry;
  last_ = entry;
  if (entry->node->is_directory()) ++subdirectories_;
}

void TmpfsDirectory::detach(Entry* entry) {
  Entry* previous = nullptr;
  for (Entry* e = first_; e; previous = e, e = e->next) {
    if (e != entry) continue;
    if (previous) previous->next = e->next;
    else first_ = e->next;
    if (last_ == e) last_ = previous;
    break;
  }
  entry->next = nullptr;
  if (entry->node->is_directory()) --subdirectories_;
}

Result<Node*> TmpfsDirectory::lookup(StringView name) {
  LockGuard guard(tree_lock());
  Entry* e = find(name);
  if (!e) return Error::NotFound;
  e->node->ref();
  return static_cast<Node*>(e->node);
}

Result<bool> TmpfsDirectory::read_entry(uint64_t& cookie, DirEntry& out) {
  LockGuard guard(tree_lock());
  for (Entry* e = first_; e; e = e->next) {
    if (e->cookie <= cookie) continue;
    TRY(fill_entry(out, e->view(), *e->node));
    cookie = e->cookie;
    return true;
  }
  return false;
}

Result<Node*> TmpfsDirectory::create(StringView name, NodeType type, uint32_t permissions, StringView target) {
  if (name.size() > kNameMax) return Error::NameTooLong;
  LockGuard guard(tree_lock());
  if (!linked()) return Error::NotFound;  // Linux: creating in a removed directory is ENOENT
  if (find(name)) return Error::Exists;
  auto entry = try_new<Entry>();
  if (!entry) return entry.error();
  auto node = make_node(*this, type, permissions, target);
  if (!node) {
    delete entry.value();
    return node.error();
  }
  Entry* e = entry.value();
  set_name(e->name, e->length, name);
  e->node = node.value();  // the directory's reference
  append(e);
  stamp(kStampModified | kStampChanged);
  e->node->ref();  // the caller's
  return static_cast<Node*>(e->node);
}

Result<void> TmpfsDirectory::remove(StringView name, bool directory) {
  NodeRef removed;  // dropped after the lock: the node may go with it
  {
    LockGuard guard(tree_lock());
    Entry* e = find(name);
    if (!e) return Error::NotFound;
    if (directory) {
      if (!e->node->is_directory()) return Error::NotDirectory;
      if (!static_cast<TmpfsDirectory*>(e->node)->empty()) return Error::NotEmpty;
    } else if (e->node->is_directory()) {
      return Error::IsDirectory;
    }
    TRY(e->node->take_name(name));
    detach(e);
    e->node->stamp(kStampChanged);
    stamp(kStampModified | kStampChanged);
    removed = NodeRef(e->node);
    delete e;
  }
  return {};
}

Result<void> TmpfsDirectory::link(Node& existing, StringView name) {
  if (existing.device() != device()) return Error::CrossDevice;
  if (existing.is_directory()) return Error::Permission;  // Linux vfs_link: no hard links to directories
  if (name.size() > kNameMax) return Error::NameTooLong;
  auto& node = static_cast<TmpfsNode&>(existing);
  LockGuard guard(tree_lock());
  if (!linked()) return Error::NotFound;
  if (find(name)) return Error::Exists;
  if (!node.linked()) return Error::NotFound;  // an unlinked file gets no new name (no O_TMPFILE)
  auto entry = try_new<Entry>();
  if (!entry) return entry.error();
  Entry* e = entry.value();
  set_name(e->name, e->length, name);
  node.ref();  // the new entry's reference
  node.add_link();
  e->node = &node;
  append(e);
  // Linux's shmem_link: the directory's mtime and ctime, the file's ctime.
  stamp(kStampModified | kStampChanged);
  node.stamp(kStampChanged);
  return {};
}

Result<void> TmpfsDirectory::rename(StringView from, Node& target, StringView to) {
  if (!target.is_directory()) return Error::NotDirectory;
  if (target.device() != device()) return Error::CrossDevice;
  if (to.size() > kNameMax) return Error::NameTooLong;
  auto& destination = static_cast<TmpfsDirectory&>(target);
  NodeRef replaced;  // dropped after the lock
  LockGuard guard(tree_lock());
  Entry* source = find(from);
  if (!source) return Error::NotFound;
  if (!destination.linked()) return Error::NotFound;
  Entry* existing = destination.find(to);
  if (existing && existing->node == source->node) return {};  // the same file: rename(2) does nothing
  TmpfsNode* moving = source->node;
  if (moving->is_directory()) {
    if (existing && !existing->node->is_directory()) return Error::NotDirectory;
    if (existing && !static_cast<TmpfsDirectory*>(existing->node)->empty()) return Error::NotEmpty;
    // A directory cannot move into itself or below itself.
    for (Node* d = &destination; d->device() == device(); d = d->parent()) {
      if (d == moving) return Error::InvalidArgument;
      if (d->parent() == d) break;
    }
  } else if (existing && existing->node->is_directory()) {
    return Error::IsDirectory;
  }
  if (existing) TRY(existing->node->take_name(to));
  // Linux's shmem_rename2: both directories' mtime and ctime, the moved node's ctime and the replaced
  // one's.
  stamp(kStampModified | kStampChanged);
  destination.stamp(kStampModified | kStampChanged);
  moving->stamp(kStampChanged);
  if (existing) {
    destination.detach(existing);
    existing->node->stamp(kStampChanged);
    replaced = NodeRef(existing->node);
    delete existing;
  }
  if (&destination == this) {
    set_name(source->name, source->length, to);
    return {};
  }
  detach(source);
  set_name(source->name, source->length, to);
  destination.append(source);
  moving->set_parent(destination);
  return {};
}

}  // namespace cw::fs::tmpfs
