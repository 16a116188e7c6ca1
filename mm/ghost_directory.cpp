#include "mm/ghost_directory.h"

namespace cw::mm {

uint32_t GhostDirectory::bucket(PageOwnerId owner, Vpn vpn) {
  // Fibonacci hashing (Knuth, TAOCP 6.4) of the page number mixed with the owner.
  uint32_t h = (vpn.get() ^ static_cast<uint32_t>(owner.get() * 0x85EBCA6Bu)) * 0x9E3779B9u;
  return (h ^ (h >> 16)) & (kCapacity - 1);
}

uint32_t GhostDirectory::insert(PageOwnerId owner, Vpn vpn) {
  uint32_t slot;
  if (free_head_ != 0) {
    slot = free_head_ - 1;
    free_head_ = entries_[slot].next;
  } else if (never_used_ < kCapacity) {
    slot = never_used_++;
  } else {
    return kNone;
  }
  uint32_t b = bucket(owner, vpn);
  entries_[slot] = Entry{owner, vpn, heads_[b]};
  heads_[b] = slot + 1;
  ++size_;
  return slot;
}

uint32_t GhostDirectory::find(PageOwnerId owner, Vpn vpn) const {
  for (uint32_t link = heads_[bucket(owner, vpn)]; link != 0; link = entries_[link - 1].next) {
    const Entry& e = entries_[link - 1];
    if (e.owner == owner && e.vpn == vpn) return link - 1;
  }
  return kNone;
}

void GhostDirectory::erase(uint32_t slot) {
  Entry& e = entries_[slot];
  uint32_t* link = &heads_[bucket(e.owner, e.vpn)];
  while (*link != 0 && *link != slot + 1) link = &entries_[*link - 1].next;
  if (*link == 0) return;  // not in use: nothing to forget
  *link = e.next;
  e = Entry{PageOwnerId::none(), Vpn(0), free_head_};
  free_head_ = slot + 1;
  --size_;
}

}  // namespace cw::mm
