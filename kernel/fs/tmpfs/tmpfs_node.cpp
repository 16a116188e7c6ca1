#include "kernel/fs/tmpfs/tmpfs_node.h"

#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/wall_clock.h"

namespace cw::fs::tmpfs {

namespace {
Mutex tree_mutex;
uint64_t last_inode = 0;

// relatime (Linux fs/inode.c relatime_need_update): atime is updated if it is not after mtime or ctime,
// or is at least a day old.
constexpr int64_t kRelatimeSeconds = 24 * 60 * 60;
bool not_after(const Timestamp& a, const Timestamp& b) { return a.sec < b.sec || (a.sec == b.sec && a.nsec <= b.nsec); }
}  // namespace

Mutex& tree_lock() { return tree_mutex; }

uint64_t next_inode() {
  cpu::InterruptGuard guard;
  return ++last_inode;
}

TmpfsNode::TmpfsNode(NodeType type, uint32_t permissions, Node& parent)
    : Node(type, permissions, next_inode(), device_number(FsDevice::Tmp)), parent_(&parent) {
  parent.ref();
  atime_ = mtime_ = ctime_ = wall_clock::now();
}

FileStatus TmpfsNode::status() const {
  FileStatus s = Node::status();
  cpu::InterruptGuard guard;
  s.mode = mode();
  s.uid = uid_;
  s.gid = gid_;
  s.atime = atime_;
  s.mtime = mtime_;
  s.ctime = ctime_;
  return s;
}

void TmpfsNode::stamp(uint32_t which) {
  Timestamp now = wall_clock::now();
  cpu::InterruptGuard guard;
  if (which & kStampAccessed) atime_ = now;
  if (which & kStampModified) mtime_ = now;
  if (which & kStampChanged) ctime_ = now;
}

void TmpfsNode::note_access() {
  Timestamp now = wall_clock::now();
  cpu::InterruptGuard guard;
  if (not_after(atime_, mtime_) || not_after(atime_, ctime_) || now.sec - atime_.sec >= kRelatimeSeconds)
    atime_ = now;
}

Result<void> TmpfsNode::change_attributes(const AttributeChange& change) {
  Timestamp now = wall_clock::now();
  cpu::InterruptGuard guard;
  if (change.set_permissions) set_permissions(change.permissions);
  if (change.set_uid) uid_ = change.uid;
  if (change.set_gid) gid_ = change.gid;
  if (change.atime != TimeChange::Keep) atime_ = change.atime == TimeChange::Now ? now : change.atime_value;
  if (change.mtime != TimeChange::Keep) mtime_ = change.mtime == TimeChange::Now ? now : change.mtime_value;
  ctime_ = now;
  return {};
}

TmpfsNode::~TmpfsNode() {
  delete removed_name_;
  parent_->unref();
}

Result<void> TmpfsNode::take_name(StringView name) {
  if (link_count_ == 1) {
    RemovedName* kept = TRY(try_new<RemovedName>());
    kept->length = static_cast<uint8_t>(name.size());  // a directory entry's name: at most kNameMax
    __builtin_memcpy(kept->text, name.data(), name.size());
    removed_name_ = kept;
  }
  --link_count_;
  return {};
}

bool TmpfsNode::removed_name(DirEntry& out) const {
  LockGuard guard(tree_lock());
  if (!removed_name_) return false;
  out.inode = number();
  out.type = type();
  out.name_length = removed_name_->length;
  __builtin_memcpy(out.name, removed_name_->text, removed_name_->length);
  out.name[removed_name_->length] = '\0';
  return true;
}

void TmpfsNode::set_parent(Node& parent) {
  parent.ref();
  Node* old = parent_;
  parent_ = &parent;
  old->unref();
}

}  // namespace cw::fs::tmpfs
