// exit, abort, atexit and the C++ ABI's __cxa_atexit (runtime.h).
//
// Destructors of static objects: with -fno-use-cxa-atexit GCC puts them in .fini_array (procs/user.ld
// brackets it with __fini_array_start/end), which exit() runs in reverse after the atexit handlers, the
// reverse of construction order. __cxa_atexit is provided for code compiled without that flag.
#include "procs/lib/runtime.h"

#include <cstddef>

#include "procs/lib/print.h"
#include "procs/lib/syscall.h"

namespace {

struct Handler {
  void (*plain)();        // atexit
  void (*with_arg)(void*);  // __cxa_atexit
  void* arg;
};

constexpr size_t kMaxHandlers = 32;
Handler handlers[kMaxHandlers];
size_t handler_count = 0;
bool exiting = false;

}  // namespace

using Destructor = void (*)();
extern "C" const Destructor __fini_array_start[];
extern "C" const Destructor __fini_array_end[];

extern "C" {

void* __dso_handle = nullptr;

int atexit(void (*handler)()) {
  if (handler_count == kMaxHandlers) return -1;
  handlers[handler_count++] = Handler{handler, nullptr, nullptr};
  return 0;
}

int __cxa_atexit(void (*handler)(void*), void* arg, void* /*dso*/) {
  if (handler_count == kMaxHandlers) return -1;
  handlers[handler_count++] = Handler{nullptr, handler, arg};
  return 0;
}

void exit(int status) {
  // A handler that calls exit() again must not rerun the handlers before it.
  if (!exiting) {
    exiting = true;
    while (handler_count > 0) {
      const Handler& h = handlers[--handler_count];
      if (h.plain) h.plain(); else h.with_arg(h.arg);
    }
    for (const Destructor* d = __fini_array_end; d != __fini_array_start;) (*--d)();
  }
  cw::user::flush_output();
  cw::sys::exit_group(status);
}

void abort() {
  cw::user::flush_output();
  __builtin_trap();
}

}  // extern "C"
