// Node: a file in the name space (Linux's inode and dentry in one, as a small kernel can afford): a
// directory, a regular file, a device, a FIFO or a symbolic link. Every file system (kernel/fs/bin, dev,
// proc, tmpfs) implements nodes; the path walk (kernel/fs/vfs/path_walk.h) and the system calls see only
// this interface. A node refers to the directory it is in (`parent`), so ".." needs no dentry cache.
//
// Lifetime: reference counted. A lookup, a walk, an open file (kernel/fs/node_file.h) and a process's
// working directory each hold one reference; a directory holds one on each child it lists, and each
// child holds one on its parent. A node the file system removes (unlink) stays alive while references
// remain, as POSIX requires of an open, unlinked file. Nodes of fixed file systems are static
// (`on_heap` false) and are never deleted.
//
// Concurrency: the kernel runs on one CPU, but a node's operation may sleep (a page fault on the user
// buffer, a swap read): each file system serialises its own state with a Mutex (kernel/sync); reference
// counts change with interrupts off.
//
// User memory: read_at and write_at move bytes between the node and the *calling* process's memory at a
// user address already checked for the access (mm/address_space.h copy_in / copy_out), so a node never
// sees a raw user pointer.
#pragma once

#include <cstdint>

#include "kernel/fs/file.h"
#include "kernel/fs/vfs/attribute_change.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw {
namespace disk {
struct ProgramEntry;
}
namespace mm {
class ExecutedFile;
class MemoryObject;
}

namespace fs {

// st_mode file types (Linux include/uapi/linux/stat.h).
enum class NodeType : uint8_t { Regular, Directory, CharDevice, Fifo, Symlink };
inline constexpr uint32_t kModeRegular = 0100000;     // S_IFREG
inline constexpr uint32_t kModeDirectory = 0040000;   // S_IFDIR
inline constexpr uint32_t kModeCharDevice = 0020000;  // S_IFCHR
inline constexpr uint32_t kModeFifo = 0010000;        // S_IFIFO
inline constexpr uint32_t kModeSymlink = 0120000;     // S_IFLNK
inline constexpr uint32_t kModeBlockDevice = 0060000; // S_IFBLK (never made: mknod refuses it)
inline constexpr uint32_t kModeSocket = 0140000;      // S_IFSOCK (never made: mknod refuses it)
inline constexpr uint32_t kModeTypeMask = 0170000;    // S_IFMT
uint32_t mode_bits(NodeType type);
// getdents64's d_type (Linux include/linux/fs_types.h DT_*).
uint8_t dirent_type(NodeType type);

// Longest name of one path component (NAME_MAX) and of a whole path (PATH_MAX), as Linux.
inline constexpr uint32_t kNameMax = 255;
inline constexpr uint32_t kPathMax = 4096;

// One directory entry, as read_entry reports it.
struct DirEntry {
  uint64_t inode = 0;
  NodeType type = NodeType::Regular;
  uint8_t name_length = 0;
  char name[kNameMax + 1] = {};
};

// Fills `out` from a name and the node it names, for read_entry implementations.
// Errors: NameTooLong.
Result<void> fill_entry(DirEntry& out, StringView name, const class Node& node);

// Flags of open(2) the file systems see (the access mode, O_NONBLOCK, O_CLOEXEC and O_PATH are in
// kernel/fs/file.h). Linux asm-generic/fcntl.h.
inline constexpr uint32_t kOpenCreate = 0100;       // O_CREAT
inline constexpr uint32_t kOpenExclusive = 0200;    // O_EXCL
inline constexpr uint32_t kOpenTruncate = 01000;    // O_TRUNC
inline constexpr uint32_t kOpenAppend = 02000;      // O_APPEND
inline constexpr uint32_t kOpenDirectory = 0200000; // O_DIRECTORY
inline constexpr uint32_t kOpenNoFollow = 0400000;  // O_NOFOLLOW

class Node {
public:
  // `permissions`: the low 12 bits of st_mode. `number`: the inode number, unique within the file system.
  Node(NodeType type, uint32_t permissions, uint64_t number, uint32_t device)
      : type_(type), permissions_(permissions & 07777), number_(number), device_(device) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  virtual ~Node();

  NodeType type() const { return type_; }
  bool is_directory() const { return type_ == NodeType::Directory; }
  uint32_t mode() const { return mode_bits(type_) | permissions_; }
  uint32_t permissions() const { return permissions_; }
  void set_permissions(uint32_t permissions) { permissions_ = permissions & 07777; }
  uint64_t number() const { return number_; }
  // Which file system (st_dev): a rename or link across two is EXDEV.
  uint32_t device() const { return device_; }

  void ref();
  // Drops a reference: the last one of a heap node deletes it.
  void unref();
  uint32_t references() const { return references_; }

  // The directory this node is in; the root's parent is the root. Not a new reference: valid while this
  // node is (a child holds a reference on its parent).
  virtual Node* parent() const = 0;
  // The name of the directory entry that went with this node's last name (unlink, rmdir, a rename over
  // it), into `out`; false while a directory lists it, or on a file system whose nodes are never
  // removed (the default). Linux's unhashed dentry keeps its name too: d_path shows "NAME (deleted)".
  // May sleep (the file system's lock).
  virtual bool removed_name(DirEntry& out) const { (void)out; return false; }

  // What fstat / stat report. The default fills type, permissions, number, device, size and links,
  // owner root and the boot time for all three times (with_boot_times).
  virtual FileStatus status() const;

  // --- Attributes (chmod, chown, utimensat; Linux's setattr). The system calls check the EROFS rule
  // (kernel/syscall/path_args.h) before calling these.

  // Applies `change` and sets ctime to the current time. Errors: Permission (the default: a file
  // system whose attributes are generated and fixed, /proc).
  virtual Result<void> change_attributes(const AttributeChange& change);
  // The data changed without a write (ftruncate, open with O_TRUNC, which Linux times even when the
  // size stays): mtime and ctime become the current time. The default keeps no times.
  virtual void mark_modified() {}
  virtual uint64_t size() const { return 0; }
  virtual uint32_t links() const { return is_directory() ? 2 : 1; }

  // --- Directories. The defaults answer as for a node that is not one (NotDirectory) or as a
  // read-only file system (ReadOnlyFs). "." and ".." never reach these: the walk handles them.

  // The child called `name` (a single component, no '/'), with a new reference. Errors: NotFound.
  virtual Result<Node*> lookup(StringView name);
  // The entry after `cookie` (0 starts; the directory chooses the values and advances `cookie`), or
  // false at the end. A directory changed between calls may skip or repeat nothing that stayed.
  virtual Result<bool> read_entry(uint64_t& cookie, DirEntry& out);
  // A new child (regular file, directory or symlink with `target`) with a new reference.
  // Errors: Exists, ReadOnlyFs, NoSpace, NoMemory, NameTooLong.
  virtual Result<Node*> create(StringView name, NodeType type, uint32_t permissions, StringView target);
  // Removes the child: `directory` is rmdir (the child must be an empty directory: NotEmpty,
  // NotDirectory) or unlink (the child must not be one: IsDirectory). Errors: NotFound, ReadOnlyFs, Busy.
  virtual Result<void> remove(StringView name, bool directory);
  // A new name `name` in this directory for `existing` (link(2)), a file of the same file system.
  // Errors: Exists, CrossDevice (another file system), Permission (a directory), NotFound (this
  // directory was removed, or `existing` has no name left), NameTooLong, ReadOnlyFs, NoMemory.
  virtual Result<void> link(Node& existing, StringView name);
  // Moves child `from` to `to` in `target` (a directory of the same file system; CrossDevice
  // otherwise), replacing what is there as rename(2) does. Errors: NotFound, NotEmpty, IsDirectory,
  // NotDirectory, InvalidArgument (a directory into itself), ReadOnlyFs.
  virtual Result<void> rename(StringView from, Node& target, StringView to);

  // --- Data.

  // An open file description for this node (kernel/fs/node_file.h by default; devices return their
  // own), with one reference. `flags` are open(2)'s. Errors: those of the file kind, NoMemory.
  virtual Result<File*> open(uint32_t flags);
  // Bytes at `offset` into the caller's buffer; 0 at or past the end. Errors: IsDirectory, BadAddress, Io.
  virtual Result<uint32_t> read_at(uint64_t offset, uint32_t address, uint32_t length);
  // Errors: IsDirectory, BadAddress, NoSpace, FileTooBig, ReadOnlyFs (the default), Io.
  virtual Result<uint32_t> write_at(uint64_t offset, uint32_t address, uint32_t length);
  // Sets the size (zeros when it grows). Errors: IsDirectory, ReadOnlyFs, FileTooBig, NoSpace.
  virtual Result<void> truncate(uint64_t size);
  // A symbolic link's target, into `out` (not terminated); its length. Errors: InvalidArgument (not a
  // link), Range (does not fit).
  virtual Result<uint32_t> read_link(char* out, uint32_t capacity);

  // The program directory entry that execve can run for this node (only /bin's files have one).
  virtual const disk::ProgramEntry* program() const { return nullptr; }
  // The memory object holding this file's pages, for mmap of the file; null if it cannot be mapped.
  virtual mm::MemoryObject* memory_object() { return nullptr; }
  // The file as a program execve loads from its bytes (a /tmp file, mm/executed_file.h), or null.
  virtual mm::ExecutedFile* executable() { return nullptr; }
  // Write access, as Linux's get_write_access / put_write_access: an open for writing holds it, and a
  // truncate by path takes it for the call. Errors: TextBusy (a process runs the file; the default
  // never refuses).
  virtual Result<void> get_write_access() { return {}; }
  virtual void put_write_access() {}

protected:
  // Static nodes (fixed file systems) are never deleted.
  virtual bool on_heap() const { return true; }

private:
  NodeType type_;
  uint32_t permissions_;
  uint64_t number_;
  uint32_t device_;
  uint32_t references_ = 1;
};

// A reference held for a scope (RAII): unref() on destruction unless released.
class NodeRef {
public:
  NodeRef() = default;
  explicit NodeRef(Node* node) : node_(node) {}  // takes over one reference
  NodeRef(const NodeRef&) = delete;
  NodeRef& operator=(const NodeRef&) = delete;
  NodeRef(NodeRef&& other) : node_(other.node_) { other.node_ = nullptr; }
  NodeRef& operator=(NodeRef&& other) {
    if (this != &other) {
      reset();
      node_ = other.node_;
      other.node_ = nullptr;
    }
    return *this;
  }
  ~NodeRef() { reset(); }

  Node* get() const { return node_; }
  Node* operator->() const { return node_; }
  Node& operator*() const { return *node_; }
  explicit operator bool() const { return node_ != nullptr; }
  Node* release() {
    Node* n = node_;
    node_ = nullptr;
    return n;
  }
  void reset() {
    if (node_) node_->unref();
    node_ = nullptr;
  }

private:
  Node* node_ = nullptr;
};

// Device numbers (st_dev) of Clockwork's file systems: each file system has one.
enum class FsDevice : uint32_t { Root = 1, Bin = 2, Dev = 3, Proc = 4, Tmp = 5 };
inline constexpr uint32_t device_number(FsDevice d) { return static_cast<uint32_t>(d); }

}  // namespace fs
}  // namespace cw
