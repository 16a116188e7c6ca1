#include "tools/policysim/cli.h"

#include <fstream>
#include <string>
#include <vector>

#include "tools/policysim/policy_menu.h"
#include "tools/policysim/trace.h"

namespace cw::policysim {

namespace {

constexpr const char* kUsage =
    "usage: policysim --trace FILE --sizes N[,N...] [--policies NAME[,NAME...]]";

struct Options {
  std::string trace_path;
  std::vector<uint32_t> sizes;
  std::vector<SimPolicy> policies = all_policies();
};

bool parse_options(int argc, const char* const* argv, Options& options, std::string& error) {
  bool have_sizes = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) {
      error = "missing value after " + flag;
      return false;
    }
    std::string value = argv[++i];
    if (flag == "--trace") {
      options.trace_path = value;
    } else if (flag == "--sizes") {
      if (!parse_sizes(value, options.sizes, error)) return false;
      have_sizes = true;
    } else if (flag == "--policies") {
      if (!parse_policy_list(value, options.policies, error)) return false;
    } else {
      error = "unknown option " + flag;
      return false;
    }
  }
  if (options.trace_path.empty() || !have_sizes) {
    error = kUsage;
    return false;
  }
  return true;
}

}  // namespace

int policysim_main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Options options;
  std::string error;
  if (!parse_options(argc, argv, options, error)) {
    err << "policysim: " << error << "\n";
    return 2;
  }
  std::ifstream file(options.trace_path);
  if (!file) {
    err << "policysim: cannot open " << options.trace_path << "\n";
    return 1;
  }
  Trace trace;
  if (!read_trace(file, trace, error)) {
    err << "policysim: " << options.trace_path << ": " << error << "\n";
    return 1;
  }
  out << "policy,size,faults,writebacks\n";
  for (const SimPolicy& policy : options.policies) {
    for (uint32_t size : options.sizes) {
      SimCounts counts;
      if (!run_policy(policy, trace, size, counts)) {
        err << "policysim: " << policy.name << " found no victim at size " << size << "\n";
        return 1;
      }
      out << policy.name << ',' << size << ',' << counts.faults << ',' << counts.writebacks << '\n';
    }
  }
  return 0;
}

}  // namespace cw::policysim
