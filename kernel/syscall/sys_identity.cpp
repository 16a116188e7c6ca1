// Who the caller is: uname, gettid, set_tid_address, the user and group ids, umask, and the process
// group and session calls (docs/abi.md "Identity").
//
// Clockwork is single-user: every process runs as root (uid = gid = 0, real and effective), so the id
// calls cannot fail. Process groups and sessions are real: every process has a pgid and a sid, inherited
// by fork and spawn; a process the kernel starts (init) leads its own session and group.
#include "kernel/arch/cpu.h"
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/user_memory.h"
#include "kernel/version.h"
#include "lib/abi/linux_structs.h"

namespace cw::syscall {

namespace {

void put_field(char (&field)[abi::kUtsFieldSize], const char* text) {
  size_t i = 0;
  for (; text[i] != '\0' && i + 1 < abi::kUtsFieldSize; ++i) field[i] = text[i];
}

// The process `pid` names, 0 being the caller (zombies count, as on Linux until they are reaped).
// Precondition: interrupts off (the table must not change under the caller).
Process* target(int32_t pid) { return pid == 0 ? proc::current() : proc::find(pid); }

bool group_exists_in_session(int32_t pgid, int32_t sid) {
  for (Process* p = proc::first(); p; p = p->next)
    if (p->pgid == pgid && p->sid == sid) return true;
  return false;
}

}  // namespace

// uname: sysname "Clockwork", a Linux-style release "6.1.0-clockwork-<version>" (programs that parse the
// release as a Linux version see 6.1.0, newer than anything glibc 2.36 requires), machine "i686".
int32_t sys_uname(const Args& a) {
  abi::Utsname u{};
  put_field(u.sysname, "Clockwork");
  put_field(u.nodename, "clockwork");
  char release[abi::kUtsFieldSize] = "6.1.0-clockwork-";
  size_t n = 16;
  for (size_t i = 0; kVersion[i] != '\0' && n + 1 < sizeof(release); ++i) release[n++] = kVersion[i];
  put_field(u.release, release);
  put_field(u.version, "#1 Clockwork");
  put_field(u.machine, "i686");
  put_field(u.domainname, "(none)");
  return to_return(write_user(a.a[0], u));
}

// One thread per process: the thread id is the pid.
int32_t sys_gettid(const Args&) { return proc::current()->pid; }

// set_tid_address(tidptr): like CLONE_CHILD_CLEARTID, exit writes 0 at tidptr (a bad pointer is only
// found then, and ignored, as on Linux). Returns the caller's tid.
int32_t sys_set_tid_address(const Args& a) {
  Process* self = proc::current();
  self->clear_child_tid = a.a[0];
  return self->pid;
}

int32_t sys_root_id(const Args&) { return 0; }

// getgroups(size, list) and getgroups32: every process is root with no supplementary groups (Clockwork has
// no setgroups and no /etc/group), so the list is empty: 0, nothing written. EINVAL for a negative size,
// as Linux.
int32_t sys_getgroups(const Args& a) {
  if (static_cast<int32_t>(a.a[0]) < 0) return error_return(Error::InvalidArgument);
  return 0;
}

// umask(mask): stores mask & 0777 and returns the previous mask. Nothing creates files yet; the mask is
// inherited by children.
int32_t sys_umask(const Args& a) {
  Process* self = proc::current();
  uint32_t old = self->umask;
  self->umask = a.a[0] & 0777;
  return static_cast<int32_t>(old);
}

int32_t sys_getpgrp(const Args&) { return proc::current()->pgid; }

int32_t sys_getpgid(const Args& a) {
  cpu::InterruptGuard guard;
  Process* p = target(static_cast<int32_t>(a.a[0]));
  return p ? p->pgid : error_return(Error::NoProcess);
}

int32_t sys_getsid(const Args& a) {
  cpu::InterruptGuard guard;
  Process* p = target(static_cast<int32_t>(a.a[0]));
  return p ? p->sid : error_return(Error::NoProcess);
}

// setpgid(pid, pgid), Linux's rules (kernel/sys.c): pid 0 is the caller, pgid 0 is pid, a negative pgid
// EINVAL; the target must be the caller or a child of it (else ESRCH); a child in another session is
// EPERM and one that has run a program of its own (spawned) EACCES; a session leader cannot move (EPERM);
// joining another group needs that group to exist in the caller's session (EPERM).
int32_t sys_setpgid(const Args& a) {
  cpu::InterruptGuard guard;
  Process* self = proc::current();
  auto pid = static_cast<int32_t>(a.a[0]);
  auto pgid = static_cast<int32_t>(a.a[1]);
  if (pid == 0) pid = self->pid;
  if (pgid == 0) pgid = pid;
  if (pgid < 0) return error_return(Error::InvalidArgument);
  Process* p = proc::find(pid);
  if (!p) return error_return(Error::NoProcess);
  if (p != self) {
    if (p->parent_pid != self->pid) return error_return(Error::NoProcess);
    if (p->sid != self->sid) return error_return(Error::Permission);
    if (p->ran_program) return error_return(Error::AccessDenied);
  }
  if (p->sid == p->pid) return error_return(Error::Permission);
  if (pgid != pid && !group_exists_in_session(pgid, self->sid)) return error_return(Error::Permission);
  p->pgid = pgid;
  return 0;
}

// setsid(): EPERM when a process group with the caller's pid exists (the caller leads a group, or a
// process still in the group it once led); otherwise the caller leads a new session and group.
int32_t sys_setsid(const Args&) {
  cpu::InterruptGuard guard;
  Process* self = proc::current();
  for (Process* p = proc::first(); p; p = p->next)
    if (p->pgid == self->pid) return error_return(Error::Permission);
  self->sid = self->pgid = self->pid;
  return self->sid;
}

}  // namespace cw::syscall
