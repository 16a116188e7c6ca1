// The path walk: from a path to a node (Linux fs/namei.c, read as specification). A path is absolute
// (from the root) or relative (from the process's working directory, or from a directory descriptor for
// the *at calls). "." stays, ".." goes to the parent (the root's parent is the root). A symbolic link in
// the middle of a path is always followed; the last component's only if asked (stat follows, lstat,
// readlink and O_NOFOLLOW do not). Forty links in one walk, or links nested more than eight deep, are
// ELOOP, as Linux.
//
// Errors of every walk: NotFound (a component is missing, or the path is empty), NotDirectory (a
// component before the last, or the last with a trailing slash, is not a directory), NameTooLong (a
// component over NAME_MAX, or a link target over kLinkTargetMax), SymlinkLoop, and a file system's
// lookup errors (Io).
#pragma once

#include "kernel/fs/vfs/node.h"
#include "lib/result.h"
#include "lib/string_view.h"

namespace cw::fs {

enum class Follow : uint8_t { No, Yes };

// The longest symbolic-link target the walk follows (it keeps one per nesting level on the stack).
inline constexpr uint32_t kLinkTargetMax = 255;

// `start` is where a relative path begins; `root` is "/". The node, with a new reference.
Result<Node*> resolve(Node& root, Node& start, StringView path, Follow follow);

// For the calls that create, remove or rename: the directory that holds (or would hold) the last
// component, with a new reference, and that component (pointing into `path`). The last component may
// be "." or ".." (callers refuse those as Linux does: EEXIST for mkdir, EINVAL or ENOTEMPTY for rmdir);
// `trailing_slash` says the path ended in '/'. A path of "/" alone has no last component: Busy (EBUSY,
// as Linux's rmdir("/")), and an empty path NotFound.
struct ParentAndName {
  Node* directory = nullptr;
  StringView name;
  bool trailing_slash = false;
};
Result<ParentAndName> resolve_parent(Node& root, Node& start, StringView path);

}  // namespace cw::fs
