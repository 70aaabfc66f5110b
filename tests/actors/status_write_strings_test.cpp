// The pieces of the direct writer (actors/mcp_tools/status_write.hpp) that
// stand alone: string literals as nlohmann's dump writes them, and times as
// the C library does.

#include "actors/mcp_tools/status_write.hpp"
#include "messages/status_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>
#include <random>
#include <vector>

namespace hummel {
namespace {

using nlohmann::json;

constexpr int64_t now = 1'764'900'000'123;

TEST(status_write, json_strings_as_nlohmann_writes_them) {
  for (int c = 0; c < 256; ++c) {
    std::string s{"a"};
    s += static_cast<char>(c);
    s += "z";
    std::string got;
    bool ok = mcp_tools::append_json_string(got, s);
    if (c < 0x80) {
      ASSERT_TRUE(ok) << c;
      EXPECT_EQ(got, json(s).dump()) << c;
    } else {
      EXPECT_FALSE(ok) << c; // a lone byte >= 0x80 is never valid
    }
  }
}

/// nlohmann's literal for `s`, or nothing when it refuses `s` (not UTF-8).
std::optional<std::string> nlohmann_literal(const std::string& s) {
  try {
    return json(s).dump();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

TEST(status_write, json_strings_eight_bytes_at_a_time_as_nlohmann_writes_them) {
  // Every byte at every place of a string long enough for the eight-byte
  // steps, then random strings of plain text, escapes and UTF-8 (valid
  // and broken).
  for (int c = 0; c < 256; ++c) {
    for (size_t at = 0; at < 20; ++at) {
      std::string s(20, 'x');
      s[at] = static_cast<char>(c);
      std::string got;
      bool ok = mcp_tools::append_json_string(got, s);
      auto want = nlohmann_literal(s);
      ASSERT_EQ(ok, want.has_value()) << c << " at " << at;
      if (ok) {
        ASSERT_EQ(got, *want) << c << " at " << at;
      }
    }
  }
  const std::vector<std::string> pieces{"plain text ",  "\n",
                                        "\"",           "\\",
                                        "\t",           "\x01",
                                        "\x7f",         "\xc3\xa9",
                                        "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                        "\xc3",         "\xed\xa0\x80",
                                        "\xff",         "12345678",
                                        "abc"};
  std::mt19937 rng{5};
  for (int i = 0; i < 20'000; ++i) {
    std::string s;
    for (auto n = rng() % 8; n > 0; --n)
      s += pieces[rng() % pieces.size()];
    std::string got{"prefix"};
    bool ok = mcp_tools::append_json_string(got, s);
    auto want = nlohmann_literal(s);
    ASSERT_EQ(ok, want.has_value())
      << json(s).dump(-1, ' ', true, json::error_handler_t::replace);
    if (ok) {
      ASSERT_EQ(got, "prefix" + *want);
    }
  }
}

/// iso_text as it was written with the C library.
std::string iso_by_libc(int64_t ms) {
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ",
                static_cast<int>(ms % 1000));
  return buf;
}

TEST(status_write, iso_times_as_the_c_library_writes_them) {
  std::vector<int64_t> ms{1,
                          999,
                          1000,
                          86'399'999,
                          86'400'000,
                          951'782'400'000,     // 2000-02-29
                          951'868'799'999,     // 2000-02-29T23:59:59.999
                          4'107'542'400'000,   // 2100-03-01
                          253'402'300'799'999, // 9999-12-31T23:59:59.999
                          now};
  std::mt19937_64 rng{7};
  for (int i = 0; i < 100'000; ++i)
    ms.push_back(1 + static_cast<int64_t>(rng() % 253'402'300'799'999));
  for (auto x : ms)
    ASSERT_EQ(iso_text(x), iso_by_libc(x)) << x;
}

} // namespace
} // namespace hummel
