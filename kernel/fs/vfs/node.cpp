#include "kernel/fs/vfs/node.h"

#include "kernel/arch/cpu.h"
#include "kernel/panic.h"

namespace cw::fs {

uint32_t mode_bits(NodeType type) {
  switch (type) {
    case NodeType::Regular: return kModeRegular;
    case NodeType::Directory: return kModeDirectory;
    case NodeType::CharDevice: return kModeCharDevice;
    case NodeType::Fifo: return kModeFifo;
    case NodeType::Symlink: return kModeSymlink;
  }
  return 0;
}

uint8_t dirent_type(NodeType type) {
  switch (type) {
    case NodeType::Regular: return 8;     // DT_REG
    case NodeType::Directory: return 4;   // DT_DIR
    case NodeType::CharDevice: return 2;  // DT_CHR
    case NodeType::Fifo: return 1;        // DT_FIFO
    case NodeType::Symlink: return 10;    // DT_LNK
  }
  return 0;  // DT_UNKNOWN
}

Result<void> fill_entry(DirEntry& out, StringView name, const Node& node) {
  if (name.size() > kNameMax) return Error::NameTooLong;
  out.inode = node.number();
  out.type = node.type();
  out.name_length = static_cast<uint8_t>(name.size());
  __builtin_memcpy(out.name, name.data(), name.size());
  out.name[name.size()] = '\0';
  return {};
}

Node::~Node() = default;

void Node::ref() {
  cpu::InterruptGuard guard;
  ++references_;
}

void Node::unref() {
  {
    cpu::InterruptGuard guard;
    CW_ASSERT(references_ > 0);
    if (--references_ != 0) return;
  }
  if (on_heap()) delete this;
}

FileStatus Node::status() const {
  FileStatus s;
  s.mode = mode();
  s.inode = number_;
  s.size = size();
  s.links = links();
  s.device = device_;
  return with_boot_times(s);
}

Result<void> Node::change_attributes(const AttributeChange&) { return Error::Permission; }

Result<Node*> Node::lookup(StringView) { return Error::NotDirectory; }
Result<bool> Node::read_entry(uint64_t&, DirEntry&) { return Error::NotDirectory; }
Result<Node*> Node::create(StringView, NodeType, uint32_t, StringView) {
  if (!is_directory()) return Error::NotDirectory;
  return Error::ReadOnlyFs;
}
Result<void> Node::remove(StringView, bool) {
  if (!is_directory()) return Error::NotDirectory;
  return Error::ReadOnlyFs;
}
Result<void> Node::link(Node&, StringView) {
  if (!is_directory()) return Error::NotDirectory;
  return Error::ReadOnlyFs;
}

Result<void> Node::rename(StringView, Node&, StringView) {
  if (!is_directory()) return Error::NotDirectory;
  return Error::ReadOnlyFs;
}
Result<uint32_t> Node::read_at(uint64_t, uint32_t, uint32_t) {
  if (is_directory()) return Error::IsDirectory;
  return Error::InvalidArgument;
}
Result<uint32_t> Node::write_at(uint64_t, uint32_t, uint32_t) {
  if (is_directory()) return Error::IsDirectory;
  return Error::ReadOnlyFs;
}
Result<void> Node::truncate(uint64_t) {
  if (is_directory()) return Error::IsDirectory;
  return Error::ReadOnlyFs;
}
Result<uint32_t> Node::read_link(char*, uint32_t) { return Error::InvalidArgument; }

}  // namespace cw::fs
