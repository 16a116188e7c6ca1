#include "procs/lib/environment.h"

char** environ = nullptr;

namespace cw::user {

const char* getenv(StringView name) {
  if (!environ) return nullptr;
  for (char** entry = environ; *entry; ++entry) {
    StringView variable(*entry);
    if (variable.size() > name.size() && variable.starts_with(name) && variable[name.size()] == '=')
      return *entry + name.size() + 1;
  }
  return nullptr;
}

}  // namespace cw::user
