// Host tests for mm/memory_object: create/unref, own/lookup across leaves, fork and collapse.
#include "mm/memory_object.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "tests/host/object_memory_host.h"

namespace cw::mm {
namespace {

struct FakeSink final : PageSink {
  virtual ~FakeSink() = default;
  std::multiset<uint32_t> frames, slots;
  struct Move { uint32_t frame; const MemoryObject* owner; uint32_t index; };
  std::vector<Move> moves;
  void free_frame(FrameIndex f) override { frames.insert(f.get()); }
  void free_slot(SwapSlot s) override { slots.insert(s.get()); }
  void frame_moved(FrameIndex f, const MemoryObject& o, uint32_t i) override { moves.push_back({f.get(), &o, i}); }
};

void put_frame(MemoryObject* o, uint32_t index, uint32_t frame) {
  auto e = o->own_or_create(index);
  ASSERT_TRUE(e.has_value());
  e.value()->set_frame(FrameIndex(frame));
}

TEST(MemoryObject, CreateUnrefFreesEverything) {
  uint32_t start = MemoryObject::live_count();
  FakeSink sink;
  {
    auto r = MemoryObject::create(ObjectKind::Anonymous);
    ASSERT_TRUE(r.has_value());
    MemoryObject* o = r.value();
    EXPECT_EQ(MemoryObject::live_count(), start + 1);
    put_frame(o, 0, 10);
    put_frame(o, 509, 11);
    put_frame(o, 510, 12);
    auto e = o->own_or_create(1u << 19);
    ASSERT_TRUE(e.has_value());
    e.value()->set_slot(SwapSlot(7));
    EXPECT_EQ(o->own(0)->frame().get(), 10u);
    EXPECT_EQ(o->own(509)->frame().get(), 11u);
    EXPECT_EQ(o->own(510)->frame().get(), 12u);
    EXPECT_EQ(o->own((1u << 19))->slot().get(), 7u);
    EXPECT_TRUE(o->own(1) == nullptr || o->own(1)->empty());
    EXPECT_TRUE(o->own(511) == nullptr || o->own(511)->empty());
    EXPECT_EQ(o->own(2000), nullptr) << "no storage for a leaf never touched";
    EXPECT_EQ(o->lookup(509).object, o);
    EXPECT_EQ(o->lookup(2).object, nullptr);
    EXPECT_EQ(o->resident_pages(), 3u);
    EXPECT_EQ(o->swapped_pages(), 1u);
    o->unref(sink);
  }
  EXPECT_EQ(MemoryObject::live_count(), start);
  EXPECT_EQ(sink.frames, (std::multiset<uint32_t>{10, 11, 12}));
  EXPECT_EQ(sink.slots, (std::multiset<uint32_t>{7}));
}

TEST(MemoryObject, ForkAndCollapse) {
  uint32_t start = MemoryObject::live_count();
  FakeSink sink;
  MemoryObject* p = MemoryObject::create(ObjectKind::Anonymous).value();
  put_frame(p, 0, 1);
  put_frame(p, 1, 2);
  MemoryObject *keep = nullptr, *give = nullptr;
  ASSERT_TRUE(p->fork(&keep, &give).has_value());
  EXPECT_TRUE(p->hidden());
  EXPECT_EQ(p->references(), 2u);
  EXPECT_EQ(keep->parent(), p);
  EXPECT_EQ(give->parent(), p);
  EXPECT_EQ(keep->lookup(0).object, p);
  EXPECT_EQ(give->lookup(1).object, p);
  put_frame(give, 1, 3);  // give's own copy hides the parent's page 1
  EXPECT_EQ(give->lookup(1).object, give);
  EXPECT_EQ(keep->lookup(1).object, p);
  keep->unref(sink);  // p collapses into give
  EXPECT_EQ(give->parent(), nullptr);
  EXPECT_EQ(MemoryObject::live_count(), start + 1);
  EXPECT_EQ(give->own(0)->frame().get(), 1u);
  EXPECT_EQ(give->own(1)->frame().get(), 3u);
  EXPECT_EQ(sink.frames, (std::multiset<uint32_t>{2}));
  ASSERT_EQ(sink.moves.size(), 1u);
  EXPECT_EQ(sink.moves[0].frame, 1u);
  EXPECT_EQ(sink.moves[0].owner, give);
  EXPECT_EQ(sink.moves[0].index, 0u);
  give->unref(sink);
  EXPECT_EQ(MemoryObject::live_count(), start);
  EXPECT_EQ(sink.frames, (std::multiset<uint32_t>{1, 2, 3}));
}

TEST(MemoryObject, ForkNoMemoryChangesNothing) {
  uint32_t start = MemoryObject::live_count();
  FakeSink sink;
  MemoryObject* p = MemoryObject::create(ObjectKind::Anonymous).value();
  put_frame(p, 0, 1);
  for (int n : {0, 1}) {
    MemoryObject *keep = nullptr, *give = nullptr;
    fail_object_memory_after(n);
    EXPECT_FALSE(p->fork(&keep, &give).has_value());
    fail_object_memory_after(-1);
    EXPECT_FALSE(p->hidden());
    EXPECT_EQ(p->references(), 1u);
    EXPECT_EQ(MemoryObject::live_count(), start + 1);
  }
  p->unref(sink);
  EXPECT_EQ(MemoryObject::live_count(), start);
  EXPECT_EQ(sink.frames, (std::multiset<uint32_t>{1}));
}

}  // namespace
}  // namespace cw::mm
