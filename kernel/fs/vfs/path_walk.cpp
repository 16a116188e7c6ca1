#include "kernel/fs/vfs/path_walk.h"

#include "lib/path_components.h"

namespace cw::fs {

namespace {

constexpr uint32_t kMaxLinksPerWalk = 40;  // Linux MAXSYMLINKS
constexpr uint32_t kMaxLinkNesting = 8;

struct Walk {
  Node& root;
  uint32_t links_followed = 0;
};

Result<Node*> walk(Walk& w, Node& start, StringView path, Follow follow, uint32_t depth) {
  if (path.empty()) return Error::NotFound;
  PathComponents parts(path);
  Node* first = parts.absolute() ? &w.root : &start;
  first->ref();
  NodeRef current(first);
  StringView name;
  while (parts.next(name)) {
    bool last = parts.done();
    if (!current->is_directory()) return Error::NotDirectory;
    if (name.size() > kNameMax) return Error::NameTooLong;
    if (name == ".") continue;
    if (name == "..") {
      Node* up = current->parent();
      up->ref();
      current = NodeRef(up);
      continue;
    }
    NodeRef child(TRY(current->lookup(name)));
    bool follow_this = !last || follow == Follow::Yes || parts.trailing_slash();
    if (child->type() == NodeType::Symlink && follow_this) {
      if (++w.links_followed > kMaxLinksPerWalk || depth >= kMaxLinkNesting) return Error::SymlinkLoop;
      char target[kLinkTargetMax];
      auto length = child->read_link(target, sizeof(target));
      if (!length) return length.error() == Error::Range ? Error::NameTooLong : length.error();
      NodeRef reached(TRY(walk(w, *current, StringView(target, length.value()), Follow::Yes, depth + 1)));
      current = static_cast<NodeRef&&>(reached);
      continue;
    }
    current = static_cast<NodeRef&&>(child);
  }
  if (parts.trailing_slash() && !current->is_directory()) return Error::NotDirectory;
  return current.release();
}

}  // namespace

Result<Node*> resolve(Node& root, Node& start, StringView path, Follow follow) {
  Walk w{root};
  return walk(w, start, path, follow, 0);
}

Result<ParentAndName> resolve_parent(Node& root, Node& start, StringView path) {
  if (path.empty()) return Error::NotFound;
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  if (end == 0) return Error::Busy;  // "/" (or "//"): no last component
  size_t begin = end;
  while (begin > 0 && path[begin - 1] != '/') --begin;
  ParentAndName out;
  out.name = path.substr(begin, end - begin);
  out.trailing_slash = end < path.size();
  if (out.name.size() > kNameMax) return Error::NameTooLong;
  Node* directory;
  if (begin == 0) {
    start.ref();
    directory = &start;
  } else {
    // The directory part, with its slash: "/a/b" -> "/a/", "/b" -> "/", "a/b" -> "a/".
    directory = TRY(resolve(root, start, path.substr(0, begin), Follow::Yes));
  }
  if (!directory->is_directory()) {
    directory->unref();
    return Error::NotDirectory;
  }
  out.directory = directory;
  return out;
}

}  // namespace cw::fs
