// The prefilter in front of the matchers' first lines: it must find
// exactly the regexps RE2 matches, one by one, on every line (the corpus,
// and lines built to hit its edges: case, non-ASCII atoms, anchors, long
// lines).

#include "errors/prefilter.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include "errors/rule_set.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace hummel::errors {
namespace {

namespace fs = std::filesystem;

/// Each regexp of `patterns` matched alone by RE2, in order.
std::vector<int> brute(const std::vector<std::unique_ptr<re2::RE2>>& res,
                       std::string_view line) {
  std::vector<int> out;
  for (size_t i = 0; i < res.size(); ++i)
    if (re2::RE2::PartialMatch(line, *res[i]))
      out.push_back(static_cast<int>(i));
  return out;
}

struct compiled {
  std::vector<std::unique_ptr<re2::RE2>> res;
  std::unique_ptr<prefilter> filter;
};

compiled make(const std::vector<std::string>& patterns) {
  compiled c;
  re2::RE2::Options o;
  o.set_log_errors(false);
  std::vector<const re2::RE2*> raw;
  for (const auto& p : patterns) {
    c.res.push_back(std::make_unique<re2::RE2>(p, o));
    EXPECT_TRUE(c.res.back()->ok()) << p;
    raw.push_back(c.res.back().get());
  }
  c.filter = std::make_unique<prefilter>(raw);
  return c;
}

std::vector<int> filtered(const compiled& c, std::string_view line) {
  std::vector<int> out{99}; // cleared by matches
  c.filter->matches(line, out);
  return out;
}

TEST(prefilter, finds_what_re2_finds_on_edge_lines) {
  auto c = make({
    "(?i)fatal error",         // case-insensitive atom
    "Über den Fehler",         // a cased non-ASCII letter in the atom
    "✗ Build failed",          // a caseless symbol in the atom
    "^[EW]\\d{4} \\d\\d:",     // no atom, anchored: gated by first byte
    "\\d\\d:\\d\\d:\\d\\d Z$", // no atom, not anchored: runs on every line
    "^x\\d|y\\d\\d",           // ^ with a top-level |: not gated
    "^(?:a|b)[|]c\\d",         // | in a class and a group: gated
    "^$",                      // matches the empty line only
    "needle$",                 // an atom at the end of a long line
  });
  // "Über…": its atom is cut to nothing (Ü has a case), so it runs always.
  EXPECT_EQ(c.filter->unfiltered(), 5u);
  std::vector<std::string> lines = {
    "",
    "FATAL ERROR: disk",
    "a Fatal Error here",
    "fatal  error",
    "Über den Fehler",
    "über den fehler",
    "✗ Build failed in 2s",
    "✗ build failed",
    "E1203 08:00:00.1 9 a.cc:3] boom",
    "W1203 08:",
    "[E1203 08:00",
    "at 12:00:01 Z",
    "x1",
    "zzz y12",
    "a|c1",
    "b|c",
    "c|c1",
    std::string(5000, 'a') + "needle",
    std::string(1030, 'b') + " FATAL error",
    "\xff\xfe fatal error \x80",
  };
  for (const auto& l : lines)
    EXPECT_EQ(filtered(c, l), brute(c.res, l)) << "line: " << l;
}

TEST(prefilter, no_regexps_match_nothing) {
  auto c = make({});
  EXPECT_TRUE(filtered(c, "ERROR anything").empty());
}

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(prefilter, built_in_starters_equal_re2_one_by_one_on_the_corpus) {
  // Both corpora: the tuned one and the held-out one.
  auto made = rule_set::with_builtin();
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const rule_set>>(made));
  auto rules = std::get<std::shared_ptr<const rule_set>>(made);
  // Only the two glog matchers (no literal: "E1203 08:00:00") run
  // unfiltered, gated by their first byte.
  EXPECT_EQ(rules->unfiltered(), 2u);
  std::vector<const re2::RE2*> first;
  for (const auto& m : rules->matchers())
    first.push_back(m.pattern.front().re.get());
  size_t lines = 0;
  size_t starting = 0;
  std::vector<int> got;
  std::vector<fs::path> files;
  for (const char* root : {"tests/errors/corpus", "tests/errors/heldout"})
    for (const auto& e :
         fs::recursive_directory_iterator{fs::path{HUMMEL_SOURCE_DIR} / root})
      if (e.path().extension() == ".log")
        files.push_back(e.path());
  for (const auto& path : files) {
    std::istringstream in{slurp(path)};
    std::string line;
    while (std::getline(in, line)) {
      std::vector<int> want;
      for (size_t i = 0; i < first.size(); ++i)
        if (re2::RE2::PartialMatch(line, *first[i]))
          want.push_back(static_cast<int>(i));
      rules->starters(line, got);
      ASSERT_EQ(got, want) << path << ": " << line;
      ++lines;
      starting += want.empty() ? 0 : 1;
    }
  }
  EXPECT_GT(lines, 2000u);
  EXPECT_GT(starting, 200u);
}

} // namespace
} // namespace hummel::errors
