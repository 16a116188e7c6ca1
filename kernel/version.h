#pragma once

namespace cw {

inline constexpr const char* kVersion = "0.1";

}  // namespace cw
