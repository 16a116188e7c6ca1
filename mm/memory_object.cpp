#include "mm/memory_object.h"

#include <new>

#include "mm/object_memory.h"

namespace cw::mm {

namespace {
uint32_t live_objects = 0;
}  // namespace

uint32_t MemoryObject::live_count() { return live_objects; }

Result<MemoryObject*> MemoryObject::create(ObjectKind kind, uint32_t key) {
  void* memory = TRY(allocate_object_memory(sizeof(MemoryObject)));
  ++live_objects;
  return new (memory) MemoryObject(kind, key);
}

Result<MemoryObject*> MemoryObject::create_child(MemoryObject& parent) {
  MemoryObject* child = TRY(create(parent.kind_, parent.key_));
  parent.add_child(child);
  parent.ref();
  return child;
}

uint32_t MemoryObject::child_count() const {
  uint32_t n = 0;
  for (const MemoryObject* c = first_child_; c; c = c->next_sibling_) ++n;
  return n;
}

const MemoryObject* MemoryObject::root() const {
  const MemoryObject* o = this;
  while (o->parent_) o = o->parent_;
  return o;
}

bool MemoryObject::descends_from(const MemoryObject* ancestor) const {
  for (const MemoryObject* o = this; o; o = o->parent_)
    if (o == ancestor) return true;
  return false;
}

MemoryObject::Leaf* MemoryObject::leaf(uint32_t number) const {
  for (Leaf* l = leaves_; l && l->number <= number; l = l->next)
    if (l->number == number) return l;
  return nullptr;
}

PageEntry* MemoryObject::own(uint32_t index) {
  Leaf* l = leaf(index / kLeafEntries);
  return l ? &l->entries[index % kLeafEntries] : nullptr;
}

const PageEntry* MemoryObject::own(uint32_t index) const { return const_cast<MemoryObject*>(this)->own(index); }

Result<PageEntry*> MemoryObject::own_or_create(uint32_t index) {
  uint32_t number = index / kLeafEntries;
  Leaf** link = &leaves_;
  while (*link && (*link)->number < number) link = &(*link)->next;
  if (!*link || (*link)->number != number) {
    void* memory = TRY(allocate_object_memory(sizeof(Leaf)));
    Leaf* fresh = static_cast<Leaf*>(memory);
    fresh->number = number;
    fresh->next = *link;
    for (PageEntry& e : fresh->entries) e = PageEntry{};
    *link = fresh;
  }
  return &(*link)->entries[index % kLeafEntries];
}

MemoryObject::Found MemoryObject::lookup(uint32_t index) {
  for (MemoryObject* o = this; o; o = o->parent_) {
    PageEntry* e = o->own(index);
    if (e && !e->empty()) return Found{o, e};
  }
  return Found{};
}

void MemoryObject::add_child(MemoryObject* child) {
  child->parent_ = this;
  child->next_sibling_ = first_child_;
  first_child_ = child;
}

void MemoryObject::remove_child(MemoryObject* child) {
  for (MemoryObject** link = &first_child_; *link; link = &(*link)->next_sibling_) {
    if (*link == child) {
      *link = child->next_sibling_;
      child->next_sibling_ = nullptr;
      return;
    }
  }
}

Result<void> MemoryObject::fork(MemoryObject** keep, MemoryObject** give) {
  MemoryObject* a = TRY(create(kind_, key_));
  auto b = create(kind_, key_);
  if (!b) {
    --live_objects;
    a->~MemoryObject();
    free_object_memory(a);
    return b.error();
  }
  add_child(a);
  add_child(b.value());
  hidden_ = true;
  // The mapping's reference moved to `a`; each child holds one.
  ++refs_;
  *keep = a;
  *give = b.value();
  return {};
}

void MemoryObject::drop_entry(PageEntry& entry, PageSink& sink) {
  if (entry.resident()) sink.free_frame(entry.frame());
  if (entry.has_slot()) sink.free_slot(entry.slot());
  entry = PageEntry{};
}

Result<void> MemoryObject::discard(uint32_t first, uint32_t count, PageSink& sink) {
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t index = first + i;
    PageEntry* e = own(index);
    if (e) drop_entry(*e, sink);
    if (!parent_ || !parent_->lookup(index).object) continue;
    if (!e) e = TRY(own_or_create(index));
    e->flags = PageEntry::kZero;
  }
  return {};
}

void MemoryObject::unref(PageSink& sink) {
  if (--refs_ == 0) {
    destroy(sink);
    return;
  }
  if (hidden_ && refs_ == 1 && first_child_ && !first_child_->next_sibling_) collapse_into_child(sink);
}

void MemoryObject::destroy(PageSink& sink) {
  while (leaves_) {
    Leaf* l = leaves_;
    for (PageEntry& e : l->entries) drop_entry(e, sink);
    leaves_ = l->next;
    free_object_memory(l);
  }
  MemoryObject* parent = parent_;
  if (parent) parent->remove_child(this);
  --live_objects;
  this->~MemoryObject();
  free_object_memory(this);
  if (parent) parent->unref(sink);
}

void MemoryObject::collapse_into_child(PageSink& sink) {
  MemoryObject* child = first_child_;
  // First make room in the child for every page that will move, so that a failure changes nothing but
  // the child's (empty) storage; a hidden object that cannot be merged stays a correct, longer chain.
  for (Leaf* l = leaves_; l; l = l->next)
    for (uint32_t i = 0; i < kLeafEntries; ++i)
      if (!l->entries[i].empty() && !child->own_or_create(l->number * kLeafEntries + i)) return;
  while (leaves_) {
    Leaf* l = leaves_;
    for (uint32_t i = 0; i < kLeafEntries; ++i) {
      PageEntry& mine = l->entries[i];
      if (mine.empty()) continue;
      uint32_t index = l->number * kLeafEntries + i;
      PageEntry* theirs = child->own(index);
      if (!theirs->empty()) {
        drop_entry(mine, sink);  // the child's own copy hides ours
        continue;
      }
      *theirs = mine;
      if (theirs->resident()) sink.frame_moved(theirs->frame(), *child, index);
      mine = PageEntry{};
    }
    leaves_ = l->next;
    free_object_memory(l);
  }
  remove_child(child);
  child->parent_ = nullptr;
  MemoryObject* grandparent = parent_;
  if (grandparent) {
    grandparent->remove_child(this);
    grandparent->add_child(child);  // the grandparent's reference from us passes to the child
  }
  --live_objects;
  this->~MemoryObject();
  free_object_memory(this);
}

uint32_t MemoryObject::resident_pages() const {
  uint32_t n = 0;
  for (Leaf* l = leaves_; l; l = l->next)
    for (const PageEntry& e : l->entries) n += e.resident() ? 1 : 0;
  return n;
}

uint32_t MemoryObject::swapped_pages() const {
  uint32_t n = 0;
  for (Leaf* l = leaves_; l; l = l->next)
    for (const PageEntry& e : l->entries) n += (!e.resident() && e.has_slot()) ? 1 : 0;
  return n;
}

}  // namespace cw::mm
