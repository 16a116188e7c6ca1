// Code addresses and frame-pointer backtraces for panic and kernel exception reports, named with the
// embedded symbol table (kernel/debug/kernel_symbols.h). Safe to call with interrupts off and the kernel
// in any state: no allocation, no locks.
#pragma once

#include <cstdint>

namespace cw {

// Prints "0xc01024f2 <cw::crash_on_request+0x12>", or the bare hex address outside every function.
void print_code_address(uint32_t address);

// Prints "  backtrace:" and then, one per line, the return address of each frame on the frame-pointer
// chain starting at frame_pointer (an EBP value: the kernel is built with -fno-omit-frame-pointer), named
// as print_code_address does but looked up inside the call (lib/symbol_table.h). stack_pointer is the
// ESP of the stack the chain is on: the walk reads only frames within 16 KiB above it, and stops at a
// frame that is not above the one before, a zero return address, or after 16 frames.
void print_backtrace(uint32_t frame_pointer, uint32_t stack_pointer);

}  // namespace cw
