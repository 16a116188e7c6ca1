#include "kernel/fs/tmpfs/tmpfs_node.h"

#include "kernel/arch/cpu.h"

namespace cw::fs::tmpfs {

namespace {
Mutex tree_mutex;
uint64_t last_inode = 0;
}  // namespace

Mutex& tree_lock() { return tree_mutex; }

uint64_t next_inode() {
  cpu::InterruptGuard guard;
  return ++last_inode;
}

TmpfsNode::TmpfsNode(NodeType type, uint32_t permissions, Node& parent)
    : Node(type, permissions, next_inode(), device_number(FsDevice::Tmp)), parent_(&parent) {
  parent.ref();
}

TmpfsNode::~TmpfsNode() { parent_->unref(); }

void TmpfsNode::set_parent(Node& parent) {
  parent.ref();
  Node* old = parent_;
  parent_ = &parent;
  old->unref();
}

}  // namespace cw::fs::tmpfs
