#include "common/scratch.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hummel {
namespace {

TEST(scratch, a_buffer_within_the_limit_keeps_its_memory) {
  std::string buf(scratch_keep_bytes / 2, 'x');
  buf.clear();
  auto cap = buf.capacity();
  release_if_oversized(buf);
  EXPECT_EQ(buf.capacity(), cap);
}

TEST(scratch, a_burst_grown_buffer_gives_its_memory_back) {
  std::string buf(scratch_keep_bytes * 3, 'x');
  release_if_oversized(buf);
  EXPECT_TRUE(buf.empty());
  EXPECT_LE(buf.capacity(), scratch_keep_bytes);
}

TEST(scratch, the_limit_counts_bytes_not_elements) {
  struct wide {
    char bytes[1024];
  };
  std::vector<wide> v(scratch_keep_bytes / 1024 + 1);
  release_if_oversized(v);
  EXPECT_EQ(v.capacity(), 0u);
  std::vector<char> small(scratch_keep_bytes / 2);
  release_if_oversized(small);
  EXPECT_EQ(small.size(), scratch_keep_bytes / 2);
}

} // namespace
} // namespace hummel
