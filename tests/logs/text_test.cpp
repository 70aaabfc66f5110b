#include "logs/text.hpp"

#include <gtest/gtest.h>

#include <string>

using hummel::is_valid_utf8;
using hummel::sanitize_utf8;
using hummel::strip_ansi;

namespace {

const std::string fffd = "\xEF\xBF\xBD";

std::string bytes(std::initializer_list<unsigned> xs) {
  std::string out;
  for (auto x : xs)
    out += static_cast<char>(x);
  return out;
}

} // namespace

TEST(utf8, valid_text_passes_through_unchanged) {
  std::string in = "plain ascii\t\x01\x7f ctrl, "
                   "\xC3\xA9 \xE2\x9E\x9C \xF0\x9F\x9A\x80 "
                   "\xEF\xBF\xBF \xF4\x8F\xBF\xBF \xED\x9F\xBF";
  in += std::string{"\0nul", 4};
  EXPECT_TRUE(is_valid_utf8(in));
  EXPECT_EQ(sanitize_utf8(in), in);
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_EQ(sanitize_utf8(""), "");
}

TEST(utf8, each_invalid_class_is_replaced) {
  struct sample {
    const char* what;
    std::string in;
    std::string out;
  };
  std::vector<sample> samples{
    {"lone continuation", bytes({'a', 0x80, 'b'}), "a" + fffd + "b"},
    {"C0 overlong lead", bytes({0xC0, 0xAF}), fffd + fffd},
    {"C1 overlong lead", bytes({0xC1, 0xBF}), fffd + fffd},
    {"E0 overlong", bytes({0xE0, 0x80, 0xAF}), fffd + fffd + fffd},
    {"F0 overlong", bytes({0xF0, 0x8F, 0xBF, 0xBF}), fffd + fffd + fffd + fffd},
    {"surrogate", bytes({0xED, 0xA0, 0x80}), fffd + fffd + fffd},
    {"above U+10FFFF", bytes({0xF4, 0x90, 0x80, 0x80}),
     fffd + fffd + fffd + fffd},
    {"F5 lead", bytes({0xF5, 0x80}), fffd + fffd},
    {"FF byte", bytes({'x', 0xFF}), "x" + fffd},
    {"truncated 2 at end", bytes({'x', 0xC3}), "x" + fffd},
    {"truncated 3 at end", bytes({0xE2, 0x9E}), fffd},
    {"truncated 4 at end", bytes({0xF0, 0x9F, 0x9A}), fffd},
    {"truncated 3 mid", bytes({0xE2, 0x9E, 'a'}), fffd + "a"},
    {"truncated 4 then valid", bytes({0xF0, 0x9F, 0xC3, 0xA9}),
     fffd + "\xC3\xA9"},
  };
  for (const auto& s : samples) {
    EXPECT_FALSE(is_valid_utf8(s.in)) << s.what;
    auto out = sanitize_utf8(s.in);
    EXPECT_EQ(out, s.out) << s.what;
    EXPECT_TRUE(is_valid_utf8(out)) << s.what;
  }
}

TEST(utf8, every_byte_pair_and_triple_sanitizes_to_valid_utf8) {
  for (unsigned a = 0; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b) {
      auto in = bytes({a, b, 0x80, 'z'});
      auto out = sanitize_utf8(in);
      ASSERT_TRUE(is_valid_utf8(out)) << a << " " << b;
      EXPECT_EQ(out.back(), 'z');
      if (is_valid_utf8(in)) {
        EXPECT_EQ(out, in);
      }
    }
}

TEST(utf8, long_ascii_runs_with_late_invalid_byte) {
  std::string in(1000, 'a');
  in += '\xFF';
  in += std::string(17, 'b');
  EXPECT_FALSE(is_valid_utf8(in));
  EXPECT_EQ(sanitize_utf8(in),
            std::string(1000, 'a') + fffd + std::string(17, 'b'));
}

TEST(strip_ansi, removes_csi_sequences) {
  EXPECT_EQ(strip_ansi("\x1b[32mgreen\x1b[0m plain"), "green plain");
  EXPECT_EQ(strip_ansi("\x1b[1;38;5;208mbold\x1b[39;49m"), "bold");
  EXPECT_EQ(strip_ansi("a\x1b[2Kb\x1b[1Gc"), "abc");
  EXPECT_EQ(strip_ansi("\x1b[?25lhidden cursor\x1b[?25h"), "hidden cursor");
}

TEST(strip_ansi, removes_osc_with_bel_or_st) {
  EXPECT_EQ(strip_ansi("\x1b]0;title\x07text"), "text");
  EXPECT_EQ(strip_ansi("\x1b]8;;http://x.test/\x1b\\link\x1b]8;;\x1b\\ after"),
            "link after");
  EXPECT_EQ(strip_ansi("\x1bPdcs data\x1b\\ok"), "ok");
}

TEST(strip_ansi, removes_short_escape_sequences) {
  EXPECT_EQ(strip_ansi("a\x1b"
                       "7b\x1b"
                       "8c"),
            "abc");
  EXPECT_EQ(strip_ansi("\x1b(Bcharset"), "charset");
  EXPECT_EQ(strip_ansi("x\x1b=y\x1b>"), "xy");
}

TEST(strip_ansi, handles_truncated_sequences_and_plain_text) {
  EXPECT_EQ(strip_ansi("no escapes here"), "no escapes here");
  EXPECT_EQ(strip_ansi("end\x1b"), "end");
  EXPECT_EQ(strip_ansi("end\x1b["), "end");
  EXPECT_EQ(strip_ansi("end\x1b[31"), "end");
  EXPECT_EQ(strip_ansi("end\x1b]unterminated"), "end");
  EXPECT_EQ(strip_ansi(""), "");
  // Bytes that are not escape sequences survive, invalid UTF-8 included.
  EXPECT_EQ(strip_ansi("\xff\x1b[0m\xfe"), "\xff\xfe");
}

TEST(strip_ansi, keeps_utf8_text_around_sequences_untouched) {
  // "grün ✓ 🐝" in UTF-8: bytes >= 0x80 (C1 lookalikes inside multibyte
  // sequences included) are text, not escape sequences.
  const std::string text = "gr\xC3\xBCn \xE2\x9C\x93 \xF0\x9F\x90\x9D";
  EXPECT_EQ(strip_ansi(text), text);
  EXPECT_EQ(strip_ansi("\x1b[1m" + text + "\x1b[0m"), text);
  // U+009B (CSI as a C1 character) encoded in UTF-8 stays: it is text.
  EXPECT_EQ(strip_ansi("a\xC2\x9B"
                       "31mb"),
            "a\xC2\x9B"
            "31mb");
}

TEST(strip_ansi, drops_a_lone_escape_and_keeps_what_follows) {
  // ESC before a byte that starts no sequence (a space is an intermediate
  // that ends with the final byte after it; a UTF-8 lead byte ends it).
  EXPECT_EQ(strip_ansi("a\x1b\xC3\xA9"
                       "b"),
            "a\xC3\xA9"
            "b");
  EXPECT_EQ(strip_ansi("x\x1b\x1b[0my"), "xy");
  EXPECT_EQ(strip_ansi("tab\x1b\tafter"), "tab\tafter");
}

TEST(has_escape, finds_an_esc_at_every_place_of_every_length) {
  // 16 bytes per compare, two overlapping words for 8-15 bytes, bytes
  // below: every length up to 40, the ESC at each place or nowhere, with
  // bytes around it that differ from ESC by one bit (0x1a, 0x1f, 0x9b).
  for (size_t n = 0; n <= 40; ++n) {
    std::string line(n, 'x');
    for (size_t i = 0; i < n; ++i)
      line[i] = "\x1a\x1f\x9b"[i % 3];
    EXPECT_FALSE(hummel::has_escape(line)) << n;
    for (size_t at = 0; at < n; ++at) {
      auto with = line;
      with[at] = '\x1b';
      EXPECT_TRUE(hummel::has_escape(with)) << n << " " << at;
    }
  }
}
