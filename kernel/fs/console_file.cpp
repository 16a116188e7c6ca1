#include "kernel/fs/console_file.h"

#include "kernel/fs/readiness.h"
#include "kernel/fs/dev/dev_directory.h"

#include "kernel/arch/cpu.h"
#include "kernel/console.h"
#include "kernel/console_input.h"
#include "kernel/heap.h"
#include "kernel/proc/process.h"
#include "kernel/signal/job_control.h"
#include "kernel/signal/send.h"
#include "kernel/sync/lock_guard.h"
#include "kernel/sync/mutex.h"
#include "kernel/syscall/user_memory.h"
#include "lib/abi/syscall_numbers.h"
#include "lib/abi/stat.h"
#include "lib/abi/termios.h"

namespace cw::fs {

namespace {

using syscall::current_space;

inline constexpr uint32_t kChunk = 256;

// One write() reaches the console in one piece, as a Linux tty write does (its atomic_write_lock): the
// chunks of a long write may sleep for a page-in, and another process must not write in between.
Mutex console_writers;

// Whether `id` is in use as a process or process-group id: Linux's find_vpid finds the group of a
// leader that has exited and been reaped while other members run (ash's `echo a | awk ...`: echo leads
// the group and is reaped before awk, a member, makes the group the terminal's foreground).
// Precondition: interrupts off.
bool id_in_use(int32_t id) {
  for (Process* p = proc::first(); p; p = p->next)
    if (p->pid == id || p->pgid == id) return true;
  return false;
}

// TIOCSPGRP as Linux checks it, minus sessions: a negative pid is EINVAL, an id that no process (not
// even a zombie) has as its pid or process group ESRCH.
Result<void> set_foreground(uint32_t pid_address) {
  int32_t pid = TRY(syscall::read_user<int32_t>(pid_address));
  if (pid < 0) return Error::InvalidArgument;
  cpu::InterruptGuard guard;
  if (!id_in_use(pid)) return Error::NoProcess;
  console_input::set_foreground(pid);
  return {};
}

// TIOCGPGRP: the foreground process once TIOCSPGRP named one. Before that, a session leader is told its
// own group: the console is then its controlling terminal with its group in the foreground, as Linux's
// tty_open makes a terminal for a session leader that has none (busybox ash, started as init, checks
// that its group is the terminal's before it turns job control on, and loops on SIGTTIN otherwise).
// Anyone else: 0, no foreground.
int32_t foreground_for_caller() {
  int32_t foreground = console_input::foreground();
  if (foreground != 0) return foreground;
  cpu::InterruptGuard guard;
  Process* p = proc::current();
  return p && p->sid == p->pid ? p->pgid : 0;
}

// The one terminal's settings, shared by its input and output files: what TCGETS reports and TCSETS
// changed. ECHO, ICANON and ISIG take effect (kernel/console_input.h); the other bits are kept and
// reported but change nothing (the serial driver maps CR to NL and DEL to BS whatever c_iflag says).
abi::Termios settings = abi::default_termios();
abi::Winsize window{25, 80, 0, 0};  // the VGA text screen's size

Result<int32_t> set_termios(uint32_t argument, bool flush_input) {
  abi::Termios t = TRY(syscall::read_user<abi::Termios>(argument));
  settings = t;
  console_input::set_echo((t.c_lflag & abi::kEcho) != 0);
  console_input::set_canonical((t.c_lflag & abi::kIcanon) != 0);
  console_input::set_signals((t.c_lflag & abi::kIsig) != 0);
  if (flush_input) console_input::flush();
  return 0;
}

class Terminal : public File {
public:
  using File::File;

  // /dev/console, a character device (5, 1) writable by its group, as Linux shows it: mode 0620.
  FileStatus status() const override {
    FileStatus s = dev::console_status();
    s.block_size = 1024;  // a tty's st_blksize on Linux
    return s;
  }
  // Every description of the terminal (the console a process starts with, /dev/console, /dev/tty) is
  // the console: Linux names a process's console descriptors so.
  Result<uint32_t> pseudo_name(char* out, uint32_t capacity) const override {
    static constexpr char kName[] = "/dev/console";
    if (sizeof(kName) - 1 > capacity) return Error::Range;
    __builtin_memcpy(out, kName, sizeof(kName) - 1);
    return static_cast<uint32_t>(sizeof(kName) - 1);
  }

  Result<int32_t> ioctl(uint32_t request, uint32_t argument) override {
    switch (request) {
      case abi::kTcgets:
        TRY(syscall::write_user(argument, settings));
        return 0;
      case abi::kTcsets:
      case abi::kTcsetsw: return set_termios(argument, false);
      case abi::kTcsetsf: return set_termios(argument, true);
      case abi::kTiocgwinsz:
        TRY(syscall::write_user(argument, window));
        return 0;
      case abi::kTiocswinsz:
        window = TRY(syscall::read_user<abi::Winsize>(argument));
        return 0;
      case abi::kTiocGpgrp:
        TRY(syscall::write_user<int32_t>(argument, foreground_for_caller()));
        return 0;
      case abi::kTiocSpgrp:
        TRY(set_foreground(argument));
        return 0;
      default: return Error::NotTty;  // Linux: any other request on a terminal
    }
  }

protected:
  bool on_heap() const override { return false; }
};

// Linux n_tty's job_control(): a reader outside the foreground process group of the terminal's session
// (the session of the foreground group's members: Clockwork's one console is every session's) is
// sent SIGTTIN and the read is cut short, to be restarted once the process is continued in the
// foreground. EIO instead when SIGTTIN could not stop it: ignored, blocked, or an orphaned group.
Result<void> check_background_read() {
  cpu::InterruptGuard guard;
  int32_t foreground = console_input::foreground();
  Process* self = proc::current();
  if (foreground == 0 || !self || self->pgid == foreground) return {};
  Process* member = proc::first();
  while (member && (member->pgid != foreground || member->state == ProcessState::Zombie)) member = member->next;
  if (!member || member->sid != self->sid) return {};  // no foreground job now, or another session's
  const signal::SignalState& s = self->signals;
  if (s.ignores(abi::kSigTtin) || s.blocked().contains(abi::kSigTtin) || signal::group_is_orphaned(self->pgid))
    return Error::Io;
  (void)signal::kill_group(nullptr, self->pgid, abi::kSigTtin);
  return Error::Interrupted;
}

Result<uint32_t> terminal_read(uint32_t address, uint32_t length) {
  TRY(check_background_read());
  char chunk[kChunk];
  size_t got = TRY(console_input::read_line(chunk, length < kChunk ? length : kChunk));
  TRY(current_space().copy_out(VirtAddr(address), chunk, static_cast<uint32_t>(got)));
  return static_cast<uint32_t>(got);
}

Result<uint32_t> terminal_write(uint32_t address, uint32_t length) {
  char chunk[kChunk];
  LockGuard guard(console_writers);
  for (uint32_t done = 0; done < length;) {
    uint32_t n = length - done < kChunk ? length - done : kChunk;
    auto copied = current_space().copy_in(chunk, VirtAddr(address + done), n);
    if (!copied) {
      if (done > 0) return done;
      return copied.error();
    }
    console::write(chunk, n);
    done += n;
  }
  return length;
}

class ConsoleInput final : public Terminal {
public:
  ConsoleInput() : Terminal(kOpenReadOnly) {}

  Result<uint32_t> read(uint32_t address, uint32_t length) override { return terminal_read(address, length); }
  Result<uint32_t> write(uint32_t, uint32_t) override { return Error::BadDescriptor; }
  uint16_t ready() const override { return console_input::has_line() ? kPollIn : 0; }
};

class ConsoleOutput final : public Terminal {
public:
  ConsoleOutput() : Terminal(kOpenWriteOnly) {}

  Result<uint32_t> read(uint32_t, uint32_t) override { return Error::BadDescriptor; }
  uint16_t ready() const override { return kPollOut; }  // console output never blocks
  Result<uint32_t> write(uint32_t address, uint32_t length) override { return terminal_write(address, length); }
};

// The terminal opened by name (/dev/console, /dev/tty): one description per open, with the access
// mode asked for.
class ConsoleDevice final : public Terminal {
public:
  explicit ConsoleDevice(uint32_t flags) : Terminal(flags) {}

  Result<uint32_t> read(uint32_t address, uint32_t length) override { return terminal_read(address, length); }
  Result<uint32_t> write(uint32_t address, uint32_t length) override { return terminal_write(address, length); }
  uint16_t ready() const override {
    uint16_t events = 0;
    if (readable() && console_input::has_line()) events |= kPollIn;
    if (writable()) events |= kPollOut;
    return events;
  }

protected:
  bool on_heap() const override { return true; }
};

ConsoleInput input;
ConsoleOutput output;

}  // namespace

File& console_input_file() { return input; }
File& console_output_file() { return output; }

Result<File*> open_console(uint32_t flags) {
  auto file = TRY(try_new<ConsoleDevice>(flags & ~kOpenCloexec));
  return static_cast<File*>(file);
}

}  // namespace cw::fs
