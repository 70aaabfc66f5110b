#include "logs/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

using hummel::line_splitter;

namespace {

using lines = std::vector<std::string>;

// Feeds `chunks` one by one, then finishes.
lines split(const std::vector<std::string_view>& chunks,
            size_t max_line = line_splitter::default_max_line) {
  line_splitter s{max_line};
  lines out;
  auto emit = [&](std::string_view line) { out.emplace_back(line); };
  for (auto chunk : chunks)
    s.feed(chunk, emit);
  s.finish(emit);
  return out;
}

lines split_whole(std::string_view input, size_t max_line = 64 * 1024) {
  return split({input}, max_line);
}

const std::string sample = std::string{"alpha\nbeta\r\ngamma\rdelta\n\n"}
                           + "\r\n\r\r" + std::string{"nul\0byte", 8}
                           + "\xff\xfe\nlast without newline";

} // namespace

TEST(line_splitter, splits_on_all_terminators) {
  auto out = split_whole(sample);
  lines expected{"alpha",
                 "beta",
                 "gamma",
                 "delta",
                 "",
                 "",
                 "",
                 "",
                 std::string{"nul\0byte\xff\xfe", 10},
                 "last without newline"};
  EXPECT_EQ(out, expected);
}

TEST(line_splitter, every_single_split_point_gives_the_same_lines) {
  auto expected = split_whole(sample);
  std::string_view in{sample};
  for (size_t i = 0; i <= in.size(); ++i)
    EXPECT_EQ(split({in.substr(0, i), in.substr(i)}), expected) << i;
}

TEST(line_splitter, byte_by_byte_gives_the_same_lines) {
  auto expected = split_whole(sample);
  std::vector<std::string_view> chunks;
  std::string_view in{sample};
  for (size_t i = 0; i < in.size(); ++i)
    chunks.push_back(in.substr(i, 1));
  EXPECT_EQ(split(chunks), expected);
}

TEST(line_splitter, every_split_point_with_small_max_line) {
  // Lines of exactly, below and above max_line, with all terminators.
  std::string in = "abcd\nabc\r\nabcdefgh\rabcdefghi\r\nab";
  auto expected = split_whole(in, 4);
  lines want{"abcd", "abc", "abcd", "efgh", "abcd", "efgh", "i", "ab"};
  EXPECT_EQ(expected, want);
  for (size_t i = 0; i <= in.size(); ++i)
    for (size_t j = i; j <= in.size(); ++j) {
      std::string_view v{in};
      EXPECT_EQ(split({v.substr(0, i), v.substr(i, j - i), v.substr(j)}, 4),
                expected)
        << i << "," << j;
    }
}

TEST(line_splitter, crlf_across_chunk_boundary_is_one_terminator) {
  EXPECT_EQ(split({"one\r", "\ntwo\n"}), (lines{"one", "two"}));
  EXPECT_EQ(split({"one\r", "", "\ntwo\n"}), (lines{"one", "two"}));
}

TEST(line_splitter, cr_at_chunk_end_emits_line_at_once) {
  line_splitter s;
  lines out;
  auto emit = [&](std::string_view line) { out.emplace_back(line); };
  s.feed("progress 10%\r", emit);
  EXPECT_EQ(out, (lines{"progress 10%"}));
  s.feed("progress 20%\r", emit);
  s.feed("\n", emit); // swallowed: it completes the "\r\n"
  s.finish(emit);
  EXPECT_EQ(out, (lines{"progress 10%", "progress 20%"}));
}

TEST(line_splitter, lone_cr_ends_line) {
  EXPECT_EQ(split_whole("a\rb\r\rc"), (lines{"a", "b", "", "c"}));
  EXPECT_EQ(split({"a\r", "b"}), (lines{"a", "b"}));
}

TEST(line_splitter, long_line_without_newline_is_cut_into_pieces) {
  std::string big(1 << 20, 'x');
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>('a' + (i / 65536) % 26);
  line_splitter s;
  lines out;
  auto emit = [&](std::string_view line) { out.emplace_back(line); };
  // Feed in odd-sized chunks to cross piece boundaries.
  for (size_t i = 0; i < big.size(); i += 10007)
    s.feed(std::string_view{big}.substr(i, 10007), emit);
  EXPECT_EQ(out.size(), 16u);
  EXPECT_LT(s.pending_bytes(), 65536u);
  s.finish(emit);
  ASSERT_EQ(out.size(), 16u);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].size(), 65536u);
    EXPECT_EQ(out[i], std::string(65536, static_cast<char>('a' + i)));
  }
}

TEST(line_splitter, exact_max_line_followed_by_newline_adds_no_empty_line) {
  std::string line(8, 'z');
  EXPECT_EQ(split({line, "\n", "next\n"}, 8), (lines{line, "next"}));
  EXPECT_EQ(split_whole(line + "\n\nnext\n", 8), (lines{line, "", "next"}));
}

TEST(line_splitter, finish_emits_rest_only_once) {
  line_splitter s;
  lines out;
  auto emit = [&](std::string_view line) { out.emplace_back(line); };
  s.feed("partial", emit);
  EXPECT_TRUE(out.empty());
  s.finish(emit);
  s.finish(emit);
  EXPECT_EQ(out, (lines{"partial"}));
  s.feed("again\n", emit);
  EXPECT_EQ(out, (lines{"partial", "again"}));
}

TEST(line_splitter, finish_without_rest_emits_nothing) {
  EXPECT_EQ(split_whole("done\n"), (lines{"done"}));
  EXPECT_EQ(split_whole(""), lines{});
  EXPECT_EQ(split_whole("x\r"), (lines{"x"}));
}

TEST(line_splitter, million_lines_arrive_in_order) {
  constexpr size_t count = 1'000'000;
  std::string input;
  input.reserve(count * 12);
  for (size_t i = 0; i < count; ++i) {
    input += std::to_string(i);
    input += (i % 3 == 0) ? "\r\n" : "\n";
  }
  line_splitter s;
  size_t next = 0;
  bool in_order = true;
  auto emit = [&](std::string_view line) {
    if (line != std::to_string(next))
      in_order = false;
    ++next;
  };
  std::string_view v{input};
  for (size_t i = 0; i < v.size(); i += 4093) // a pipe-buffer-ish chunking
    s.feed(v.substr(i, 4093), emit);
  s.finish(emit);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(next, count);
}
