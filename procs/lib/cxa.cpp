// The pieces of the C++ ABI runtime a freestanding program can still need. Exceptions and RTTI are off
// (-fno-exceptions -fno-rtti) and function-local statics are not guarded (-fno-threadsafe-statics), so
// only the pure-virtual trap remains; __cxa_atexit lives in exit.cpp with the other exit handlers.
#include "procs/lib/print.h"
#include "procs/lib/runtime.h"

extern "C" {

// Called through a vtable slot of an abstract class, e.g. a virtual call from a base-class destructor.
void __cxa_pure_virtual() {
  cw::user::eprint("fatal: pure virtual function called\n");
  abort();
}

}  // extern "C"
