#include "kernel/fs/proc/proc_directory.h"

#include "kernel/arch/cpu.h"
#include "kernel/fs/proc/contents.h"
#include "kernel/fs/proc/fd_directory.h"
#include "kernel/fs/proc/generated_nodes.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "lib/format.h"

namespace cw::fs::proc {

namespace {

// Inode numbers: the root 1, its fixed entries 2.., and for process P the directory kPidBase + P * 16
// with its entries following it (the fd links have numbers of their own: kernel/fs/proc/fd_directory.cpp).
constexpr uint64_t kPidBase = 0x1000;
constexpr uint64_t kPidStride = 16;
constexpr uint64_t pid_inode(int32_t pid) { return kPidBase + static_cast<uint64_t>(pid) * kPidStride; }

// An entry of /proc or of /proc/<pid>: a generated file, a symlink (generate null, link its target:
// self; exe, cwd, root), or the one directory, "fd".
struct EntrySpec {
  const char* name;
  NodeType type;
  Generator generate;
  LinkTarget link = nullptr;  // a symlink's target (generate null)
};
constexpr EntrySpec kFixed[] = {
    {"meminfo", NodeType::Regular, generate_meminfo},
    {"self", NodeType::Symlink, nullptr, self_target},
    {"uptime", NodeType::Regular, generate_uptime},
    {"version", NodeType::Regular, generate_version},
    {"vmstat", NodeType::Regular, generate_vmstat},
    // Added after the first five, so that their inode numbers stay what they were.
    {"cpuinfo", NodeType::Regular, generate_cpuinfo},
    {"loadavg", NodeType::Regular, generate_loadavg},
    {"mounts", NodeType::Regular, generate_mounts},
    {"stat", NodeType::Regular, generate_system_stat},
};
constexpr uint64_t kFixedCount = sizeof(kFixed) / sizeof(kFixed[0]);
constexpr uint64_t fixed_inode(uint64_t index) { return 2 + index; }

constexpr EntrySpec kPidEntries[] = {
    {"cmdline", NodeType::Regular, generate_cmdline},
    {"cwd", NodeType::Symlink, nullptr, cwd_target},
    {"exe", NodeType::Symlink, nullptr, exe_target},
    {"fd", NodeType::Directory, nullptr},
    {"maps", NodeType::Regular, generate_maps},
    {"root", NodeType::Symlink, nullptr, root_target},
    {"stat", NodeType::Regular, generate_stat},
    {"status", NodeType::Regular, generate_status},
};
constexpr uint64_t kPidEntryCount = sizeof(kPidEntries) / sizeof(kPidEntries[0]);
static_assert(kPidEntryCount < kPidStride, "a process's inode numbers must not reach the next process's");

// "123" -> 123; false for anything else (a sign, leading zeros, letters, out of range), as Linux's
// name_to_int refuses them.
bool parse_pid(StringView name, int32_t& pid) {
  if (name.size() == 0 || name.size() > 9 || (name[0] == '0')) return false;
  int32_t value = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
    value = value * 10 + (name[i] - '0');
  }
  pid = value;
  return true;
}

void fill(DirEntry& out, StringView name, NodeType type, uint64_t inode) {
  out.inode = inode;
  out.type = type;
  out.name_length = static_cast<uint8_t>(name.size());
  __builtin_memcpy(out.name, name.data(), name.size());
  out.name[name.size()] = '\0';
}

class ProcessDirectory final : public Node {
public:
  ProcessDirectory(int32_t pid, Node& root)
      : Node(NodeType::Directory, 0555, pid_inode(pid), device_number(FsDevice::Proc)), pid_(pid), root_(root) {
    root_.ref();
  }
  ~ProcessDirectory() override { root_.unref(); }

  Node* parent() const override { return &root_; }

  Result<Node*> lookup(StringView name) override {
    for (uint64_t i = 0; i < kPidEntryCount; ++i) {
      if (name != StringView(kPidEntries[i].name)) continue;
      uint64_t number = pid_inode(pid_) + 1 + i;
      if (kPidEntries[i].type == NodeType::Directory) return create_fd_directory(number, *this, pid_);
      if (!kPidEntries[i].generate)
        return static_cast<Node*>(TRY(try_new<GeneratedLink>(number, *this, kPidEntries[i].link, pid_)));
      return static_cast<Node*>(TRY(try_new<GeneratedFile>(number, *this, kPidEntries[i].generate, pid_, true)));
    }
    return Error::NotFound;
  }

  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override {
    if (cookie >= kPidEntryCount) return false;
    const EntrySpec& e = kPidEntries[cookie];
    fill(out, e.name, e.type, pid_inode(pid_) + 1 + cookie);
    ++cookie;
    return true;
  }

private:
  int32_t pid_;
  Node& root_;
};

class ProcRoot final : public Node {
public:
  explicit ProcRoot(Node& parent)
      : Node(NodeType::Directory, 0555, 1, device_number(FsDevice::Proc)), parent_(parent) {}

  Node* parent() const override { return &parent_; }

  Result<Node*> lookup(StringView name) override {
    for (uint64_t i = 0; i < kFixedCount; ++i) {
      if (name != StringView(kFixed[i].name)) continue;
      if (!kFixed[i].generate)
        return static_cast<Node*>(TRY(try_new<GeneratedLink>(fixed_inode(i), *this, kFixed[i].link, 0)));
      return static_cast<Node*>(TRY(try_new<GeneratedFile>(fixed_inode(i), *this, kFixed[i].generate, 0, true)));
    }
    int32_t pid = 0;
    if (!parse_pid(name, pid) || !process_exists(pid)) return Error::NotFound;
    return static_cast<Node*>(TRY(try_new<ProcessDirectory>(pid, *this)));
  }

  // Cookies: 0 .. kFixedCount - 1 the fixed entries; kFixedCount + P after the directory of pid P.
  Result<bool> read_entry(uint64_t& cookie, DirEntry& out) override {
    if (cookie < kFixedCount) {
      const EntrySpec& e = kFixed[cookie];
      fill(out, e.name, e.type, fixed_inode(cookie));
      ++cookie;
      return true;
    }
    int32_t after = static_cast<int32_t>(cookie - kFixedCount);
    int32_t next = 0;
    {
      cpu::InterruptGuard guard;
      for (Process* p = cw::proc::first(); p; p = p->next)
        if (p->pid > after && (next == 0 || p->pid < next)) next = p->pid;
    }
    if (next == 0) return false;
    char digits[12];
    size_t n = format_to(digits, sizeof(digits), "{}", next);
    fill(out, StringView(digits, n), NodeType::Directory, pid_inode(next));
    cookie = kFixedCount + static_cast<uint64_t>(next);
    return true;
  }

protected:
  bool on_heap() const override { return false; }

private:
  Node& parent_;
};

}  // namespace

Result<Node*> create_root(Node& parent) { return static_cast<Node*>(TRY(try_new<ProcRoot>(parent))); }

}  // namespace cw::fs::proc
