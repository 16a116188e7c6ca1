#include "kernel/fs/node_file.h"

#include "kernel/fs/readiness.h"
#include "kernel/heap.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/syscall/user_memory.h"

namespace cw::fs {

namespace {

// struct linux_dirent64 (Linux include/linux/dirent.h): the name follows, NUL-terminated, and the
// record is padded to a multiple of 8.
struct [[gnu::packed]] Dirent64Header {
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;
};
static_assert(sizeof(Dirent64Header) == 19);

constexpr uint64_t kMaxFileOffset = 0x7fffffffffffffffull;

}  // namespace

Result<File*> Node::open(uint32_t flags) {
  const bool writing = (flags & kOpenAccessMode) != kOpenReadOnly;
  if (writing) TRY(get_write_access());  // the description holds it until its last close
  ref();
  auto file = try_new<NodeFile>(this, flags);
  if (!file) {
    if (writing) put_write_access();
    unref();
    return file.error();
  }
  return static_cast<File*>(file.value());
}

NodeFile::~NodeFile() {
  if (writable()) node_->put_write_access();
  node_->unref();
}

Result<File*> open_node(Node* node, uint32_t flags) {
  NodeRef held(node);
  if (flags & kOpenPathOnly) {
    // O_PATH ignores every flag but O_DIRECTORY and O_NOFOLLOW, and never opens a device.
    if ((flags & kOpenDirectory) && !node->is_directory()) return Error::NotDirectory;
    auto file = try_new<NodeFile>(held.get(), kOpenPathOnly | (flags & kOpenDirectory));
    if (!file) return file.error();
    held.release();
    return static_cast<File*>(file.value());
  }
  uint32_t access = flags & kOpenAccessMode;
  if ((flags & kOpenDirectory) && !node->is_directory()) return Error::NotDirectory;
  if (node->is_directory() && access != kOpenReadOnly) return Error::IsDirectory;
  if ((flags & kOpenTruncate) && access != kOpenReadOnly && node->type() == NodeType::Regular) {
    // Linux's do_open: the open takes write access (ETXTBSY for a running program) before O_TRUNC.
    TRY(node->get_write_access());
    auto truncated = node->truncate(0);
    node->put_write_access();
    TRY(truncated);
    node->mark_modified();  // Linux's handle_truncate passes ATTR_MTIME | ATTR_CTIME
  }
  return node->open(flags & kStatusFlagsKept);
}

Result<uint32_t> NodeFile::read(uint32_t address, uint32_t length) {
  if (node_->is_directory()) return Error::IsDirectory;
  LockGuard guard(position_lock_);
  uint32_t n = TRY(node_->read_at(position_, address, length));
  position_ += n;
  return n;
}

Result<uint32_t> NodeFile::write(uint32_t address, uint32_t length) {
  LockGuard guard(position_lock_);
  if (append_) position_ = node_->size();
  uint32_t n = TRY(node_->write_at(position_, address, length));
  position_ += n;
  return n;
}

uint16_t NodeFile::ready() const {
  // A file in memory or on disk never blocks (POSIX: regular files always poll ready).
  uint16_t events = 0;
  if (readable()) events |= kPollIn;
  if (writable()) events |= kPollOut;
  return events;
}

Result<uint64_t> NodeFile::seek(int64_t offset, uint32_t whence) {
  LockGuard guard(position_lock_);
  if (node_->is_directory()) {
    // Directory positions are entry counts; only rewinding and asking are meaningful (Linux's
    // generic_file_llseek on a directory accepts any value, but a cookie cannot be recomputed).
    if (whence == kSeekSet && offset == 0) {
      position_ = 0;
      entry_cookie_ = 0;
      return uint64_t{0};
    }
    if (whence == kSeekCurrent && offset == 0) return position_;
    return Error::InvalidArgument;
  }
  int64_t base;
  switch (whence) {
    case kSeekSet: base = 0; break;
    case kSeekCurrent: base = static_cast<int64_t>(position_); break;
    case kSeekEnd: base = static_cast<int64_t>(node_->size()); break;
    default: return Error::InvalidArgument;
  }
  if ((offset > 0 && base > static_cast<int64_t>(kMaxFileOffset) - offset)) return Error::Overflow;
  int64_t target = base + offset;
  if (target < 0) return Error::InvalidArgument;
  position_ = static_cast<uint64_t>(target);
  return position_;
}

Result<uint32_t> NodeFile::read_at(uint64_t offset, uint32_t address, uint32_t length) {
  if (node_->is_directory()) return Error::IsDirectory;
  return node_->read_at(offset, address, length);
}

Result<uint32_t> NodeFile::write_at(uint64_t offset, uint32_t address, uint32_t length) {
  return node_->write_at(offset, address, length);
}

Result<uint32_t> NodeFile::read_directory(uint32_t address, uint32_t length) {
  if (!node_->is_directory()) return Error::NotDirectory;
  LockGuard guard(position_lock_);
  uint32_t written = 0;
  for (;;) {
    DirEntry entry;
    uint64_t next_cookie = entry_cookie_;
    if (position_ == 0) {
      TRY(fill_entry(entry, ".", *node_));
    } else if (position_ == 1) {
      TRY(fill_entry(entry, "..", *node_->parent()));
    } else {
      bool more = TRY(node_->read_entry(next_cookie, entry));
      if (!more) break;
    }
    uint32_t record = (sizeof(Dirent64Header) + entry.name_length + 1 + 7) & ~7u;
    if (written + record > length) {
      if (written == 0) return Error::InvalidArgument;  // Linux: the buffer cannot hold one entry
      break;
    }
    uint8_t buffer[sizeof(Dirent64Header) + kNameMax + 1 + 8] = {};
    Dirent64Header header{entry.inode, static_cast<int64_t>(position_ + 1), static_cast<uint16_t>(record),
                          dirent_type(entry.type)};
    __builtin_memcpy(buffer, &header, sizeof(header));
    __builtin_memcpy(buffer + sizeof(header), entry.name, entry.name_length);
    TRY(syscall::current_space().copy_out(VirtAddr(address + written), buffer, record));
    written += record;
    ++position_;
    entry_cookie_ = next_cookie;
  }
  return written;
}

}  // namespace cw::fs
