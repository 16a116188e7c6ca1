// A character device file: a node whose open makes the device's own file description.
#pragma once

#include "kernel/fs/vfs/node.h"

namespace cw::fs::dev {

class DeviceNode final : public Node {
public:
  // Makes a description of the device for open(2) `flags`, one reference. Errors: NoMemory.
  using Opener = Result<File*> (*)(const DeviceNode& node, uint32_t flags);

  DeviceNode(uint32_t major, uint32_t minor, uint32_t permissions, uint64_t number, Node& directory,
             Opener opener)
      : Node(NodeType::CharDevice, permissions, number, device_number(FsDevice::Dev)),
        major_(major), minor_(minor), directory_(directory), opener_(opener) {}

  Node* parent() const override { return &directory_; }
  FileStatus status() const override {
    FileStatus s = Node::status();
    s.rdev_major = major_;
    s.rdev_minor = minor_;
    return s;
  }
  Result<File*> open(uint32_t flags) override { return opener_(*this, flags); }

protected:
  bool on_heap() const override { return false; }

private:
  uint32_t major_;
  uint32_t minor_;
  Node& directory_;
  Opener opener_;
};

}  // namespace cw::fs::dev
