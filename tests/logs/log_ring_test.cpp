#include "logs/log_ring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using hummel::log_line;
using hummel::log_ring;
using hummel::log_stream;

namespace {

log_line make_line(uint64_t seq, std::string text = "x",
                   log_stream stream = log_stream::out) {
  log_line line;
  line.seq = seq;
  line.time_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  line.stream = stream;
  line.run_id = 1;
  line.text = std::move(text);
  return line;
}

std::vector<uint64_t> seqs(const std::vector<log_line>& lines) {
  std::vector<uint64_t> out;
  for (const auto& line : lines)
    out.push_back(line.seq);
  return out;
}

} // namespace

TEST(log_ring, empty_ring) {
  log_ring ring{10, 1000};
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.bytes(), 0u);
  EXPECT_EQ(ring.first_seq(), 0u);
  EXPECT_EQ(ring.last_seq(), 0u);
  EXPECT_TRUE(ring.tail(5).empty());
  EXPECT_TRUE(ring.after(0, 5).empty());
}

TEST(log_ring, bounded_by_lines) {
  log_ring ring{3, 1'000'000};
  for (uint64_t i = 1; i <= 10; ++i)
    ring.push(make_line(i, "abc"));
  EXPECT_EQ(ring.size(), 3u);
  EXPECT_EQ(ring.first_seq(), 8u);
  EXPECT_EQ(ring.last_seq(), 10u);
  EXPECT_EQ(ring.bytes(), 3 * (3 + log_ring::line_overhead));
}

TEST(log_ring, bounded_by_bytes) {
  // Each line costs 68 bytes; 200 bytes hold two of them.
  log_ring ring{1000, 200};
  for (uint64_t i = 1; i <= 5; ++i)
    ring.push(make_line(i, std::string(36, 'a')));
  EXPECT_EQ(ring.size(), 2u);
  EXPECT_EQ(ring.bytes(), 136u);
  EXPECT_EQ(ring.first_seq(), 4u);
  EXPECT_LE(ring.bytes(), ring.max_bytes());
  // A line bigger than the whole budget evicts everything else but stays.
  ring.push(make_line(6, std::string(500, 'b')));
  EXPECT_EQ(ring.size(), 1u);
  EXPECT_EQ(ring.last_seq(), 6u);
  EXPECT_EQ(ring.bytes(), 500 + log_ring::line_overhead);
  ring.push(make_line(7, "small"));
  EXPECT_EQ(seqs(ring.tail(10)), (std::vector<uint64_t>{7}));
}

TEST(log_ring, tail_returns_newest_oldest_first) {
  log_ring ring{100, 100'000};
  for (uint64_t i = 1; i <= 10; ++i)
    ring.push(make_line(i, "t", i % 2 ? log_stream::out : log_stream::err));
  EXPECT_EQ(seqs(ring.tail(3)), (std::vector<uint64_t>{8, 9, 10}));
  EXPECT_EQ(seqs(ring.tail(50)).size(), 10u);
  EXPECT_TRUE(ring.tail(0).empty());
  auto errs = ring.tail(
    3, [](const log_line& line) { return line.stream == log_stream::err; });
  EXPECT_EQ(seqs(errs), (std::vector<uint64_t>{6, 8, 10}));
  EXPECT_EQ(errs.back().text, "t");
}

TEST(log_ring, after_returns_following_lines_up_to_limit) {
  log_ring ring{5, 100'000};
  for (uint64_t i = 1; i <= 8; ++i) // holds 4..8
    ring.push(make_line(i * 10));
  EXPECT_EQ(seqs(ring.after(0, 100)),
            (std::vector<uint64_t>{40, 50, 60, 70, 80}));
  EXPECT_EQ(seqs(ring.after(50, 100)), (std::vector<uint64_t>{60, 70, 80}));
  EXPECT_EQ(seqs(ring.after(55, 2)), (std::vector<uint64_t>{60, 70}));
  EXPECT_TRUE(ring.after(80, 10).empty());
  EXPECT_TRUE(ring.after(1000, 10).empty());
  EXPECT_TRUE(ring.after(0, 0).empty());
}

TEST(log_ring, for_each_newest_first_stops_on_false) {
  log_ring ring{100, 100'000};
  for (uint64_t i = 1; i <= 6; ++i)
    ring.push(make_line(i));
  std::vector<uint64_t> seen;
  ring.for_each_newest_first([&](const log_line& line) {
    seen.push_back(line.seq);
    return line.seq > 4;
  });
  EXPECT_EQ(seen, (std::vector<uint64_t>{6, 5, 4}));
}

TEST(log_ring, clear_resets_counters) {
  log_ring ring{10, 10'000};
  ring.push(make_line(1, "hello"));
  ring.clear();
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.bytes(), 0u);
  EXPECT_EQ(ring.last_seq(), 0u);
}
