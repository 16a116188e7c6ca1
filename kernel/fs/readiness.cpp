#include "kernel/fs/readiness.h"

namespace cw::fs {

namespace {

WaitQueue pollers;

}  // namespace

WaitQueue& readiness_queue() { return pollers; }

void readiness_changed() { pollers.wake_all(); }

}  // namespace cw::fs
