// The C process-lifetime functions of the user library (there is no libc). They have C names so that
// crt0.asm and any C-style code can call them.
#pragma once

extern "C" {

// Runs the atexit handlers (last registered first), then the destructors of static objects, flushes
// the print()/eprint() buffers and ends the process with `status & 0xFF`. crt0 calls it with main's
// return value.
[[noreturn]] void exit(int status);

// Flushes the print buffers and executes ud2: the kernel kills the process with SIGILL, so a parent sees
// "killed by signal 4". Used for broken invariants (heap corruption, pure virtual calls).
[[noreturn]] void abort();

// Registers `handler` to run at exit(). At most 32 handlers; returns 0, or -1 when the table is full.
int atexit(void (*handler)());

}  // extern "C"
