#include "lib/initial_stack.h"

namespace cw {

namespace {

inline constexpr uint32_t kWord = 4;
inline constexpr uint32_t kEndMarker = 4;   // the zero word at the very top (Linux bprm->p starts below it)
inline constexpr uint32_t kRandomBytes = 16;
inline constexpr uint32_t kAddedAux = 4;    // AT_RANDOM, AT_EXECFN, AT_PLATFORM, AT_NULL

uint32_t string_size(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n + 1;
}

// True if `bytes` hold exactly `count` NUL-terminated strings.
bool holds_strings(const char* bytes, uint32_t size, uint32_t count) {
  uint32_t seen = 0;
  for (uint32_t i = 0; i < size; ++i)
    if (bytes[i] == '\0') ++seen;
  return seen == count && (size == 0 || bytes[size - 1] == '\0');
}

struct Layout {
  uint32_t execfn_at;
  uint32_t strings_at;
  uint32_t platform_at;
  uint32_t random_at;
  uint32_t esp;
};

Result<Layout> lay_out(const InitialStackSpec& spec) {
  if (!holds_strings(spec.strings, spec.strings_bytes, spec.argc + spec.envc)) return Error::InvalidArgument;
  if (spec.aux_count > InitialStackSpec::kMaxAux) return Error::InvalidArgument;
  Layout l{};
  l.execfn_at = spec.stack_top - kEndMarker - string_size(spec.execfn);
  l.strings_at = l.execfn_at - spec.strings_bytes;
  l.platform_at = l.strings_at - string_size(spec.platform);
  l.random_at = (l.platform_at - kRandomBytes) & ~(kWord - 1);
  uint32_t words = 1 + (spec.argc + 1) + (spec.envc + 1) + 2 * (spec.aux_count + kAddedAux);
  l.esp = (l.random_at - words * kWord) & ~15u;
  return l;
}

}  // namespace

Result<uint32_t> initial_stack_size(const InitialStackSpec& spec) {
  Layout l = TRY(lay_out(spec));
  return spec.stack_top - l.esp;
}

Result<uint32_t> build_initial_stack(const InitialStackSpec& spec, uint8_t* out, uint32_t capacity) {
  Layout l = TRY(lay_out(spec));
  uint32_t size = spec.stack_top - l.esp;
  if (size > capacity) return Error::TooBig;
  auto at = [&](uint32_t address) { return out + (address - l.esp); };
  auto put_word = [&](uint32_t address, uint32_t value) { __builtin_memcpy(at(address), &value, kWord); };
  __builtin_memset(out, 0, size);
  __builtin_memcpy(at(l.execfn_at), spec.execfn, string_size(spec.execfn));
  __builtin_memcpy(at(l.strings_at), spec.strings, spec.strings_bytes);
  __builtin_memcpy(at(l.platform_at), spec.platform, string_size(spec.platform));
  __builtin_memcpy(at(l.random_at), spec.random, kRandomBytes);

  uint32_t cursor = l.esp;
  auto push = [&](uint32_t value) {
    put_word(cursor, value);
    cursor += kWord;
  };
  push(spec.argc);
  uint32_t string = l.strings_at;
  for (uint32_t i = 0; i < spec.argc + spec.envc; ++i) {
    if (i == spec.argc) push(0);  // argv's NULL
    push(string);
    string += string_size(spec.strings + (string - l.strings_at));
  }
  if (spec.envc == 0) push(0);  // no environment: argv's NULL was not pushed in the loop
  push(0);                                          // envp's NULL
  for (uint32_t i = 0; i < spec.aux_count; ++i) {
    push(static_cast<uint32_t>(spec.aux[i].type));
    push(spec.aux[i].value);
  }
  push(static_cast<uint32_t>(AuxType::Random));
  push(l.random_at);
  push(static_cast<uint32_t>(AuxType::Execfn));
  push(l.execfn_at);
  push(static_cast<uint32_t>(AuxType::Platform));
  push(l.platform_at);
  push(static_cast<uint32_t>(AuxType::Null));
  push(0);
  return l.esp;
}

}  // namespace cw
