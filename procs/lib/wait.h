// Decoding waitpid status words (Linux encoding, lib/abi/syscall_numbers.h): a normal exit stores
// (code << 8), death by a signal stores the signal number in the low 7 bits. Named after the POSIX
// macros, but constexpr functions.
#pragma once

namespace cw::user {

constexpr bool WIFEXITED(int status) { return (status & 0x7F) == 0; }
constexpr int WEXITSTATUS(int status) { return (status >> 8) & 0xFF; }
// 0x7F in the low bits means "stopped" on Linux, which Clockwork never reports.
constexpr bool WIFSIGNALED(int status) { return (status & 0x7F) != 0 && (status & 0x7F) != 0x7F; }
constexpr int WTERMSIG(int status) { return status & 0x7F; }

// The shell convention for one number: the exit code, or 128 + signal for a killed process.
constexpr int shell_status(int status) {
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static_assert(WIFEXITED(3 << 8) && WEXITSTATUS(3 << 8) == 3 && !WIFSIGNALED(3 << 8));
static_assert(WIFSIGNALED(11) && WTERMSIG(11) == 11 && !WIFEXITED(11));
static_assert(shell_status(8) == 136);

}  // namespace cw::user
