// t_pipe: pipes and descriptors (kernel/fs/pipe.h, kernel/fs/fd_table.h, kernel/syscall/sys_fd.cpp).
//   1. pipe gives the two lowest free descriptors, and bytes written come out in order;
//   2. 100 KiB from a forked child arrive intact through a 16 KiB pipe, then end of file;
//   3. writing with no reader left: SIGPIPE kills by default; with SIGPIPE ignored, EPIPE;
//   4. dup, dup2, dup3 and fcntl as Linux: lowest free number, a shared description, the errors;
//   5. dup2 onto descriptor 1 sends a child's output (print) into a pipe;
//   6. execve closes O_CLOEXEC descriptors and keeps the others;
//   7. O_NONBLOCK: EAGAIN on an empty pipe and on a full one (16384 bytes fit);
//   8. writes of PIPE_BUF (4096) bytes from two writers never interleave;
//   9. poll and select: readiness of both ends, a wait ended by a child's write, the timeout, POLLHUP,
//      POLLNVAL, POLLERR, EBADF;
//  10. fstat64, fstatat64 and statx of descriptors, and statx of this program's path in /bin.
// Output: (t_pipe) begin / one line per step / (t_pipe) end.
#include "lib/abi/signal.h"
#include "lib/abi/stat.h"
#include "lib/cmdline.h"
#include "lib/format.h"
#include "procs/lib/clock.h"
#include "procs/lib/fd.h"
#include "procs/lib/fork_wait.h"
#include "procs/lib/print.h"
#include "procs/lib/signal.h"
#include "procs/lib/syscall.h"
#include "procs/lib/test.h"
#include "procs/lib/wait.h"

using namespace cw;
using namespace cw::user;

namespace {

constexpr uint32_t kBulk = 100 * 1024;
constexpr uint32_t kCapacity = 16384;
constexpr uint32_t kAtomic = 4096;
constexpr int kRounds = 12;  // 2 writers x 12 x 4096 bytes fit the 100 KiB buffer

uint8_t buffer[kBulk];

void open_pipe(int fds[2], uint32_t flags = 0) {
  auto r = flags ? sys::pipe2(fds, flags) : sys::pipe(fds);
  if (!r) fail_test("pipe: {}", r.error());
}

void close_or_fail(int fd) {
  if (auto r = sys::close(fd); !r) fail_test("close({}): {}", fd, r.error());
}

void write_all(int fd, const uint8_t* data, uint32_t length) {
  for (uint32_t done = 0; done < length;) {
    auto n = sys::write(fd, data + done, length - done);
    if (!n || n.value() == 0) fail_test("write: {}", n ? Error::Io : n.error());
    done += static_cast<uint32_t>(n.value());
  }
}

// Reads until end of file or `capacity`; returns the byte count.
uint32_t read_all(int fd, uint8_t* out, uint32_t capacity) {
  uint32_t done = 0;
  for (;;) {
    auto n = sys::read(fd, out + done, capacity - done);
    if (!n) fail_test("read: {}", n.error());
    if (n.value() == 0 || done + n.value() == capacity) return done + static_cast<uint32_t>(n.value());
    done += static_cast<uint32_t>(n.value());
  }
}

uint8_t pattern(uint32_t i) { return static_cast<uint8_t>(i * 7 + (i >> 9)); }

void expect_error(const char* what, Error got_error, bool failed, Error expected) {
  check(failed && got_error == expected, "{}: expected {}", what, expected);
}

template <typename T>
void expect_fail(const char* what, const Result<T>& r, Error expected) {
  expect_error(what, r ? Error::Io : r.error(), !r, expected);
}

void step_basic() {
  msg("1. pipe gives the two lowest free descriptors, and bytes written come out in order");
  int fds[2];
  open_pipe(fds);
  check(fds[0] == 3 && fds[1] == 4, "pipe gave {} and {}", fds[0], fds[1]);
  const char text[] = "through the pipe";
  write_all(fds[1], reinterpret_cast<const uint8_t*>(text), sizeof(text));
  char got[sizeof(text)] = {};
  auto n = sys::read(fds[0], got, sizeof(got));
  check(n && n.value() == sizeof(text) && StringView(got) == StringView(text), "read back '{}'", got);
  expect_fail("read from the write end", sys::read(fds[1], got, 1), Error::BadDescriptor);
  expect_fail("write to the read end", sys::write(fds[0], got, 1), Error::BadDescriptor);
  close_or_fail(fds[0]);
  close_or_fail(fds[1]);
  expect_fail("close twice", sys::close(fds[0]), Error::BadDescriptor);
}

void step_bulk() {
  msg("2. 100 KiB from a forked child arrive intact through a 16 KiB pipe, then end of file");
  int fds[2];
  open_pipe(fds);
  int pid = fork_or_fail();
  if (pid == 0) {
    close_or_fail(fds[0]);
    for (uint32_t i = 0; i < kBulk; ++i) buffer[i] = pattern(i);
    for (uint32_t done = 0; done < kBulk; done += 1000) {
      uint32_t n = kBulk - done < 1000 ? kBulk - done : 1000;
      write_all(fds[1], buffer + done, n);
    }
    exit(0);
  }
  close_or_fail(fds[1]);
  uint32_t got = read_all(fds[0], buffer, kBulk);
  check(got == kBulk, "read {} bytes", got);
  for (uint32_t i = 0; i < kBulk; ++i)
    if (buffer[i] != pattern(i)) fail_test("byte {} is {:#x}", i, buffer[i]);
  expect_child_ok(pid, "writer");
  auto eof = sys::read(fds[0], buffer, 1);
  check(eof && eof.value() == 0, "no end of file after the writer left");
  close_or_fail(fds[0]);
}

void step_broken_pipe() {
  msg("3. writing with no reader left: SIGPIPE kills by default; with SIGPIPE ignored, EPIPE");
  int fds[2];
  open_pipe(fds);
  close_or_fail(fds[0]);
  int pid = fork_or_fail();
  if (pid == 0) {
    (void)sys::write(fds[1], "x", 1);
    exit(0);
  }
  int status = wait_status(pid);
  check(WIFSIGNALED(status) && WTERMSIG(status) == abi::kSigPipe, "the writer ended with {:#x}", status);
  auto old = sys::signal(abi::kSigPipe, abi::kSigIgn);
  check(old.has_value(), "signal(SIGPIPE, SIG_IGN)");
  expect_fail("write with no reader", sys::write(fds[1], "x", 1), Error::BrokenPipe);
  (void)sys::signal(abi::kSigPipe, abi::kSigDfl);
  close_or_fail(fds[1]);
}

void step_dup() {
  msg("4. dup, dup2, dup3 and fcntl as Linux: lowest free number, a shared description, the errors");
  int fds[2];
  open_pipe(fds);  // 3, 4
  auto d = sys::dup(fds[1]);
  check(d && d.value() == 5, "dup gave {}", d ? d.value() : -1);
  write_all(d.value(), reinterpret_cast<const uint8_t*>("ab"), 2);
  close_or_fail(fds[1]);  // the dup still holds the write end
  auto d2 = sys::dup2(d.value(), 10);
  check(d2 && d2.value() == 10, "dup2 to 10");
  auto same = sys::dup2(10, 10);
  check(same && same.value() == 10, "dup2(10, 10)");
  expect_fail("dup2 of a closed descriptor", sys::dup2(4, 11), Error::BadDescriptor);
  expect_fail("dup2 of a closed descriptor onto itself", sys::dup2(4, 4), Error::BadDescriptor);
  expect_fail("dup2 to 100000", sys::dup2(10, 100000), Error::BadDescriptor);
  expect_fail("dup3 onto itself", sys::dup3(10, 10, 0), Error::InvalidArgument);
  expect_fail("dup3 with a bad flag", sys::dup3(10, 12, 1), Error::InvalidArgument);
  auto d3 = sys::dup3(10, 12, sys::kOpenCloexec);
  check(d3 && d3.value() == 12, "dup3 with O_CLOEXEC");
  auto fd_flags = sys::fcntl(12, sys::kFcntlGetFd);
  check(fd_flags && fd_flags.value() == static_cast<int>(sys::kFdCloexec), "F_GETFD of the dup3");
  check(sys::fcntl(12, sys::kFcntlSetFd, 0).has_value(), "F_SETFD");
  auto cleared = sys::fcntl(12, sys::kFcntlGetFd);
  check(cleared && cleared.value() == 0, "F_GETFD after F_SETFD 0");
  auto above = sys::fcntl(10, sys::kFcntlDupFd, 20);
  check(above && above.value() == 20, "F_DUPFD 20 gave {}", above ? above.value() : -1);
  auto above_cloexec = sys::fcntl(10, sys::kFcntlDupFdCloexec, 20);
  check(above_cloexec && above_cloexec.value() == 21, "F_DUPFD_CLOEXEC 20");
  auto fl = sys::fcntl(10, sys::kFcntlGetFl);
  check(fl && fl.value() == 1, "F_GETFL of a write end is O_WRONLY, got {}", fl ? fl.value() : -1);
  expect_fail("fcntl of a closed descriptor", sys::fcntl(4, sys::kFcntlGetFd), Error::BadDescriptor);
  expect_fail("fcntl F_GETLK", sys::fcntl(10, 5), Error::InvalidArgument);
  for (int fd : {5, 10, 12, 20, 21}) close_or_fail(fd);
  char got[3] = {};
  auto n = sys::read(fds[0], got, sizeof(got));
  check(n && n.value() == 2 && got[0] == 'a' && got[1] == 'b', "the dup's bytes");
  auto eof = sys::read(fds[0], got, sizeof(got));
  check(eof && eof.value() == 0, "end of file once every copy of the write end is closed");
  close_or_fail(fds[0]);
}

void step_redirect() {
  msg("5. dup2 onto descriptor 1 sends a child's output (print) into a pipe");
  int fds[2];
  open_pipe(fds);
  int pid = fork_or_fail();
  if (pid == 0) {
    if (!sys::dup2(fds[1], 1)) exit(3);
    close_or_fail(fds[0]);
    close_or_fail(fds[1]);
    print("redirected {}\n", 42);
    flush_output();
    exit(0);
  }
  close_or_fail(fds[1]);
  char got[64] = {};
  uint32_t n = read_all(fds[0], reinterpret_cast<uint8_t*>(got), sizeof(got) - 1);
  check(StringView(got, n) == StringView("redirected 42\n"), "the pipe held '{}'", StringView(got, n));
  expect_child_ok(pid, "redirected child");
  close_or_fail(fds[0]);
}

// The exec'd image of step 6: argv[2] must be closed, argv[3] open for writing.
int check_exec_descriptors(char** argv) {
  auto closed = parse_uint(StringView(argv[2]));
  auto open = parse_uint(StringView(argv[3]));
  if (!closed || !open) return 2;
  auto r = sys::write(static_cast<int>(closed.value()), "c", 1);
  if (r || r.error() != Error::BadDescriptor) return 3;
  return sys::write(static_cast<int>(open.value()), "kept", 4) ? 0 : 4;
}

void step_cloexec() {
  msg("6. execve closes O_CLOEXEC descriptors and keeps the others");
  int closing[2];
  int keeping[2];
  open_pipe(closing, sys::kOpenCloexec);
  open_pipe(keeping);
  char closed_text[12], open_text[12];
  format_to(closed_text, sizeof(closed_text), "{}", closing[1]);
  format_to(open_text, sizeof(open_text), "{}", keeping[1]);
  int pid = fork_or_fail();
  if (pid == 0) {
    const char* argv[] = {"t_pipe", "exec-check", closed_text, open_text, nullptr};
    auto r = sys::execve("/bin/t_pipe", argv, nullptr);
    fail_test("execve: {}", r.error());
  }
  close_or_fail(keeping[1]);
  char got[8] = {};
  uint32_t n = read_all(keeping[0], reinterpret_cast<uint8_t*>(got), sizeof(got) - 1);
  check(StringView(got, n) == StringView("kept"), "the kept descriptor carried '{}'", StringView(got, n));
  expect_child_ok(pid, "exec'd image");
  for (int fd : {closing[0], closing[1], keeping[0]}) close_or_fail(fd);
}

void step_nonblock() {
  msg("7. O_NONBLOCK: EAGAIN on an empty pipe and on a full one (16384 bytes fit)");
  int fds[2];
  open_pipe(fds, sys::kOpenNonblock);
  auto fl = sys::fcntl(fds[0], sys::kFcntlGetFl);
  check(fl && (static_cast<uint32_t>(fl.value()) & sys::kOpenNonblock), "F_GETFL lacks O_NONBLOCK");
  expect_fail("read of an empty pipe", sys::read(fds[0], buffer, 1), Error::TryAgain);
  uint32_t written = 0;
  for (;;) {
    auto n = sys::write(fds[1], buffer, 1000);
    if (!n) {
      check(n.error() == Error::TryAgain, "a full pipe gave {}", n.error());
      break;
    }
    written += static_cast<uint32_t>(n.value());
    check(written <= kCapacity, "more than the capacity went in");
  }
  check(written == 16000, "{} bytes went in before EAGAIN", written);
  check(sys::fcntl(fds[1], sys::kFcntlSetFl, 0).has_value(), "F_SETFL 0");
  auto cleared = sys::fcntl(fds[1], sys::kFcntlGetFl);
  check(cleared && cleared.value() == 1, "F_GETFL after clearing O_NONBLOCK: {}", cleared ? cleared.value() : -1);
  close_or_fail(fds[0]);
  close_or_fail(fds[1]);
}

void step_atomic() {
  msg("8. writes of PIPE_BUF (4096) bytes from two writers never interleave");
  int fds[2];
  open_pipe(fds);
  int writers[2];
  for (int w = 0; w < 2; ++w) {
    writers[w] = fork_or_fail();
    if (writers[w] == 0) {
      close_or_fail(fds[0]);
      for (uint32_t i = 0; i < kAtomic; ++i) buffer[i] = static_cast<uint8_t>('A' + w);
      for (int r = 0; r < kRounds; ++r) {
        auto n = sys::write(fds[1], buffer, kAtomic);
        if (!n || n.value() != kAtomic) exit(1);
        (void)sys::sched_yield();
      }
      exit(0);
    }
  }
  close_or_fail(fds[1]);
  uint32_t got = read_all(fds[0], buffer, sizeof(buffer));
  check(got == 2 * kRounds * kAtomic, "read {} bytes", got);
  for (uint32_t block = 0; block < got / kAtomic; ++block)
    for (uint32_t i = 1; i < kAtomic; ++i)
      if (buffer[block * kAtomic + i] != buffer[block * kAtomic]) fail_test("block {} is mixed at {}", block, i);
  expect_child_ok(writers[0], "writer A");
  expect_child_ok(writers[1], "writer B");
  close_or_fail(fds[0]);
}

struct PollFd {
  int32_t fd;
  uint16_t events;
  uint16_t revents;
};
constexpr uint16_t kPollIn = 1, kPollOut = 4, kPollErr = 8, kPollHup = 16, kPollNval = 32;

int poll(PollFd* fds, uint32_t n, int timeout_ms) {
  int32_t r = sys::poll(reinterpret_cast<uint32_t>(fds), n, timeout_ms);
  if (r < 0) fail_test("poll: {}", static_cast<Error>(-r));
  return r;
}

void step_poll() {
  msg("9. poll and select: readiness of both ends, a wait that a child's write ends, the timeout, POLLHUP");
  int fds[2];
  open_pipe(fds);
  PollFd p[3] = {{fds[0], kPollIn, 0}, {fds[1], kPollOut, 0}, {99, kPollIn, 0}};
  check(poll(p, 3, 0) == 2 && p[0].revents == 0 && p[1].revents == kPollOut && p[2].revents == kPollNval,
        "an empty pipe: {:#x} {:#x} {:#x}", p[0].revents, p[1].revents, p[2].revents);
  uint64_t before = now_ms();
  check(poll(p, 1, 50) == 0, "a timed poll of an empty pipe");
  check(now_ms() - before >= 50, "poll returned before its timeout");
  int pid = fork_or_fail();
  if (pid == 0) {
    (void)sleep_ms(30);
    write_all(fds[1], reinterpret_cast<const uint8_t*>("z"), 1);
    exit(0);
  }
  check(poll(p, 1, -1) == 1 && p[0].revents == kPollIn, "poll did not see the child's byte");
  expect_child_ok(pid, "poll writer");
  // select: the same pipe, readable now; the write end writable.
  uint32_t readable = 1u << fds[0], writable = 1u << fds[1];
  int32_t n = sys::select(static_cast<uint32_t>(fds[1] + 1), reinterpret_cast<uint32_t>(&readable),
                              reinterpret_cast<uint32_t>(&writable), 0, 0);
  check(n == 2 && readable == (1u << fds[0]) && writable == (1u << fds[1]), "select gave {}", n);
  uint32_t closed = 1u << 8;  // descriptor 8 is not open
  n = sys::select(9, reinterpret_cast<uint32_t>(&closed), 0, 0, 0);
  check(n == -static_cast<int32_t>(Error::BadDescriptor), "select of a closed descriptor gave {}", n);
  close_or_fail(fds[1]);
  PollFd hup = {fds[0], kPollIn, 0};
  check(poll(&hup, 1, 0) == 1 && hup.revents == (kPollIn | kPollHup), "after the last writer: {:#x}", hup.revents);
  char c;
  (void)sys::read(fds[0], &c, 1);
  check(poll(&hup, 1, 0) == 1 && hup.revents == kPollHup, "drained: {:#x}", hup.revents);
  int again[2];
  open_pipe(again);
  close_or_fail(again[0]);
  PollFd err = {again[1], kPollOut, 0};
  check(poll(&err, 1, 0) == 1 && err.revents == kPollErr, "a write end with no reader: {:#x}", err.revents);
  close_or_fail(again[1]);
  close_or_fail(fds[0]);
}

void step_stat() {
  msg("10. fstat64, fstatat64 and statx of descriptors: the console is a character device, a pipe a FIFO");
  abi::Stat64 st{};
  check(sys::fstat64(1, &st) == 0 && st.st_mode == (abi::kModeChar | 0620) && st.st_rdev == ((5u << 8) | 1),
        "fstat64(1): mode {:#o} rdev {:#x}", st.st_mode, static_cast<uint32_t>(st.st_rdev));
  int fds[2];
  open_pipe(fds);
  abi::Stat64 a{}, b{};
  check(sys::fstat64(fds[0], &a) == 0 && sys::fstatat64(fds[1], "", &b, abi::kAtEmptyPath) == 0, "fstat of a pipe");
  check(a.st_mode == (abi::kModeFifo | 0600) && b.st_mode == a.st_mode && a.st_ino == b.st_ino && a.st_ino != 0,
        "the pipe's ends: mode {:#o} {:#o}, inode {} {}", a.st_mode, b.st_mode, static_cast<uint32_t>(a.st_ino),
        static_cast<uint32_t>(b.st_ino));
  abi::Statx x{};
  check(sys::statx(fds[0], "", abi::kAtEmptyPath, abi::kStatxBasicStats, &x) == 0 &&
            x.stx_mode == (abi::kModeFifo | 0600) && x.stx_ino == a.st_ino && (x.stx_mask & abi::kStatxBasicStats),
        "statx of the pipe: mode {:#o}", x.stx_mode);
  check(sys::statx(0, "", abi::kAtEmptyPath, abi::kStatxBasicStats, &x) == 0 && x.stx_rdev_major == 5 &&
            x.stx_rdev_minor == 1, "statx of the console");
  check(sys::fstat64(9, &st) == -static_cast<int32_t>(Error::BadDescriptor), "fstat64 of a closed descriptor");
  check(sys::statx(fds[0], "", 0x40000000, 0, &x) == -static_cast<int32_t>(Error::InvalidArgument), "statx flags");
  check(sys::statx(fds[0], "", abi::kAtEmptyPath, 0, reinterpret_cast<void*>(0x10)) ==
            -static_cast<int32_t>(Error::BadAddress), "statx to a bad buffer");
  check(sys::statx(-100, "/bin/t_pipe", 0, abi::kStatxBasicStats, &x) == 0 &&
            x.stx_mode == (abi::kModeRegular | 0555) && x.stx_size > 0,
        "statx of a path: mode {:#o} size {}", x.stx_mode, x.stx_size);
  close_or_fail(fds[0]);
  close_or_fail(fds[1]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && StringView(argv[1]) == StringView("exec-check")) return check_exec_descriptors(argv);
  test_begin("t_pipe");
  step_basic();
  step_bulk();
  step_broken_pipe();
  step_dup();
  step_redirect();
  step_cloexec();
  step_nonblock();
  step_atomic();
  step_poll();
  step_stat();
  test_end();
  return 0;
}
