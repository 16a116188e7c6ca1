#include "kernel/fs/proc/fd_directory.h"

#include "kernel/arch/cpu.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/fs/vfs/node_path.h"
#include "lib/format.h"

namespace cw::fs::proc {

namespace {

// Link inode numbers: one block of FdTable::kMaxFds per process, above the directories' numbers
// (kernel/fs/proc/proc_directory.cpp) and below 2^32, which a program with a 32-bit ino_t (stat,
// readdir without _FILE_OFFSET_BITS=64) must get or fail with EOVERFLOW.
constexpr uint64_t kFdLinkBase = 0x10000000;
constexpr uint64_t link_inode(int32_t pid, int32_t fd) {
  return kFdLinkBase + static_cast<uint64_t>(pid) * FdTable::kMaxFds + static_cast<uint64_t>(fd);
}

// The description behind `pid`'s `fd` with one reference, or null (no such process or descriptor).
File* take_file(int32_t pid, int32_t fd) {
  cpu::InterruptGuard guard;
  Process* p = cw::proc::find(pid);
  if (!p || p->state == ProcessState::Zombie) return nullptr;
  File* file = p->files.get(fd);
  if (file) file->ref();
  return file;
}

// Linux's proc_fd_link inode modes: the owner may read if the description reads, write if it writes.
uint32_t link_permissions(const File& file) {
  return 0100 | (file.readable() || file.path_only() ? 0400 : 0) | (file.writable() ? 0200 : 0);
}

// "123" -> 123 for a descriptor number (no sign, no leading zeros), as Linux's name_to_int.
bool parse_fd(StringView name, int32_t& fd) {
  if (name.size() == 0 || name.size() > 3 || (name[0] == '0' && name.size() > 1)) return false;
  int32_t value = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
    value = value * 10 + (name[i] - '0');
  }
  if (value >= static_cast<int32_t>(FdTable::kMaxFds)) return false;
  fd = value;
  return true;
}

class FdLink final : public Node {
public:
  FdLink(Node& directory, int32_t pid, int32_t fd, uint32_t permissions)
      : Node(NodeType::Symlink, permissions, link_inode(pid, fd), device_number(FsDevice::Proc)),
        directory_(directory), pid_(pid), fd_(fd) {
    directory_.ref();
  }
  ~FdLink() override { directory_.unref(); }

  Node* parent() const override { return &directory_; }
  uint64_t size() const override { return 64; }  // Linux's i_size of every fd link

  Result<uint32_t> read_link(char* out, uint32_t capacity) override {
    File* file = take_file(pid_, fd_);
    if (!file) return Error::NotFound;
    Result<uint32_t> length = name_of(*file, out, capacity);
    file->unref();
    return length;
  }

private:
  static Result<uint32_t> name_of(const File& file, char* out, uint32_t capacity) {
    Node* node = file.node();
    if (!node) return file.pseudo_name(out, capacity);
    return copy_display_path(*node, out, capacity);
  }

  Node& directory_;
  int32_t pid_;
  int32_t fd_;
};

class FdDirectory final : public Node {
public:
  FdDirectory(uint64_t number, Node& directory, int32_t pid)
      : Node(NodeType::Directory, 0500, number, device_number(FsDevice::Proc)), directory_(directory), pid_(pid) {
    directory_.ref();
  }
  ~FdDirectory() override { directory_.unref(); }

  Node* parent() const override { return &directory_; }

  Result<Node*> lookup(StringView name) override {
    int32_t fd = 0;
    if (!parse_fd(name, fd)) return Error::NotFound;
    File* file = take_file(pid_, fd);
    if (!file) return Error::NotFound;
    uint32_t permissions = link_permissions(*file);
    file->unref();
    return static_cast<Node*>(TRY(try_new<FdLink>(*this, pid_, fd, permissions)));
  }

  // Cookies: the next descriptor number to look at.
  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override {
    int32_t fd = -1;
    {
      cpu::InterruptGuard guard;
      Process* p = cw::proc::find(pid_);
      if (!p || p->state == ProcessState::Zombie) return false;  // its descriptors are closed
      for (uint64_t i = cookie; i < FdTable::kMaxFds && fd < 0; ++i)
        if (p->files.get(static_cast<int32_t>(i))) fd = static_cast<int32_t>(i);
    }
    if (fd < 0) return false;
    char digits[4];
    size_t n = format_to(digits, sizeof(digits), "{}", fd);
    out.inode = link_inode(pid_, fd);
    out.type = NodeType::Symlink;
    out.name_length = static_cast<uint8_t>(n);
    __builtin_memcpy(out.name, digits, n);
    out.name[n] = '\0';
    cookie = static_cast<uint64_t>(fd) + 1;
    return true;
  }

private:
  Node& directory_;
  int32_t pid_;
};

}  // namespace

Result<Node*> create_fd_directory(uint64_t number, Node& process_directory, int32_t pid) {
  return static_cast<Node*>(TRY(try_new<FdDirectory>(number, process_directory, pid)));
}

}  // namespace cw::fs::proc
