#include "kernel/proc/command_line.h"

#include "kernel/heap.h"

namespace cw::proc {

CommandLine::~CommandLine() { kfree(text_); }

Result<void> CommandLine::assign(const char* text, uint32_t length) {
  char* copy = nullptr;
  if (length > 0) {
    copy = static_cast<char*>(TRY(kmalloc(length)));
    __builtin_memcpy(copy, text, length);
  }
  kfree(text_);
  text_ = copy;
  length_ = length;
  return {};
}

Result<void> CommandLine::make(const ExecArgs& args, CommandLine& out) {
  // The arguments come first in the strings (kernel/proc/exec_args.h), each with its NUL.
  const char* s = args.strings();
  uint32_t length = 0;
  for (uint32_t i = 0; i < args.argc(); ++i) length += static_cast<uint32_t>(StringView(s + length).size()) + 1;
  return out.assign(s, length);
}

Result<void> CommandLine::copy(const CommandLine& other, CommandLine& out) {
  return out.assign(other.text_, other.length_);
}

void CommandLine::take(CommandLine& other) {
  kfree(text_);
  text_ = other.text_;
  length_ = other.length_;
  other.text_ = nullptr;
  other.length_ = 0;
}

}  // namespace cw::proc
