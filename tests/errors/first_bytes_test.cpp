// The first-byte gate of anchored regexps (first_bytes) and the SIMD
// start filter (start_filter): each must let through every line or
// position RE2 / an exact search would match (a superset), and refuse
// what it can prove impossible.

#include "errors/first_bytes.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include "errors/start_filter.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

namespace hummel::errors {
namespace {

std::string members(const std::bitset<256>& s) {
  std::string out;
  for (unsigned c = 0; c < 256; ++c)
    if (s.test(c))
      out += static_cast<char>(c);
  return out;
}

TEST(first_bytes, alternatives_give_exactly_their_first_bytes) {
  // RE2's PossibleMatchRange gives '.'..'n' for this one (digits too).
  EXPECT_EQ(
    members(first_bytes(
      R"(^(?:(?:file://)?((?:/|\.{1,2}/)[^:]*\.(?:js|ts)):(\d+)|(?:node:|<anonymous)[^:]*:\d+)$)")),
    "./<fn");
  EXPECT_EQ(members(first_bytes(R"(^[EF]\d{4} \d\d:\d\d)")), "EF");
  EXPECT_EQ(members(first_bytes(R"(^\d+ errors?)")), "0123456789");
  EXPECT_EQ(members(first_bytes(R"(^(?:\d+:\d+ )?\[vite\] )")), "0123456789[");
  EXPECT_EQ(members(first_bytes(R"(^(?P<x>ab|c)d)")), "ac");
  EXPECT_EQ(members(first_bytes(R"(^\s*at )")), "\t\n\f\r a");
  EXPECT_EQ(members(first_bytes(R"(^x{0,2}y)")), "xy");
  EXPECT_EQ(members(first_bytes(R"(^x{1,2}y)")), "x");
}

TEST(first_bytes, what_it_cannot_read_lets_every_byte_through) {
  for (const char* p : {"abc", "^", "^$", "^x?", "^(?i)error", R"(^\pL)",
                        "^[[:alpha:]]x", R"(^(a)\1)", "^a|b", "^(a"})
    EXPECT_TRUE(first_bytes(p).all()) << p;
  // A class with a UTF-8 character: every byte >= 0x80 may start it.
  auto s = first_bytes("^[✗×]");
  EXPECT_TRUE(s.test(0xe2) && s.test(0xc3) && s.test(0x80));
  EXPECT_FALSE(s.test('a'));
  // A negated class: everything else.
  EXPECT_FALSE(first_bytes("^[^:]").test(':'));
  EXPECT_TRUE(first_bytes("^[^:]").test('a'));
}

TEST(first_bytes, never_refuses_a_line_re2_matches) {
  const std::vector<std::string> patterns{
    R"(^(?:(?:file://)?((?:/|\.{1,2}/)[^:]*\.(?:js|ts)):(\d+)|node:\S+)$)",
    R"(^\s+at (?:.*\()?(\S+):(\d+):(\d+)\)?$)",
    R"(^(?:error|warning)(?:\[(E\d+)\])?: (.*)$)",
    R"(^==\d+==\s*ERROR: (\w+Sanitizer: .*)$)",
    R"(^[✗●] (.*)$)",
    R"(^\[?(?:error|fatal)\]?[:\s])"};
  const std::vector<std::string> seeds{
    "/a.js:1",  "  at f (/x.js:1:2)",
    "error: x", "==1== ERROR: AddressSanitizer: x",
    "● t",      "[error] x"};
  std::mt19937 rng{7};
  const std::string alphabet = "/.:0123456789 \t[]=erorwanign()ERfiletsj✗●";
  for (const auto& p : patterns) {
    re2::RE2 re{p};
    ASSERT_TRUE(re.ok()) << p;
    auto gate = first_bytes(p);
    size_t matched = 0;
    for (int k = 0; k < 20000; ++k) {
      std::string line;
      auto len = rng() % 24;
      for (size_t j = 0; j < len; ++j)
        line += alphabet[rng() % alphabet.size()];
      if (k % 3 == 0) // seeded with a real match's start
        line = seeds[static_cast<size_t>(k / 3) % seeds.size()]
               + line.substr(0, 2);
      if (!re2::RE2::PartialMatch(line, re))
        continue;
      ++matched;
      ASSERT_FALSE(line.empty()) << p;
      EXPECT_TRUE(gate.test(static_cast<unsigned char>(line[0])))
        << p << " refuses " << line;
    }
    EXPECT_GT(matched, 0u) << p;
  }
}

/// Every start of every string in `line`, by brute force.
std::vector<size_t> exact_starts(const std::vector<std::string>& strings,
                                 std::string_view line) {
  std::vector<size_t> out;
  for (size_t i = 0; i + 2 < line.size(); ++i)
    for (const auto& s : strings) {
      bool same = s.size() <= line.size() - i;
      for (size_t j = 0; same && j < s.size(); ++j)
        same = std::tolower(static_cast<unsigned char>(line[i + j]))
               == static_cast<unsigned char>(s[j]);
      if (same) {
        out.push_back(i);
        break;
      }
    }
  return out;
}

TEST(start_filter, candidates_include_every_start_at_every_length) {
  const std::vector<std::string> strings{
    "error", ".ts", "[vite] ", " at ", "traceback", "✗ bu", "\"level\""};
  std::vector<std::string_view> views(strings.begin(), strings.end());
  start_filter f;
  f.build(views);
  std::mt19937 rng{3};
  const std::string alphabet = "ErRoO. tsTS[vite]\"levl✗bu-x";
  size_t starts = 0;
  size_t candidates = 0;
  for (int k = 0; k < 3000; ++k) {
    std::string line;
    auto len = static_cast<size_t>(rng() % 80); // 0..79: every tail shape
    for (size_t j = 0; j < len; ++j)
      line += alphabet[rng() % alphabet.size()];
    if (k % 2 == 0) { // a string at a random place, maybe in upper case
      auto s = strings[rng() % strings.size()];
      if (k % 4 == 0)
        for (auto& c : s)
          c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      line.insert(line.empty() ? 0 : rng() % line.size(), s);
    }
    std::vector<size_t> got;
    f.candidates(line, [&](size_t i) { got.push_back(i); });
    for (size_t j = 1; j < got.size(); ++j)
      ASSERT_LT(got[j - 1], got[j]);
    for (auto i : got)
      ASSERT_LT(i + 2, line.size());
    for (auto i : exact_starts(strings, line)) {
      ++starts;
      EXPECT_TRUE(std::binary_search(got.begin(), got.end(), i))
        << "missed " << i << " in '" << line << "'";
    }
    candidates += got.size();
  }
  EXPECT_GT(starts, 1000u);
  // And it filters: far fewer candidates than positions.
  EXPECT_LT(candidates, 3000u * 45u / 2);
}

TEST(start_filter, ordinary_text_gives_few_candidates) {
  start_filter f;
  f.build({"traceback (most", "panic: ", "error"});
  std::string line = "GET /api/items/42 200 3ms - served from the cache";
  size_t n = 0;
  f.candidates(line, [&](size_t) { ++n; });
  EXPECT_LE(n, 4u) << "of " << line.size() << " positions";
  std::vector<size_t> at;
  f.candidates("and then there is an Error here",
               [&](size_t i) { at.push_back(i); });
  EXPECT_NE(std::find(at.begin(), at.end(), 21u), at.end());
  EXPECT_LE(at.size(), 6u);
  // Shorter than one block: every position.
  at.clear();
  f.candidates("an Error", [&](size_t i) { at.push_back(i); });
  EXPECT_EQ(at.size(), 6u);
}

} // namespace
} // namespace hummel::errors
