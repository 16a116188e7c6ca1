// The kernel's random numbers, for getrandom (docs/abi.md).
//
// A ChaCha20 generator (lib/chacha20.h) with fast key erasure: every request draws blocks under the
// current key, and the first block's first 32 bytes become the next key before any output is returned,
// so a later compromise of the kernel's state does not reveal earlier output. The key is seeded once at
// boot: with RDRAND when CPUID reports it (CPUID.01H:ECX[30], Intel SDM Vol 2B RDRAND), otherwise from
// the jitter between the TSC and the PIT (the low TSC bits at 32 successive timer ticks), and every
// request mixes in the TSC again. Under an emulator without RDRAND the jitter seed is weak; it is what
// this machine has.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cw::random {

// Seeds the generator. Needs the PIT running and interrupts enabled (the jitter seed waits for ticks).
void init();

bool has_rdrand();

// Fills out[0..length) with random bytes. Precondition: init() was called.
void fill(uint8_t* out, size_t length);

}  // namespace cw::random
