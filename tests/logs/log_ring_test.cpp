#include "logs/log_ring.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>
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
  auto errs = ring.tail(3, [](const hummel::log_line_view& line) {
    return line.stream == log_stream::err;
  });
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
  ring.for_each_newest_first([&](const hummel::log_line_view& line) {
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

TEST(log_ring, matches_a_simple_model_through_wraps_grows_and_shrinks) {
  // Lines of random lengths (empty, short, longer than the whole buffer),
  // bounds hit in both ways: every read equals what a deque of owning
  // lines holds.
  std::mt19937 rng{42};
  for (size_t max_lines : {1u, 7u, 300u}) {
    log_ring ring{max_lines, 20'000};
    std::deque<log_line> model;
    size_t model_bytes = 0;
    for (uint64_t seq = 1; seq <= 20'000; ++seq) {
      auto phase = (seq / 2000) % 3; // long lines, then short, then mixed
      size_t len = phase == 0   ? rng() % 3000
                   : phase == 1 ? rng() % 20
                                : (rng() % 50 == 0 ? 30'000 : rng() % 200);
      auto line
        = make_line(seq, std::string(len, static_cast<char>('a' + seq % 26)),
                    seq % 3 ? log_stream::out : log_stream::err);
      ring.push(line);
      model_bytes += len + log_ring::line_overhead;
      model.push_back(line);
      while (model.size() > 1
             && (model.size() > max_lines || model_bytes > 20'000)) {
        model_bytes -= model.front().text.size() + log_ring::line_overhead;
        model.pop_front();
      }
      ASSERT_EQ(ring.size(), model.size()) << seq;
      ASSERT_EQ(ring.bytes(), model_bytes) << seq;
      if (seq % 97 == 0 || seq % 2000 < 3) {
        std::vector<log_line> all{model.begin(), model.end()};
        ASSERT_EQ(ring.tail(model.size() + 1), all) << seq;
        auto from = model[model.size() / 2].seq;
        std::vector<log_line> later;
        for (const auto& x : model)
          if (x.seq > from && later.size() < 5)
            later.push_back(x);
        ASSERT_EQ(ring.after(from, 5), later) << seq;
      }
      // The buffers stay near what they hold (a line over the budget
      // aside, which the ring must keep).
      size_t text = 0;
      for (const auto& x : model)
        text += x.text.size();
      ASSERT_LE(ring.capacity_bytes(), 4 * text + 64 * 1024 + 48 * max_lines)
        << seq;
    }
  }
}

TEST(log_ring, a_burst_of_long_lines_is_given_back) {
  log_ring ring{10'000, 64u << 20};
  for (uint64_t seq = 1; seq <= 2'000; ++seq) // 8 MB of long lines
    ring.push(make_line(seq, std::string(4000, 'x')));
  EXPECT_GE(ring.capacity_bytes(), 8'000'000u);
  ring.clear();
  EXPECT_EQ(ring.capacity_bytes(), 0u);
  log_ring other{100, 64u << 20};
  for (uint64_t seq = 1; seq <= 200; ++seq)
    other.push(make_line(seq, std::string(40'000, 'y')));
  for (uint64_t seq = 201; seq <= 400; ++seq) // short lines push them out
    other.push(make_line(seq, "short"));
  EXPECT_EQ(other.size(), 100u);
  EXPECT_LT(other.capacity_bytes(), 64u * 1024)
    << "4 MB of long lines gone, the buffer shrank with them";
}

TEST(log_ring, the_line_of_a_start_takes_a_quarter_kilobyte) {
  // 10,000 quiet processes hold one line each: 16 entries and 256 bytes
  // of text were 896 bytes a process.
  log_ring ring{10'000, 8u << 20};
  ring.push(make_line(1, "started, pid 4242"));
  EXPECT_LE(ring.capacity_bytes(), 256u);
  for (uint64_t seq = 2; seq <= 40; ++seq) // the small buffers grow
    ring.push(make_line(seq, "line " + std::to_string(seq)));
  EXPECT_EQ(ring.size(), 40u);
  EXPECT_EQ(ring.tail(40).front().text, "started, pid 4242");
  EXPECT_EQ(ring.tail(1).back().text, "line 40");
}

TEST(log_ring, a_few_short_lines_take_a_small_buffer) {
  // 10,000 processes that each said a line or two ("run 2 started"): the
  // text buffer was two pages each (80 MB in all).
  log_ring ring{10'000, 64u << 20};
  ring.push(make_line(1, "run 2 started, pid 4242 (restart policy)"));
  ring.push(make_line(2, "stopped by signal 15"));
  EXPECT_LE(ring.capacity_bytes(), 1024u);
  EXPECT_EQ(ring.tail(2).back().text, "stopped by signal 15");
  for (uint64_t seq = 3; seq <= 300; ++seq) // grows as lines come
    ring.push(make_line(seq, "line " + std::to_string(seq)));
  EXPECT_EQ(ring.size(), 300u);
  EXPECT_EQ(ring.tail(1).back().text, "line 300");
  EXPECT_EQ(ring.after(297, 5).size(), 3u);
}

TEST(log_ring, ten_thousand_lines_take_24_bytes_an_entry) {
  // The entries of a full ring of 10,000 lines were 400,000 bytes (40
  // each), 458,752 in jemalloc's size class; 24 bytes each now.
  log_ring ring{10'000, 8u << 20};
  for (uint64_t seq = 1; seq <= 20'000; ++seq)
    ring.push(make_line(seq, "line 0000123"));
  ASSERT_EQ(ring.size(), 10'000u);
  EXPECT_LE(ring.capacity_bytes(), 10'000u * 24 + 12 * 10'000 * 5 / 4 + 4096);
  EXPECT_EQ(ring.first_seq(), 10'001u);
  EXPECT_EQ(ring.last_seq(), 20'000u);
}

TEST(log_ring, every_field_of_a_line_comes_back) {
  log_ring ring{10, 1000};
  log_line line{(uint64_t{1} << 40) + 7, -5'000, log_stream::event, UINT32_MAX,
                "exited with code 0"};
  ring.push(line);
  ring.push(make_line((uint64_t{1} << 40) + 8, "x", log_stream::err));
  auto lines = ring.tail(2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], line);
  EXPECT_EQ(lines[1].stream, log_stream::err);
  EXPECT_EQ(lines[1].seq, (uint64_t{1} << 40) + 8);
}

TEST(log_ring, a_seq_gap_of_two_to_the_32_rebases) {
  // Seqs are kept as 32-bit offsets from the ring's base: a gap that does
  // not fit moves the base to the oldest line, and evicts only the lines
  // 2^32 or more before the new one.
  log_ring ring{10, 1000};
  ring.push(make_line(1));
  ring.push(make_line(2));
  ring.push(make_line(uint64_t{1} << 32)); // 2^32 - 1 after seq 1: fits
  EXPECT_EQ(seqs(ring.tail(10)),
            (std::vector<uint64_t>{1, 2, uint64_t{1} << 32}));
  ring.push(make_line((uint64_t{1} << 32) + 1)); // 2^32 after seq 1
  EXPECT_EQ(
    seqs(ring.tail(10)),
    (std::vector<uint64_t>{2, uint64_t{1} << 32, (uint64_t{1} << 32) + 1}));
  ring.push(make_line(uint64_t{1} << 40)); // far from every held line
  EXPECT_EQ(seqs(ring.tail(10)), (std::vector<uint64_t>{uint64_t{1} << 40}));
  ring.push(make_line((uint64_t{1} << 40) + 1));
  EXPECT_EQ(ring.first_seq(), uint64_t{1} << 40);
  EXPECT_EQ(ring.last_seq(), (uint64_t{1} << 40) + 1);
  EXPECT_EQ(seqs(ring.after(uint64_t{1} << 40, 5)),
            (std::vector<uint64_t>{(uint64_t{1} << 40) + 1}));
}

TEST(log_ring, text_positions_past_two_to_the_32_stay_right) {
  // 4.3 GB of text through a small ring: positions are 32 bits in an
  // entry and are compacted before they would overflow. Every held line
  // is checked after every push (a line stored past 2^32 unchecked was
  // read from the wrong place until the next copy of the buffer).
  log_ring ring{4, 1u << 20};
  std::string text(64 * 1024 - 1, 'a');
  const uint64_t n = (uint64_t{1} << 32) / text.size() + 100;
  uint64_t wrong = 0;
  for (uint64_t seq = 1; seq <= n; ++seq) {
    text.front() = static_cast<char>('a' + seq % 26);
    text.back() = static_cast<char>('A' + seq % 26);
    ring.push(make_line(seq, text));
    ring.for_each_newest_first([&](const hummel::log_line_view& x) {
      if (x.text.size() != text.size()
          || x.text.front() != static_cast<char>('a' + x.seq % 26)
          || x.text.back() != static_cast<char>('A' + x.seq % 26))
        ++wrong;
      return true;
    });
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(ring.size(), 4u);
  EXPECT_EQ(ring.last_seq(), n);
}

TEST(log_ring, a_line_over_16_mib_keeps_its_first_16_mib_and_budgets_cap) {
  log_ring huge{10, uint64_t{8} << 30};
  EXPECT_EQ(huge.max_bytes(), log_ring::max_byte_budget);
  std::string text(log_ring::max_text + 10, 'z');
  text[0] = 'A';
  huge.push(make_line(1, text));
  huge.push(make_line(2, "after"));
  auto lines = huge.tail(2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text.size(), log_ring::max_text);
  EXPECT_EQ(lines[0].text.front(), 'A');
  EXPECT_EQ(lines[1].text, "after");
  EXPECT_EQ(huge.bytes(), log_ring::max_text + 5 + 2 * log_ring::line_overhead);
}
