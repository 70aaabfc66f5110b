// `watch`, `watch_ignore` and `watch_debounce` of a process.

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

using namespace hummel;
using namespace std::chrono_literals;
using hummel::test::dump;
using hummel::test::find_process;
using hummel::test::has_error;
using hummel::test::temp_project;

TEST(config_watch, globs_and_debounce_are_read) {
  temp_project p;
  auto r = p.load_toml(R"([processes.web]
command = "node server.js"
watch = ["src/**/*.ts", "package.json"]
watch_ignore = ["*.test.ts", "dist"]
watch_debounce = "1.5s"

[processes.api]
command = "x"
watch = "api/**"
watch_debounce = 50
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto* web = find_process(r.config, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->watch,
            (std::vector<std::string>{"src/**/*.ts", "package.json"}));
  EXPECT_EQ(web->watch_ignore, (std::vector<std::string>{"*.test.ts", "dist"}));
  EXPECT_EQ(web->watch_debounce, 1500ms);
  const auto* api = find_process(r.config, "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->watch, (std::vector<std::string>{"api/**"}));
  EXPECT_EQ(api->watch_debounce, 50ms);
}

TEST(config_watch, defaults_are_no_watching_and_300_ms) {
  temp_project p;
  auto r = p.load_toml("[processes.web]\ncommand = \"x\"\n");
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto* web = find_process(r.config, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_TRUE(web->watch.empty());
  EXPECT_TRUE(web->watch_ignore.empty());
  EXPECT_EQ(web->watch_debounce, 300ms);
}

TEST(config_watch, globs_outside_the_cwd_are_refused_with_their_line) {
  temp_project p;
  auto r = p.load_toml(R"([processes.web]
command = "x"
watch = [
  "src/*.ts",
  "../shared/*.ts",
  "/etc/x",
]
)");
  EXPECT_FALSE(r.ok());
  auto file = p.path("hummel.toml");
  EXPECT_TRUE(has_error(r, file, 5, "must not leave the process's cwd"))
    << dump(r);
  EXPECT_TRUE(has_error(r, file, 6, "must be relative to the process's cwd"))
    << dump(r);
  EXPECT_EQ(r.errors.size(), 2u) << dump(r);
}

TEST(config_watch, wrong_types_and_bad_durations_are_refused) {
  temp_project p;
  auto file = p.path("hummel.toml");
  auto r = p.load_toml("[processes.a]\ncommand = \"x\"\nwatch = 3\n"
                       "watch_ignore = [1]\nwatch_debounce = \"soon\"\n");
  EXPECT_TRUE(has_error(r, file, 3, "'watch' must be an array of globs"))
    << dump(r);
  EXPECT_TRUE(has_error(r, file, 4,
                        "'watch_ignore' must be an array of "
                        "strings"))
    << dump(r);
  EXPECT_TRUE(has_error(r, file, 5, "invalid duration 'soon'")) << dump(r);
  auto neg = p.load_toml("[processes.a]\ncommand = \"x\"\nwatch_debounce = "
                         "-1\n");
  EXPECT_FALSE(neg.ok()) << dump(neg);
}
