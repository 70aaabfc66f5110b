// Matcher files: the VS Code / GitHub Actions shapes, and clear refusals.

#include <gtest/gtest.h>

#include "errors/detector.hpp"

#include <variant>

namespace hummel::errors {
namespace {

std::string error_of(std::string_view json) {
  auto r = parse_matchers(json, "m.json");
  if (auto* e = std::get_if<std::string>(&r))
    return *e;
  auto c
    = rule_set::compile(std::get<std::vector<matcher>>(std::move(r)), "m.json");
  if (auto* e = std::get_if<std::string>(&c))
    return *e;
  return "";
}

TEST(matcher, a_github_actions_file_works_unchanged) {
  // The shape of actions/setup-node's eslint-stylish matcher.
  auto text = R"({"problemMatcher": [{"owner": "eslint-stylish",
    "pattern": [{"regexp": "^([^\\s].*)$", "file": 1},
                {"regexp": "^\\s+(\\d+):(\\d+)\\s+(error|warning|info)\\s+(.*)\\s\\s+(.*)$",
                 "line": 1, "column": 2, "severity": 3, "message": 4,
                 "code": 5, "loop": true}]}]})";
  auto r = parse_matchers(text, "eslint.json");
  ASSERT_TRUE(std::holds_alternative<std::vector<matcher>>(r));
  auto c = rule_set::compile(std::get<std::vector<matcher>>(std::move(r)),
                             "eslint.json");
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const rule_set>>(c));
  detector d{std::get<std::shared_ptr<const rule_set>>(c)};
  std::vector<group> out;
  d.feed("src/a.js", 1, 0, out);
  d.feed("  1:7  error  'x' is unused  no-unused-vars", 2, 0, out);
  d.feed("  3:1  warning  Unexpected console  no-console", 3, 0, out);
  d.finish(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].file.value_or(""), "src/a.js");
  EXPECT_EQ(out[0].kind, "eslint-stylish");
  EXPECT_EQ(out[1].level, severity::warning);
  EXPECT_EQ(out[1].line.value_or(0), 3u);
}

TEST(matcher, a_vscode_single_pattern_object_works) {
  auto text = R"({"owner": "cpp", "pattern": {"regexp":
    "^(.*):(\\d+):(\\d+):\\s+(warning|error):\\s+(.*)$", "file": 1,
    "line": 2, "column": 3, "severity": 4, "message": 5}})";
  EXPECT_EQ(error_of(text), "");
}

TEST(matcher, a_regexp_re2_cannot_take_is_refused_with_the_name_and_reason) {
  auto e = error_of(R"([{"owner": "lookahead", "pattern":
    [{"regexp": "^(?!webpack)(.*)$", "message": 1}]}])");
  EXPECT_NE(e.find("matcher 'lookahead' pattern 1"), std::string::npos) << e;
  EXPECT_NE(e.find("RE2 cannot take it"), std::string::npos) << e;
}

TEST(matcher, a_group_number_beyond_the_regexp_is_refused) {
  auto e = error_of(R"([{"owner": "x", "pattern": [{"regexp": "^(a)$",
    "message": 3}]}])");
  EXPECT_NE(e.find("capture group 3"), std::string::npos) << e;
}

TEST(matcher, shape_errors_name_file_matcher_and_field) {
  EXPECT_EQ(error_of("{"), "m.json: not valid JSON");
  EXPECT_NE(error_of(R"([{"pattern": [{"regexp": "x"}]}])").find("owner"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"owner": "t", "pattern": [{"regexp": "x",
    "line": "2"}]}])")
              .find("m.json: matcher 't' pattern 1: \"line\""),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"owner": "t", "pattern": [{"regexp": "a",
    "loop": true}, {"regexp": "b"}]}])")
              .find("only the last pattern"),
            std::string::npos);
  EXPECT_NE(error_of(R"([{"owner": "t", "pattern": [{"regexp": "a"}],
    "hummel": {"tail": ""}}])")
              .find("\"hummel.tail\" must be a non-empty regexp"),
            std::string::npos);
}

TEST(matcher, every_builtin_matcher_compiles) {
  auto r = rule_set::with_builtin();
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<const rule_set>>(r))
    << std::get<std::string>(r);
  EXPECT_GE(std::get<std::shared_ptr<const rule_set>>(r)->matchers().size(),
            25u);
}

TEST(matcher, severity_words_map_like_the_editors_do) {
  EXPECT_EQ(parse_severity("ERROR", severity::info), severity::error);
  EXPECT_EQ(parse_severity("fatal", severity::info), severity::error);
  EXPECT_EQ(parse_severity("Warning", severity::error), severity::warning);
  EXPECT_EQ(parse_severity("note", severity::error), severity::info);
  EXPECT_EQ(parse_severity("", severity::warning), severity::warning);
}

} // namespace
} // namespace hummel::errors
