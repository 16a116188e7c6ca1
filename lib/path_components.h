// Splitting a path into its components, as Linux's path walk (fs/namei.c link_path_walk) sees them:
// repeated slashes are one, a leading slash makes the path absolute, a trailing slash means the last
// component must be a directory. Core: the kernel's walk (kernel/fs/vfs/path_walk.h) and host tests.
#pragma once

#include "lib/string_view.h"

namespace cw {

class PathComponents {
public:
  explicit PathComponents(StringView path) : path_(path) {
    absolute_ = !path.empty() && path[0] == '/';
    trailing_slash_ = !path.empty() && path[path.size() - 1] == '/';
    skip_slashes();
  }

  bool absolute() const { return absolute_; }
  bool trailing_slash() const { return trailing_slash_; }
  // True when no component remains.
  bool done() const { return position_ >= path_.size(); }

  // The next component (never empty), or false at the end.
  bool next(StringView& component) {
    if (done()) return false;
    size_t end = position_;
    while (end < path_.size() && path_[end] != '/') ++end;
    component = path_.substr(position_, end - position_);
    position_ = end;
    skip_slashes();
    return true;
  }

private:
  void skip_slashes() {
    while (position_ < path_.size() && path_[position_] == '/') ++position_;
  }

  StringView path_;
  size_t position_ = 0;
  bool absolute_ = false;
  bool trailing_slash_ = false;
};

}  // namespace cw
