// Running one deliberately misbehaving child and checking how it ended: the pattern of the fault and
// hostile-instruction tests (t_faults, t_descriptors). Each test spawns itself as `PROGRAM KIND`; the child
// commits one act and should never get further, and the parent checks the waitpid status Linux-style.
#pragma once

namespace cw::user {

// Spawns `program kind`, waits for it and returns its waitpid status word. Fails the test on a spawn or
// waitpid error, or when waitpid reports another pid.
int run_child(const char* program, const char* kind);

// Fails the test unless `program kind` was killed by `signal`; prints "(test) KIND: killed by signal N".
void expect_killed_by(const char* program, const char* kind, int signal);

// Fails the test unless `program kind` exited normally with `code`; prints "(test) KIND: exited with N".
void expect_exit(const char* program, const char* kind, int code);

}  // namespace cw::user
