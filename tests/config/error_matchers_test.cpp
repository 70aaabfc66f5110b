// [errors] matchers: user problem-matcher files, read as paths relative
// to the project (their contents are checked at daemon start).

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

using namespace hummel;
using hummel::test::temp_project;

namespace {

std::string errors_of(const load_result& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += e.to_string() + "\n";
  return out;
}

} // namespace

TEST(error_matchers, a_good_file_is_taken_relative_to_the_project) {
  temp_project p;
  p.write("ci/m.json", R"({"owner": "mytool", "pattern": [
    {"regexp": "^(.*):(\\d+): BAD (.*)$", "file": 1, "line": 2,
     "message": 3}]})");
  p.write("hummel.toml", "[errors]\nmatchers = [\"ci/m.json\"]\n");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.config.errors.matchers.size(), 1u);
  EXPECT_EQ(r.config.errors.matchers[0], p.dir() / "ci/m.json");
}

TEST(error_matchers, a_wrong_type_and_an_unknown_key_are_errors) {
  temp_project p;
  p.write("hummel.toml", "[errors]\nmatchers = \"m.json\"\nx = 1\n");
  auto r = load_project(p.dir());
  ASSERT_FALSE(r.ok());
  auto text = errors_of(r);
  EXPECT_NE(text.find("hummel.toml:2"), std::string::npos) << text;
  EXPECT_NE(text.find("'x'"), std::string::npos) << text;
}
