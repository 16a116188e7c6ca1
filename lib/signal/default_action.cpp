#include "lib/signal/default_action.h"

#include "lib/abi/signal.h"
#include "lib/abi/syscall_numbers.h"

namespace cw::signal {

DefaultAction default_action(int sig) {
  switch (sig) {
    case abi::kSigQuit: case abi::kSigIll: case abi::kSigTrap: case abi::kSigAbrt: case abi::kSigBus:
    case abi::kSigFpe: case abi::kSigSegv: case abi::kSigXcpu: case abi::kSigXfsz: case abi::kSigSys:
      return DefaultAction::Core;
    case abi::kSigChld: case abi::kSigUrg: case abi::kSigWinch:
      return DefaultAction::Ignore;
    case abi::kSigCont:
      return DefaultAction::Continue;
    case abi::kSigStop: case abi::kSigTstp: case abi::kSigTtin: case abi::kSigTtou:
      return DefaultAction::Stop;
    default:
      return DefaultAction::Terminate;  // the rest, real-time signals included
  }
}

}  // namespace cw::signal
