// The dotenv parser.

#include "config/load.hpp"

#include <gtest/gtest.h>

using namespace hummel;

namespace {

using pairs = std::vector<std::pair<std::string, std::string>>;

pairs parse_ok(std::string_view text) {
  std::vector<config_error> errors;
  auto out = parse_dotenv(text, ".env", errors);
  for (const auto& e : errors)
    ADD_FAILURE() << e.to_string();
  return out;
}

std::vector<config_error> parse_errors(std::string_view text) {
  std::vector<config_error> errors;
  parse_dotenv(text, "/p/.env", errors);
  return errors;
}

} // namespace

TEST(dotenv, reads_plain_pairs_in_order) {
  EXPECT_EQ(parse_ok("A=1\nB=two\n"), (pairs{{"A", "1"}, {"B", "two"}}));
  EXPECT_EQ(parse_ok("A=1"), (pairs{{"A", "1"}}));
  EXPECT_EQ(parse_ok(""), pairs{});
}

TEST(dotenv, skips_comments_and_blank_lines) {
  EXPECT_EQ(parse_ok("# comment\n\n   \n  # indented\nA=1\n"),
            (pairs{{"A", "1"}}));
}

TEST(dotenv, accepts_export_prefix) {
  EXPECT_EQ(parse_ok("export A=1\nexport\tB=2\nexported=3\n"),
            (pairs{{"A", "1"}, {"B", "2"}, {"exported", "3"}}));
}

TEST(dotenv, trims_unquoted_values_and_strips_trailing_comments) {
  EXPECT_EQ(
    parse_ok("A =  hello world  \nB=x # note\nC=a#b\nD=\nE= # c\n"),
    (pairs{
      {"A", "hello world"}, {"B", "x"}, {"C", "a#b"}, {"D", ""}, {"E", ""}}));
}

TEST(dotenv, single_quotes_are_literal) {
  EXPECT_EQ(parse_ok("A='x \\n y # z'\n"), (pairs{{"A", "x \\n y # z"}}));
}

TEST(dotenv, double_quotes_understand_escapes) {
  EXPECT_EQ(parse_ok(R"(A="line1\nline2 \"q\" back\\slash \t" # c)"),
            (pairs{{"A", "line1\nline2 \"q\" back\\slash \t"}}));
  EXPECT_EQ(parse_ok(R"(A="keep \x")"), (pairs{{"A", "keep \\x"}}));
}

TEST(dotenv, quoted_values_may_span_lines) {
  EXPECT_EQ(parse_ok("A=\"one\ntwo\"\nB=3\n"),
            (pairs{{"A", "one\ntwo"}, {"B", "3"}}));
}

TEST(dotenv, handles_crlf_line_endings) {
  EXPECT_EQ(parse_ok("A=1\r\nB=\"x\"\r\n"), (pairs{{"A", "1"}, {"B", "x"}}));
}

TEST(dotenv, reports_a_line_without_equals_sign) {
  auto errors = parse_errors("A=1\n\nthis is wrong\nB=2\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "/p/.env");
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].reason, "expected KEY=VALUE");
}

TEST(dotenv, reports_invalid_names) {
  auto errors = parse_errors("A=1\n1X=2\nMY-VAR=3\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_EQ(errors[0].reason, "invalid variable name '1X'");
  EXPECT_EQ(errors[1].line, 3);
}

TEST(dotenv, reports_unterminated_quotes_at_the_opening_line) {
  auto errors = parse_errors("A=1\nB=\"open\nC=3\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_NE(errors[0].reason.find("unterminated double-quoted value for 'B'"),
            std::string::npos);
}

TEST(dotenv, reports_text_after_a_closing_quote) {
  auto errors = parse_errors("A=1\nB=\"x\" y\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2);
  EXPECT_NE(errors[0].reason.find("after the closing quote"),
            std::string::npos);
}

TEST(dotenv, counts_lines_after_multiline_values) {
  auto errors = parse_errors("A=\"a\nb\nc\"\noops\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 4);
}
