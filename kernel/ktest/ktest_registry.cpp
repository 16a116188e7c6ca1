// Every in-kernel test, by name (ktest=NAME).
#include "kernel/ktest/ktest.h"

namespace cw::ktest {

bool threads_test();

const TestCase kTests[] = {
    {"threads", threads_test},
};
const size_t kTestCount = sizeof(kTests) / sizeof(kTests[0]);

}  // namespace cw::ktest
