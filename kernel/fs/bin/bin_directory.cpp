#include "kernel/fs/bin/bin_directory.h"

#include "kernel/fs/bin/program_file.h"
#include "kernel/fs/bin/shell_link.h"
#include "kernel/fs/program_store.h"
#include "kernel/fs/vfs/static_directory.h"
#include "kernel/heap.h"

namespace cw::fs::bin {

namespace {

// Inode 1 is the directory; program i of the program directory is inode i + 2; the shell link (if any)
// the one after the last program.
constexpr uint64_t inode_of_index(size_t index) { return index + 2; }

class BinDirectory final : public Node {
public:
  explicit BinDirectory(Node& parent)
      : Node(NodeType::Directory, 0555, 1, device_number(FsDevice::Bin)), parent_(parent) {}

  Result<void> populate() {
    count_ = programs::count();
    if (count_ == 0) return {};
    void* memory = TRY(kmalloc(sizeof(ProgramFile) * count_));
    files_ = static_cast<ProgramFile*>(memory);
    for (size_t i = 0; i < count_; ++i) new (&files_[i]) ProgramFile(programs::at(i), inode_of_index(i), *this);
    if (programs::find(kShellLinkTarget) && !programs::find(kShellLinkName))
      shell_ = TRY(try_new<ShellLink>(inode_of_index(count_), *this));
    return {};
  }

  Node* parent() const override { return &parent_; }

  Result<Node*> lookup(StringView name) override {
    for (size_t i = 0; i < count_; ++i) {
      if (StringView(programs::at(i).name) == name) {
        files_[i].ref();
        return static_cast<Node*>(&files_[i]);
      }
    }
    if (shell_ && name == StringView(kShellLinkName)) {
      shell_->ref();
      return static_cast<Node*>(shell_);
    }
    return Error::NotFound;
  }

  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override {
    if (cookie == count_ && shell_) {
      ++cookie;
      TRY(fill_entry(out, StringView(kShellLinkName), *shell_));
      return true;
    }
    if (cookie >= count_) return false;
    size_t i = static_cast<size_t>(cookie++);
    TRY(fill_entry(out, StringView(programs::at(i).name), files_[i]));
    return true;
  }

protected:
  bool on_heap() const override { return false; }

private:
  Node& parent_;
  ProgramFile* files_ = nullptr;  // one per program, for the life of the kernel
  size_t count_ = 0;
  ShellLink* shell_ = nullptr;    // /bin/sh, when busybox is there to be it (kernel/fs/bin/shell_link.h)
};

}  // namespace

Result<Node*> create_root(Node& parent) {
  auto directory = TRY(try_new<BinDirectory>(parent));
  auto populated = directory->populate();
  if (!populated) {
    delete directory;
    return populated.error();
  }
  return static_cast<Node*>(directory);
}

Result<uint64_t> inode_of(StringView name) {
  for (size_t i = 0; i < programs::count(); ++i)
    if (StringView(programs::at(i).name) == name) return inode_of_index(i);
  return Error::NotFound;
}

}  // namespace cw::fs::bin
