// config/diff.hpp: which definitions a reload adds, removes, changes and
// leaves alone, on configurations loaded from real files.

#include "config/diff.hpp"

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

using namespace hummel;
using hummel::test::temp_project;
using strings = std::vector<std::string>;

namespace {

project_config load_ok(const temp_project& p, const std::string& toml) {
  auto r = p.load_toml(toml);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].to_string());
  return r.config;
}

const char* base = R"(
[processes.a]
command = "sleep 100"
autostart = true

[processes.b]
command = "sleep 200"

[processes.c]
command = "sleep 300"
depends_on = ["a"]
)";

} // namespace

TEST(config_diff, identical_files_change_nothing) {
  temp_project p;
  auto a = load_ok(p, base);
  auto b = load_ok(p, base);
  auto d = diff_processes(a, b);
  EXPECT_TRUE(d.empty());
  EXPECT_FALSE(d.list_changed());
  EXPECT_EQ(d.unchanged, (strings{"a", "b", "c"}));
}

TEST(config_diff, added_removed_and_changed_are_told_apart) {
  temp_project p;
  auto a = load_ok(p, base);
  auto b = load_ok(p, R"(
[processes.a]
command = "sleep 100"
autostart = true

[processes.c]
command = "sleep 301"
depends_on = ["a"]

[processes.d]
command = "sleep 400"
)");
  auto d = diff_processes(a, b);
  EXPECT_EQ(d.added, (strings{"d"}));
  EXPECT_EQ(d.removed, (strings{"b"}));
  EXPECT_EQ(d.changed, (strings{"c"}));
  EXPECT_EQ(d.unchanged, (strings{"a"}));
  EXPECT_TRUE(d.list_changed());
}

TEST(config_diff, moving_a_definition_in_the_file_is_no_change) {
  temp_project p;
  auto a = load_ok(p, base);
  auto b = load_ok(p, R"(
# a comment that shifts every line


[processes.b]
command = "sleep 200"

[processes.a]
command = "sleep 100"
autostart = true

[processes.c]
command = "sleep 300"
depends_on = ["a"]
)");
  ASSERT_NE(a.processes[0].source_line, b.processes[1].source_line);
  auto d = diff_processes(a, b);
  EXPECT_TRUE(d.empty()) << d.changed.size();
  EXPECT_EQ(d.unchanged.size(), 3u);
}

TEST(config_diff, any_field_of_a_definition_counts_as_a_change) {
  temp_project p;
  auto a = load_ok(p, base);
  auto cases = strings{
    "autostart = false",     "restart = \"always\"",
    "env = { X = \"1\" }",   "stop_signal = \"SIGINT\"",
    "grace_period = \"1s\"", "ready = { log = \"up\" }",
    "depends_on = [\"a\"]",  "max_restarts = 3",
    "cwd = \"sub\"",         "log_max_lines = 5",
  };
  p.write("sub/.keep", "");
  for (const auto& extra : cases) {
    auto toml = std::string{base};
    toml.insert(toml.find("command = \"sleep 200\"") + 21, "\n" + extra);
    auto c = load_ok(p, toml);
    auto d = diff_processes(a, c);
    EXPECT_EQ(d.changed, (strings{"b"})) << extra;
    EXPECT_TRUE(d.added.empty() && d.removed.empty()) << extra;
  }
}

TEST(config_diff, a_changed_package_json_script_is_changed) {
  temp_project p;
  p.write("package.json", R"({"scripts": {"build": "tsc", "test": "jest"}})");
  auto a = load_ok(p, "");
  p.write("package.json", R"({"scripts": {"build": "tsc -p .", "lint": "x"}})");
  auto b = load_ok(p, "");
  auto d = diff_processes(a, b);
  EXPECT_EQ(d.changed, (strings{"build"}));
  EXPECT_EQ(d.added, (strings{"lint"}));
  EXPECT_EQ(d.removed, (strings{"test"}));
}

TEST(config_diff, settings_outside_processes_are_reported_as_unapplied) {
  temp_project p;
  auto a = load_ok(p, base);
  auto b = load_ok(p, std::string{"[daemon]\nhttp = \"off\"\n"} + base);
  EXPECT_EQ(unapplied_changes(a, b), (strings{"daemon"}));
  auto c = load_ok(p, std::string{"[daemon]\nreload = \"manual\"\n"} + base);
  EXPECT_TRUE(unapplied_changes(a, c).empty());
  EXPECT_EQ(c.daemon.reload, "manual");
  EXPECT_EQ(a.daemon.reload, "auto");
}

TEST(config_diff, an_invalid_reload_value_is_refused_with_file_and_line) {
  temp_project p;
  auto r = p.load_toml("[daemon]\n\nreload = \"sometimes\"\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].to_string().rfind(p.path("hummel.toml") + ":3: ", 0),
            0u)
    << r.errors[0].to_string();
}
