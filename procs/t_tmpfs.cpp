// t_tmpfs: /tmp, the in-memory file system whose pages are pageable (kernel/fs/tmpfs/), and the calls that
// change the name space (kernel/syscall/sys_namespace.cpp). Errors are those Linux gives.
//   1. a file made with O_CREAT|O_EXCL holds what was written; lseek; O_EXCL again is EEXIST;
//   2. mkdir and getdents64: ".", ".." and the entries in the order they were made; mkdir's errors
//      (EEXIST, ENOENT, ENOTDIR, EROFS);
//   3. rmdir and unlink: ENOTEMPTY, ENOTDIR, EISDIR, ENOENT, EINVAL for "."; both succeed on what they
//      should;
//   4. rename: a file moves and replaces another; EISDIR, ENOTDIR, EINVAL (a directory into itself),
//      ENOTEMPTY, EXDEV between /bin and /tmp, ENOENT;
//   5. an unlinked file (st_nlink 0) stays readable through its open descriptor; its name is gone;
//   6. ftruncate64 and truncate64: growing shows zeros, shrinking drops bytes (and they stay zeros when
//      the file grows again); EINVAL (read-only descriptor, negative length, a directory descriptor),
//      EBADF, EISDIR, EROFS;
//   7. a 256 KiB file (more pages than the pool) written with a pattern and read back intact: its pages
//      went to swap; unlinking it gives the swap slots back;
//   8. mmap of a file: MAP_SHARED writes reach read() and write() reaches the mapping; MAP_PRIVATE writes
//      stay private; truncate under a shared mapping (one page mlocked) leaves zeros; EACCES (MAP_SHARED, PROT_WRITE on a read-only descriptor, and mprotect later),
//      ENODEV (/dev/null), EBADF;
//   9. symlink: opening the link opens its target, a relative target resolves from the link's directory;
//      EEXIST, ENOENT (empty target); unlink removes the link, not the target; a dangling link is ENOENT.
// Output: (t_tmpfs) begin / one line per step / (t_tmpfs) end.
#include "lib/abi/structs.h"
#include "lib/string_view.h"
#include "lib/abi/mman.h"
#include "lib/abi/stat.h"
#include "procs/lib/fd.h"
#include "procs/lib/mmap.h"
#include "procs/lib/namespace_calls.h"
#include "procs/lib/print.h"
#include "procs/lib/syscall.h"
#include "procs/lib/syscall_raw.h"
#include "procs/lib/test.h"

using namespace cw;
using namespace cw::user;

namespace {

// open, lseek and getdents64, raw (procs/lib has no wrappers for them).
constexpr uint32_t kReadOnly = 0, kReadWrite = 2, kCreate = 0100, kExclusive = 0200, kDirectory = 0200000;
constexpr uint32_t kSeekSet = 0, kSeekEnd = 2;
constexpr auto kOpen = abi::Syscall::Open;
constexpr auto kLseek = abi::Syscall::Lseek;
constexpr auto kGetdents64 = abi::Syscall::Getdents64;

uint32_t address(const void* p) { return reinterpret_cast<uint32_t>(p); }

Result<int> open(const char* path, uint32_t flags, uint32_t mode = 0644) {
  return static_cast<int>(TRY(sys::to_result(sys::raw_syscall3(kOpen, address(path), flags, mode))));
}
Result<uint32_t> lseek(int fd, int32_t offset, uint32_t whence) {
  return sys::to_result(sys::raw_syscall3(kLseek, static_cast<uint32_t>(fd), static_cast<uint32_t>(offset), whence));
}

int open_or_fail(const char* path, uint32_t flags) {
  auto fd = open(path, flags);
  if (!fd) fail_test("open {}: {}", path, fd.error());
  return fd.value();
}

void close_or_fail(int fd) {
  if (auto r = sys::close(fd); !r) fail_test("close({}): {}", fd, r.error());
}

void seek_or_fail(int fd, uint32_t offset) {
  auto r = lseek(fd, static_cast<int32_t>(offset), kSeekSet);
  if (!r || r.value() != offset) fail_test("lseek to {}: {}", offset, r ? Error::Io : r.error());
}

uint32_t size_of(int fd) {
  auto r = lseek(fd, 0, kSeekEnd);
  if (!r) fail_test("lseek SEEK_END: {}", r.error());
  return r.value();
}

void write_all(int fd, const void* data, uint32_t length) {
  auto* bytes = static_cast<const uint8_t*>(data);
  for (uint32_t done = 0; done < length;) {
    auto n = sys::write(fd, bytes + done, length - done);
    if (!n || n.value() == 0) fail_test("write: {}", n ? Error::Io : n.error());
    done += static_cast<uint32_t>(n.value());
  }
}

uint32_t read_all(int fd, void* out, uint32_t capacity) {
  auto* bytes = static_cast<uint8_t*>(out);
  uint32_t done = 0;
  while (done < capacity) {
    auto n = sys::read(fd, bytes + done, capacity - done);
    if (!n) fail_test("read: {}", n.error());
    if (n.value() == 0) break;
    done += static_cast<uint32_t>(n.value());
  }
  return done;
}

// The call failed with exactly `expected`.
void expect_error(const Result<void>& r, Error expected, const char* what) {
  if (r) fail_test("{}: succeeded, expected {}", what, expected);
  if (r.error() != expected) fail_test("{}: {}, expected {}", what, r.error(), expected);
}

template <typename T>
void expect_error(const Result<T>& r, Error expected, const char* what) {
  if (r) fail_test("{}: succeeded, expected {}", what, expected);
  if (r.error() != expected) fail_test("{}: {}, expected {}", what, r.error(), expected);
}

void expect_ok(const Result<void>& r, const char* what) {
  if (!r) fail_test("{}: {}", what, r.error());
}

bool equal(const void* a, const void* b, uint32_t n) {
  auto* x = static_cast<const uint8_t*>(a);
  auto* y = static_cast<const uint8_t*>(b);
  for (uint32_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

bool all_zero(const uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}

uint8_t buffer[16384];

abi::Stat64 status_of(int fd) {
  abi::Stat64 st{};
  int32_t r = sys::fstat64(fd, &st);
  if (r != 0) fail_test("fstat64({}): {}", fd, r);
  return st;
}

// The names getdents64 lists in `path`, joined by spaces, into `out`.
void list_directory(const char* path, char* out, uint32_t capacity) {
  int fd = open_or_fail(path, kReadOnly | kDirectory);
  uint32_t used = 0;
  for (;;) {
    auto n = sys::to_result(sys::raw_syscall3(kGetdents64, static_cast<uint32_t>(fd), address(buffer), 512));
    if (!n) fail_test("getdents64 {}: {}", path, n.error());
    if (n.value() == 0) break;
    for (uint32_t at = 0; at < n.value();) {
      uint16_t record = static_cast<uint16_t>(buffer[at + 16] | (buffer[at + 17] << 8));
      const char* name = reinterpret_cast<const char*>(buffer + at + 19);
      if (used) out[used++] = ' ';
      for (uint32_t i = 0; name[i] && used + 1 < capacity; ++i) out[used++] = name[i];
      at += record;
    }
  }
  out[used] = '\0';
  close_or_fail(fd);
}

void step1_create_write_read() {
  const char text[] = "hello, tmpfs";
  int fd = open_or_fail("/tmp/a", kReadWrite | kCreate | kExclusive);
  write_all(fd, text, sizeof text - 1);
  check(size_of(fd) == sizeof text - 1, "size after write: {}", size_of(fd));
  abi::Stat64 st = status_of(fd);
  check(st.st_size == sizeof text - 1 && st.st_nlink == 1 && (st.st_mode & 0170000) == 0100000 &&
            (st.st_mode & 07777) == 0644,
        "fstat64: size {} nlink {} mode {}", static_cast<uint32_t>(st.st_size), st.st_nlink, st.st_mode);
  seek_or_fail(fd, 7);
  char back[32] = {};
  check(read_all(fd, back, sizeof back) == 5 && equal(back, "tmpfs", 5), "read at 7: '{}'", back);
  close_or_fail(fd);
  expect_error(open("/tmp/a", kReadWrite | kCreate | kExclusive), Error::Exists, "O_EXCL on /tmp/a");
  fd = open_or_fail("/tmp/a", kReadOnly);
  check(read_all(fd, back, sizeof back) == sizeof text - 1 && equal(back, text, sizeof text - 1), "reopened");
  close_or_fail(fd);
  msg("1. a file made with O_CREAT|O_EXCL holds what was written; lseek; O_EXCL again is EEXIST");
}

void step2_mkdir_and_listing() {
  expect_ok(sys::mkdir("/tmp/d", 0755), "mkdir /tmp/d");
  expect_error(sys::mkdir("/tmp/d", 0755), Error::Exists, "mkdir /tmp/d again");
  expect_error(sys::mkdir("/tmp/a", 0755), Error::Exists, "mkdir over a file");
  expect_error(sys::mkdir("/tmp/none/x", 0755), Error::NotFound, "mkdir /tmp/none/x");
  expect_error(sys::mkdir("/tmp/a/x", 0755), Error::NotDirectory, "mkdir /tmp/a/x");
  expect_error(sys::mkdir("/bin/x", 0755), Error::ReadOnlyFs, "mkdir /bin/x");
  expect_error(sys::mkdir("/tmp", 0755), Error::Exists, "mkdir /tmp");
  expect_ok(sys::mkdir("/tmp/d/e/", 0755), "mkdir with a trailing slash");
  close_or_fail(open_or_fail("/tmp/d/f", kReadWrite | kCreate));
  char names[256];
  list_directory("/tmp/d", names, sizeof names);
  check(StringView(names) == StringView(". .. e f"), "/tmp/d lists '{}'", names);
  list_directory("/tmp", names, sizeof names);
  check(StringView(names) == StringView(". .. a d"), "/tmp lists '{}'", names);
  int d = open_or_fail("/tmp/d", kReadOnly | kDirectory);
  abi::Stat64 st = status_of(d);
  check(st.st_nlink == 3 && (st.st_mode & 0170000) == 0040000 && (st.st_mode & 07777) == 0755,
        "/tmp/d: nlink {} mode {}", st.st_nlink, st.st_mode);
  close_or_fail(d);
  msg("2. mkdir and getdents64: '.', '..' and the entries in order; EEXIST, ENOENT, ENOTDIR, EROFS");
}

void step3_rmdir_and_unlink() {
  expect_error(sys::rmdir("/tmp/d"), Error::NotEmpty, "rmdir of a non-empty directory");
  expect_error(sys::rmdir("/tmp/a"), Error::NotDirectory, "rmdir of a file");
  expect_error(sys::rmdir("/tmp/d/."), Error::InvalidArgument, "rmdir of '.'");
  expect_error(sys::rmdir("/tmp/d/e/.."), Error::NotEmpty, "rmdir of '..'");
  expect_error(sys::unlink("/tmp/d"), Error::IsDirectory, "unlink of a directory");
  expect_error(sys::unlink("/tmp/missing"), Error::NotFound, "unlink of a missing name");
  expect_error(sys::unlink("/tmp/a/"), Error::NotDirectory, "unlink of 'file/'");
  expect_error(sys::unlink("/bin/t_tmpfs"), Error::ReadOnlyFs, "unlink in /bin");
  expect_error(sys::unlinkat(sys::kAtFdcwd, "/tmp/d/f", 0x1), Error::InvalidArgument, "unlinkat bad flags");
  expect_ok(sys::unlink("/tmp/d/f"), "unlink /tmp/d/f");
  expect_error(open("/tmp/d/f", kReadOnly), Error::NotFound, "open after unlink");
  expect_error(sys::unlinkat(sys::kAtFdcwd, "/tmp/d/e", 0), Error::IsDirectory, "unlinkat of a directory");
  expect_ok(sys::unlinkat(sys::kAtFdcwd, "/tmp/d/e", sys::kAtRemoveDir), "unlinkat AT_REMOVEDIR");
  expect_ok(sys::rmdir("/tmp/d"), "rmdir /tmp/d");
  expect_error(sys::rmdir("/tmp/d"), Error::NotFound, "rmdir again");
  char names[256];
  list_directory("/tmp", names, sizeof names);
  check(StringView(names) == StringView(". .. a"), "/tmp lists '{}'", names);
  msg("3. rmdir and unlink: ENOTEMPTY, ENOTDIR, EISDIR, ENOENT, EINVAL, EROFS; both remove what they should");
}

void step4_rename() {
  expect_ok(sys::rename("/tmp/a", "/tmp/b"), "rename a -> b");
  expect_error(open("/tmp/a", kReadOnly), Error::NotFound, "open the old name");
  int fd = open_or_fail("/tmp/b", kReadOnly);
  char back[32] = {};
  check(read_all(fd, back, sizeof back) == 12 && equal(back, "hello, tmpfs", 12), "renamed file: '{}'", back);
  close_or_fail(fd);
  fd = open_or_fail("/tmp/c", kReadWrite | kCreate);
  write_all(fd, "C", 1);
  close_or_fail(fd);
  expect_ok(sys::rename("/tmp/c", "/tmp/b"), "rename c over b");
  fd = open_or_fail("/tmp/b", kReadOnly);
  check(read_all(fd, back, sizeof back) == 1 && back[0] == 'C', "b is now c");
  close_or_fail(fd);
  expect_ok(sys::mkdir("/tmp/d", 0755), "mkdir /tmp/d");
  expect_ok(sys::mkdir("/tmp/d/sub", 0755), "mkdir /tmp/d/sub");
  expect_ok(sys::mkdir("/tmp/e", 0755), "mkdir /tmp/e");
  expect_error(sys::rename("/tmp/b", "/tmp/e"), Error::IsDirectory, "file over a directory");
  expect_error(sys::rename("/tmp/e", "/tmp/b"), Error::NotDirectory, "directory over a file");
  expect_error(sys::rename("/tmp/d", "/tmp/d/sub/x"), Error::InvalidArgument, "directory into itself");
  expect_error(sys::rename("/tmp/e", "/tmp/d"), Error::NotEmpty, "over a non-empty directory");
  expect_error(sys::rename("/tmp/missing", "/tmp/x"), Error::NotFound, "missing source");
  expect_error(sys::rename("/bin/t_tmpfs", "/tmp/x"), Error::CrossDevice, "/bin to /tmp");
  expect_error(sys::rename("/tmp/b", "/bin/x"), Error::CrossDevice, "/tmp to /bin");
  expect_ok(sys::rename("/tmp/d/sub", "/tmp/e/moved"), "move a directory");
  expect_ok(sys::rename("/tmp/d", "/tmp/e/moved"), "directory over an empty directory");
  expect_ok(sys::rename("/tmp/b", "/tmp/b"), "rename onto itself");
  char names[256];
  list_directory("/tmp/e", names, sizeof names);
  check(StringView(names) == StringView(". .. moved"), "/tmp/e lists '{}'", names);
  expect_ok(sys::rmdir("/tmp/e/moved"), "rmdir /tmp/e/moved");
  expect_ok(sys::rmdir("/tmp/e"), "rmdir /tmp/e");
  msg("4. rename: moves and replaces; EISDIR, ENOTDIR, EINVAL, ENOTEMPTY, EXDEV, ENOENT");
}

void step5_unlinked_open_file() {
  int fd = open_or_fail("/tmp/u", kReadWrite | kCreate);
  for (uint32_t i = 0; i < 10000; ++i) buffer[i] = static_cast<uint8_t>(i * 7 + 3);
  write_all(fd, buffer, 10000);
  expect_ok(sys::unlink("/tmp/u"), "unlink /tmp/u");
  check(status_of(fd).st_nlink == 0, "an unlinked file has {} links", status_of(fd).st_nlink);
  expect_error(open("/tmp/u", kReadOnly), Error::NotFound, "open after unlink");
  seek_or_fail(fd, 0);
  static uint8_t back[10000];
  check(read_all(fd, back, sizeof back) == 10000 && equal(back, buffer, 10000), "unlinked file reads back");
  write_all(fd, "more", 4);
  check(size_of(fd) == 10004, "unlinked file grows");
  close_or_fail(fd);
  msg("5. an unlinked file stays readable and writable through its descriptor; its name is gone");
}

void step6_truncate() {
  int fd = open_or_fail("/tmp/t", kReadWrite | kCreate);
  write_all(fd, "0123456789", 10);
  expect_ok(sys::ftruncate64(fd, 10000), "ftruncate64 grow");
  check(size_of(fd) == 10000, "size after growing: {}", size_of(fd));
  seek_or_fail(fd, 0);
  check(read_all(fd, buffer, sizeof buffer) == 10000, "read grown file");
  check(equal(buffer, "0123456789", 10) && all_zero(buffer + 10, 9990), "grown part is zeros");
  expect_ok(sys::ftruncate64(fd, 5), "ftruncate64 shrink");
  check(size_of(fd) == 5, "size after shrinking: {}", size_of(fd));
  expect_ok(sys::ftruncate64(fd, 8192), "ftruncate64 grow again");
  seek_or_fail(fd, 0);
  check(read_all(fd, buffer, sizeof buffer) == 8192, "read regrown file");
  check(equal(buffer, "01234", 5) && all_zero(buffer + 5, 8187), "dropped bytes stay zeros");
  expect_error(sys::ftruncate64(fd, -1), Error::InvalidArgument, "negative length");
  close_or_fail(fd);
  int ro = open_or_fail("/tmp/t", kReadOnly);
  expect_error(sys::ftruncate64(ro, 0), Error::InvalidArgument, "ftruncate64 of a read-only descriptor");
  close_or_fail(ro);
  expect_error(sys::ftruncate64(99, 0), Error::BadDescriptor, "ftruncate64 of a bad descriptor");
  int dir = open_or_fail("/tmp", kReadOnly | kDirectory);
  expect_error(sys::ftruncate64(dir, 0), Error::InvalidArgument, "ftruncate64 of a directory");
  close_or_fail(dir);
  expect_ok(sys::truncate64("/tmp/t", 3), "truncate64 /tmp/t");
  fd = open_or_fail("/tmp/t", kReadOnly);
  check(size_of(fd) == 3, "size after truncate64: {}", size_of(fd));
  close_or_fail(fd);
  expect_error(sys::truncate64("/tmp", 0), Error::IsDirectory, "truncate64 of a directory");
  expect_error(sys::truncate64("/bin/t_tmpfs", 0), Error::ReadOnlyFs, "truncate64 in /bin");
  expect_error(sys::truncate64("/tmp/none", 0), Error::NotFound, "truncate64 of a missing file");
  expect_ok(sys::unlink("/tmp/t"), "unlink /tmp/t");
  msg("6. ftruncate64 and truncate64: zeros when growing, bytes dropped when shrinking; EINVAL, EBADF, EISDIR, EROFS");
}

abi::VmStat vm_stat() {
  abi::VmStat s{};
  if (auto r = sys::vm_stat(0, &s); !r) fail_test("vm_stat: {}", r.error());
  return s;
}

void step7_file_larger_than_the_pool() {
  constexpr uint32_t kSize = 256 * 1024;
  constexpr uint32_t kChunk = 4096;
  abi::VmStat before = vm_stat();
  int fd = open_or_fail("/tmp/big", kReadWrite | kCreate);
  for (uint32_t at = 0; at < kSize; at += kChunk) {
    for (uint32_t i = 0; i < kChunk; ++i) buffer[i] = static_cast<uint8_t>((at + i) * 31 + (at + i) / 4096);
    write_all(fd, buffer, kChunk);
  }
  check(size_of(fd) == kSize, "big size {}", size_of(fd));
  seek_or_fail(fd, 0);
  for (uint32_t at = 0; at < kSize; at += kChunk) {
    check(read_all(fd, buffer, kChunk) == kChunk, "short read at {}", at);
    for (uint32_t i = 0; i < kChunk; ++i)
      if (buffer[i] != static_cast<uint8_t>((at + i) * 31 + (at + i) / 4096)) fail_test("byte {} differs", at + i);
  }
  abi::VmStat during = vm_stat();
  check(during.swap_outs > before.swap_outs, "no page went to swap");
  check(during.pageable_frames * 4096 < kSize, "the pool ({} frames) holds the file", during.pageable_frames);
  info("pool {} frames, swap-outs {}, swap-ins {}, slots used {}", during.pageable_frames,
       during.swap_outs - before.swap_outs, during.swap_ins - before.swap_ins, during.swap_slots_used);
  close_or_fail(fd);
  expect_ok(sys::unlink("/tmp/big"), "unlink /tmp/big");
  abi::VmStat after = vm_stat();
  check(after.swap_slots_used < during.swap_slots_used, "unlink kept the swap slots ({} then {})",
        during.swap_slots_used, after.swap_slots_used);
  msg("7. a 256 KiB file, larger than the pool, reads back intact through swap; unlink frees its slots");
}

void step8_mmap() {
  constexpr uint32_t kRw = abi::kProtRead | abi::kProtWrite;
  int fd = open_or_fail("/tmp/m", kReadWrite | kCreate);
  for (uint32_t i = 0; i < 3 * 4096; ++i) buffer[i] = static_cast<uint8_t>(i / 4096 + 'a');
  write_all(fd, buffer, 3 * 4096);
  // Pages 1 and 2 of the file, shared.
  auto shared = sys::mmap2(0, 2 * 4096, kRw, abi::kMapShared, fd, 1);
  if (!shared) fail_test("mmap MAP_SHARED: {}", shared.error());
  auto* s = reinterpret_cast<volatile uint8_t*>(shared.value());
  check(s[0] == 'b' && s[4096] == 'c', "shared mapping shows {} {}", s[0], s[4096]);
  s[10] = 'X';
  char got = 0;
  seek_or_fail(fd, 4096 + 10);
  check(read_all(fd, &got, 1) == 1 && got == 'X', "read() after a store: {}", got);
  seek_or_fail(fd, 2 * 4096 + 5);
  write_all(fd, "Y", 1);
  check(s[4096 + 5] == 'Y', "the mapping after write(): {}", s[4096 + 5]);
  auto priv = sys::mmap2(0, 4096, kRw, abi::kMapPrivate, fd, 1);
  if (!priv) fail_test("mmap MAP_PRIVATE: {}", priv.error());
  auto* p = reinterpret_cast<volatile uint8_t*>(priv.value());
  check(p[10] == 'X', "private mapping shows {}", p[10]);
  p[10] = 'P';
  check(s[10] == 'X', "a private store reached the file");
  seek_or_fail(fd, 4096 + 10);
  check(read_all(fd, &got, 1) == 1 && got == 'X', "read() after a private store: {}", got);
  // Truncating under the mappings: the shared one sees zeros once the file shrinks and grows again, also
  // on a page mlock holds (it is zeroed in place).
  expect_ok(sys::mlock(reinterpret_cast<const void*>(shared.value() + 4096), 4096), "mlock a shared page");
  expect_ok(sys::ftruncate64(fd, 0), "ftruncate64 under the mappings");
  expect_ok(sys::ftruncate64(fd, 3 * 4096), "ftruncate64 back");
  check(s[10] == 0 && s[4096 + 5] == 0, "after truncate the mapping shows {} {}", s[10], s[4096 + 5]);
  seek_or_fail(fd, 2 * 4096 + 5);
  check(read_all(fd, &got, 1) == 1 && got == 0, "read() of the locked page after truncate: {}", got);
  expect_ok(sys::munlock(reinterpret_cast<const void*>(shared.value() + 4096), 4096), "munlock");
  expect_ok(sys::munmap(shared.value(), 2 * 4096), "munmap shared");
  expect_ok(sys::munmap(priv.value(), 4096), "munmap private");
  close_or_fail(fd);
  int ro = open_or_fail("/tmp/m", kReadOnly);
  expect_error(sys::mmap2(0, 4096, kRw, abi::kMapShared, ro, 0), Error::AccessDenied, "shared writable of O_RDONLY");
  auto read_only = sys::mmap2(0, 4096, abi::kProtRead, abi::kMapShared, ro, 0);
  if (!read_only) fail_test("mmap read-only: {}", read_only.error());
  expect_error(sys::mprotect(read_only.value(), 4096, kRw), Error::AccessDenied, "mprotect to writable");
  expect_ok(sys::munmap(read_only.value(), 4096), "munmap read-only");
  close_or_fail(ro);
  int null = open_or_fail("/dev/null", kReadWrite);
  expect_error(sys::mmap2(0, 4096, kRw, abi::kMapShared, null, 0), Error::NoDevice, "mmap of /dev/null");
  close_or_fail(null);
  expect_error(sys::mmap2(0, 4096, kRw, abi::kMapShared, 77, 0), Error::BadDescriptor, "mmap of a bad descriptor");
  expect_ok(sys::unlink("/tmp/m"), "unlink /tmp/m");
  msg("8. mmap of a file: MAP_SHARED is the file's pages, MAP_PRIVATE copies on write; EACCES, ENODEV, EBADF");
}

void step9_symlink() {
  int fd = open_or_fail("/tmp/target", kReadWrite | kCreate);
  write_all(fd, "linked", 6);
  close_or_fail(fd);
  expect_ok(sys::mkdir("/tmp/s", 0755), "mkdir /tmp/s");
  expect_ok(sys::symlink("/tmp/target", "/tmp/s/abs"), "symlink absolute");
  expect_ok(sys::symlink("../target", "/tmp/s/rel"), "symlink relative");
  expect_error(sys::symlink("/tmp/target", "/tmp/s/abs"), Error::Exists, "symlink over a link");
  expect_error(sys::symlink("", "/tmp/s/empty"), Error::NotFound, "symlink to an empty target");
  expect_error(sys::symlink("/tmp/target", "/bin/link"), Error::ReadOnlyFs, "symlink in /bin");
  char back[16] = {};
  for (const char* link : {"/tmp/s/abs", "/tmp/s/rel"}) {
    fd = open_or_fail(link, kReadOnly);
    check(read_all(fd, back, sizeof back) == 6 && equal(back, "linked", 6), "{} reads '{}'", link, back);
    close_or_fail(fd);
  }
  expect_ok(sys::unlink("/tmp/s/abs"), "unlink the link");
  fd = open_or_fail("/tmp/target", kReadOnly);
  close_or_fail(fd);
  expect_ok(sys::unlink("/tmp/target"), "unlink the target");
  expect_error(open("/tmp/s/rel", kReadOnly), Error::NotFound, "open a dangling link");
  expect_ok(sys::unlink("/tmp/s/rel"), "unlink the dangling link");
  expect_ok(sys::rmdir("/tmp/s"), "rmdir /tmp/s");
  msg("9. symlink: the link opens its target (absolute or relative); EEXIST, ENOENT, EROFS; unlink removes the link");
}

}  // namespace

int main() {
  test_begin("t_tmpfs");
  step1_create_write_read();
  step2_mkdir_and_listing();
  step3_rmdir_and_unlink();
  step4_rename();
  step5_unlinked_open_file();
  step6_truncate();
  step7_file_larger_than_the_pool();
  step8_mmap();
  step9_symlink();
  test_end();
  return 0;
}
