#include "watch/glob.hpp"

#include <gtest/gtest.h>

using namespace hummel::watch;

namespace {

glob make(std::string_view pattern) {
  auto g = glob::compile(pattern);
  EXPECT_TRUE(std::holds_alternative<glob>(g)) << pattern;
  return std::get<glob>(g);
}

path_filter filter(std::vector<std::string> watch,
                   std::vector<std::string> ignore = {}) {
  auto f = path_filter::make(watch, ignore);
  EXPECT_TRUE(std::holds_alternative<path_filter>(f));
  return std::get<path_filter>(f);
}

} // namespace

TEST(glob, star_and_question_mark_stay_within_one_segment) {
  auto g = make("src/*.ts");
  EXPECT_TRUE(g.matches("src/app.ts"));
  EXPECT_TRUE(g.matches("src/.hidden.ts"));
  EXPECT_FALSE(g.matches("src/lib/app.ts"));
  EXPECT_FALSE(g.matches("app.ts"));
  EXPECT_FALSE(g.matches("src/app.tsx"));
  auto q = make("?.js");
  EXPECT_TRUE(q.matches("a.js"));
  EXPECT_FALSE(q.matches("ab.js"));
}

TEST(glob, double_star_spans_any_number_of_segments_including_none) {
  auto g = make("src/**/*.ts");
  EXPECT_TRUE(g.matches("src/app.ts"));
  EXPECT_TRUE(g.matches("src/a/b/c/app.ts"));
  EXPECT_FALSE(g.matches("lib/app.ts"));
  EXPECT_FALSE(g.matches("src/a/app.js"));
  auto lead = make("**/package.json");
  EXPECT_TRUE(lead.matches("package.json"));
  EXPECT_TRUE(lead.matches("packages/web/package.json"));
  auto mid = make("a/**/b/**/c");
  EXPECT_TRUE(mid.matches("a/b/c"));
  EXPECT_TRUE(mid.matches("a/x/b/y/z/c"));
  EXPECT_FALSE(mid.matches("a/x/c"));
}

TEST(glob, character_classes_and_escapes_follow_fnmatch) {
  auto g = make("src/[abc]*.ts");
  EXPECT_TRUE(g.matches("src/app.ts"));
  EXPECT_TRUE(g.matches("src/core.ts"));
  EXPECT_FALSE(g.matches("src/main.ts"));
  auto neg = make("log[!0-9].txt");
  EXPECT_TRUE(neg.matches("logx.txt"));
  EXPECT_FALSE(neg.matches("log1.txt"));
  auto esc = make("a\\*b");
  EXPECT_TRUE(esc.matches("a*b"));
  EXPECT_FALSE(esc.matches("axb"));
}

TEST(glob, a_pattern_naming_a_folder_covers_everything_below_it) {
  auto g = make("src");
  EXPECT_TRUE(g.matches("src"));
  EXPECT_TRUE(g.matches("src/a/b.ts"));
  EXPECT_FALSE(g.matches("srcs/a.ts"));
  auto slash = make("./config/");
  EXPECT_TRUE(slash.matches("config/app.yml"));
}

TEST(glob, exact_names_are_anchored_at_the_cwd) {
  auto g = make("package.json");
  EXPECT_TRUE(g.matches("package.json"));
  EXPECT_FALSE(g.matches("web/package.json"));
}

TEST(glob, may_match_below_tells_which_folders_to_descend_into) {
  auto g = make("src/**/*.ts");
  EXPECT_TRUE(g.may_match_below(""));
  EXPECT_TRUE(g.may_match_below("src"));
  EXPECT_TRUE(g.may_match_below("src/deep/er"));
  EXPECT_FALSE(g.may_match_below("lib"));
  auto top = make("package.json");
  EXPECT_TRUE(top.may_match_below(""));
  EXPECT_FALSE(top.may_match_below("src"));
  auto one = make("config/*.yml");
  EXPECT_TRUE(one.may_match_below("config"));
  EXPECT_FALSE(one.may_match_below("config/sub"));
}

TEST(glob, empty_absolute_and_parent_patterns_are_refused) {
  EXPECT_TRUE(check_pattern(""));
  EXPECT_TRUE(check_pattern("/etc/*.conf"));
  EXPECT_TRUE(check_pattern("../shared/*.ts"));
  EXPECT_TRUE(check_pattern("src/../x"));
  EXPECT_FALSE(check_pattern("src/**/*.ts"));
  EXPECT_TRUE(std::holds_alternative<std::string>(glob::compile("/x")));
}

TEST(path_filter, git_and_node_modules_are_ignored_at_any_depth) {
  auto f = filter({"**/*.js"});
  EXPECT_TRUE(f.wants("src/a.js"));
  EXPECT_FALSE(f.wants("node_modules/x/index.js"));
  EXPECT_FALSE(f.wants("packages/web/node_modules/x/index.js"));
  EXPECT_FALSE(f.wants(".git/hooks/x.js"));
  EXPECT_FALSE(f.descends("node_modules"));
  EXPECT_FALSE(f.descends("web/node_modules"));
  EXPECT_FALSE(f.descends(".git"));
  EXPECT_TRUE(f.descends("src"));
}

TEST(path_filter, ignore_without_slash_floats_with_slash_is_anchored) {
  auto f = filter({"**"}, {"*.log", "dist", "build/cache"});
  EXPECT_FALSE(f.wants("a.log"));
  EXPECT_FALSE(f.wants("deep/er/a.log"));
  EXPECT_FALSE(f.wants("web/dist/bundle.js"));
  EXPECT_FALSE(f.wants("build/cache/x"));
  EXPECT_TRUE(f.wants("web/build/cache/x"));
  EXPECT_TRUE(f.wants("src/app.ts"));
  EXPECT_FALSE(f.descends("dist"));
  EXPECT_TRUE(f.descends("build"));
  EXPECT_FALSE(f.descends("build/cache"));
}

TEST(path_filter, the_root_is_descended_for_any_pattern) {
  EXPECT_TRUE(filter({"package.json"}).descends(""));
  EXPECT_FALSE(filter({"package.json"}).descends("src"));
}

TEST(path_filter, an_invalid_pattern_is_reported) {
  auto f = path_filter::make({"src/*.ts", "../x"}, {});
  ASSERT_TRUE(std::holds_alternative<std::string>(f));
  EXPECT_NE(std::get<std::string>(f).find("../x"), std::string::npos);
}
