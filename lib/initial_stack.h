// The initial user stack of a new image, laid out as Linux i386 builds it for a static ELF executable
// (Linux fs/binfmt_elf.c create_elf_tables, fs/exec.c copy_strings; the i386 psABI "Process
// Initialization"). From the top of the stack down:
//
//   stack_top -> 4 zero bytes (Linux's end marker)
//                execfn string            the file name execve was given (AT_EXECFN points here)
//                envp strings, argv strings (argv[0] lowest)
//                platform string "i686"   (AT_PLATFORM)
//                16 random bytes          (AT_RANDOM; glibc seeds its stack protector and pointer guard)
//                padding to 16 bytes
//                auxv pairs ... AT_NULL 0
//                NULL, envp[envc-1] .. envp[0]
//                NULL, argv[argc-1] .. argv[0]
//   esp       -> argc                      16-byte aligned, as the psABI requires at process entry
//
// Hardware-independent: the block is built into a caller's buffer that stands for [esp, stack_top), and
// the kernel copies it out in one go. Host-tested (tests/host/initial_stack_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/result.h"

namespace cw {

// Auxiliary vector types (Linux include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h).
enum class AuxType : uint32_t {
  Null = 0,
  Phdr = 3,
  Phent = 4,
  Phnum = 5,
  Pagesz = 6,
  Base = 7,
  Flags = 8,
  Entry = 9,
  Uid = 11,
  Euid = 12,
  Gid = 13,
  Egid = 14,
  Platform = 15,
  Hwcap = 16,
  Clktck = 17,
  Secure = 23,
  Random = 25,
  Hwcap2 = 26,
  Execfn = 31,
  Minsigstksz = 51,
};

struct AuxEntry {
  AuxType type;
  uint32_t value;
};

struct InitialStackSpec {
  uint32_t stack_top = 0;      // exclusive; the block ends here
  // argc argument strings followed by envc environment strings, each NUL-terminated, back to back.
  const char* strings = nullptr;
  uint32_t strings_bytes = 0;
  uint32_t argc = 0;
  uint32_t envc = 0;
  const char* execfn = "";     // NUL-terminated
  const char* platform = "i686";
  uint8_t random[16] = {};
  // The entries whose values the caller knows (AT_PHDR, AT_ENTRY, ...). The builder appends AT_RANDOM,
  // AT_EXECFN and AT_PLATFORM (which point into the block) and the closing AT_NULL.
  static constexpr uint32_t kMaxAux = 24;
  AuxEntry aux[kMaxAux] = {};
  uint32_t aux_count = 0;
};

// The size of the block build_initial_stack() writes for `spec` (so the caller can allocate it and make
// the stack that large). InvalidArgument if the strings do not hold argc + envc NUL-terminated strings.
Result<uint32_t> initial_stack_size(const InitialStackSpec& spec);

// Writes the block into `out` (`capacity` bytes, at least initial_stack_size(spec)); out[0] is the byte
// at the returned esp, out[stack_top - esp - 1] the last byte below stack_top. Errors: InvalidArgument
// (malformed strings, too many aux entries), TooBig (capacity too small).
Result<uint32_t> build_initial_stack(const InitialStackSpec& spec, uint8_t* out, uint32_t capacity);

}  // namespace cw
