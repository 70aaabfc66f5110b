// package.json scripts and package-manager detection.

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

using namespace hummel;
using hummel::test::dump;
using hummel::test::find_process;
using hummel::test::has_error;
using hummel::test::temp_project;

TEST(package_manager, defaults_to_npm) {
  temp_project p;
  EXPECT_EQ(detect_package_manager(p.dir()), "npm");
  p.write("package.json", R"({"scripts": {}})");
  EXPECT_EQ(detect_package_manager(p.dir()), "npm");
}

TEST(package_manager, follows_each_lockfile) {
  const std::pair<const char*, const char*> cases[] = {
    {"bun.lockb", "bun"},         {"bun.lock", "bun"},
    {"pnpm-lock.yaml", "pnpm"},   {"yarn.lock", "yarn"},
    {"package-lock.json", "npm"},
  };
  for (auto [lockfile, manager] : cases) {
    temp_project p;
    p.write("package.json", "{}");
    p.write(lockfile, "");
    EXPECT_EQ(detect_package_manager(p.dir()), manager) << lockfile;
  }
}

TEST(package_manager, prefers_bun_then_pnpm_then_yarn) {
  temp_project p;
  p.write("yarn.lock", "");
  p.write("pnpm-lock.yaml", "");
  EXPECT_EQ(detect_package_manager(p.dir()), "pnpm");
  p.write("bun.lock", "");
  EXPECT_EQ(detect_package_manager(p.dir()), "bun");
}

TEST(package_manager, field_wins_over_lockfile) {
  temp_project p;
  p.write("yarn.lock", "");
  p.write("package.json", R"({"packageManager": "pnpm@8.1.0"})");
  EXPECT_EQ(detect_package_manager(p.dir()), "pnpm");
  p.write("package.json", R"({"packageManager": "bun@1.1.0+sha256.abc"})");
  EXPECT_EQ(detect_package_manager(p.dir()), "bun");
  p.write("package.json", R"({"packageManager": "yarn"})");
  EXPECT_EQ(detect_package_manager(p.dir()), "yarn");
}

TEST(package_manager, unknown_field_falls_back_to_lockfile) {
  temp_project p;
  p.write("yarn.lock", "");
  p.write("package.json", R"({"packageManager": "deno@1.0.0"})");
  EXPECT_EQ(detect_package_manager(p.dir()), "yarn");
}

TEST(package_json, scripts_become_script_processes_in_file_order) {
  temp_project p;
  p.write("pnpm-lock.yaml", "");
  p.write("package.json", R"({
  "name": "x",
  "scripts": {
    "dev": "vite",
    "build:css": "tailwind -o out.css",
    "test": "vitest"
  }
})");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(r.config.package_manager, "pnpm");
  ASSERT_EQ(r.config.processes.size(), 3u);
  const auto& dev = r.config.processes[0];
  EXPECT_EQ(dev.name, "dev");
  EXPECT_EQ(dev.kind, process_kind::script);
  EXPECT_EQ(dev.command, "pnpm run dev");
  EXPECT_TRUE(dev.argv.empty());
  EXPECT_EQ(dev.cwd, p.dir());
  EXPECT_FALSE(dev.autostart);
  EXPECT_EQ(dev.restart, restart_policy::no);
  EXPECT_EQ(dev.source_file, p.path("package.json"));
  EXPECT_EQ(dev.source_line, 4);
  EXPECT_EQ(r.config.processes[1].name, "build:css");
  EXPECT_EQ(r.config.processes[1].command, "pnpm run build:css");
  EXPECT_EQ(r.config.processes[1].source_line, 5);
  EXPECT_EQ(r.config.processes[2].name, "test");
}

TEST(package_json, scripts_use_the_daemon_grace_period) {
  temp_project p;
  p.write("package.json", R"({"scripts": {"dev": "vite"}})");
  auto r = p.load_toml("[daemon]\ngrace_period = \"7s\"\n");
  ASSERT_TRUE(r.ok()) << dump(r);
  ASSERT_EQ(r.config.processes.size(), 1u);
  EXPECT_EQ(r.config.processes[0].grace_period,
            std::chrono::milliseconds{7000});
}

TEST(package_json, toml_process_shadows_script_of_the_same_name) {
  temp_project p;
  p.write("package.json",
          R"({"scripts": {"web": "next dev", "lint": "eslint ."}})");
  auto r = p.load_toml("[processes.web]\ncommand = \"node server.js\"\n");
  ASSERT_TRUE(r.ok()) << dump(r);
  ASSERT_EQ(r.config.processes.size(), 2u);
  EXPECT_EQ(r.config.processes[0].name, "web");
  EXPECT_EQ(r.config.processes[0].kind, process_kind::service);
  EXPECT_EQ(r.config.processes[0].command, "node server.js");
  EXPECT_EQ(r.config.processes[1].name, "lint");
  EXPECT_EQ(r.config.processes[1].kind, process_kind::script);
}

TEST(package_json, no_scripts_is_fine) {
  temp_project p;
  p.write("package.json", R"({"name": "x", "scripts": null})");
  auto r = load_project(p.dir());
  EXPECT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.config.processes.empty());
}

TEST(package_json, syntax_error_reports_its_line) {
  temp_project p;
  p.write("package.json", "{\n  \"scripts\": {\n    \"dev\": \"vite\",\n"
                          "    oops\n  }\n}\n");
  auto r = load_project(p.dir());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u) << dump(r);
  EXPECT_TRUE(has_error(r, p.path("package.json"), 4, "invalid JSON"))
    << dump(r);
  EXPECT_EQ(r.errors[0].reason.find("[json.exception"), std::string::npos);
}

TEST(package_json, non_string_script_is_an_error) {
  temp_project p;
  p.write("package.json",
          "{\n  \"scripts\": {\n    \"ok\": \"true\",\n    \"bad\": 5\n"
          "  }\n}\n");
  auto r = load_project(p.dir());
  ASSERT_EQ(r.errors.size(), 1u) << dump(r);
  EXPECT_TRUE(
    has_error(r, p.path("package.json"), 4, "script 'bad' must be a string"))
    << dump(r);
}

TEST(package_json, non_object_scripts_and_top_level_are_errors) {
  temp_project p;
  p.write("package.json", "{\n\"scripts\": [\"a\"]\n}");
  auto r = load_project(p.dir());
  EXPECT_TRUE(
    has_error(r, p.path("package.json"), 2, "'scripts' must be an object"))
    << dump(r);
  p.write("package.json", "[1, 2]");
  r = load_project(p.dir());
  EXPECT_TRUE(has_error(r, p.path("package.json"), 0, "JSON object"))
    << dump(r);
}

TEST(package_json, unaddressable_script_names_are_skipped) {
  temp_project p;
  p.write("package.json",
          R"({"scripts": {"dev": "vite", "my script": "x", "a/b": "y"}})");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  ASSERT_EQ(r.config.processes.size(), 1u);
  EXPECT_NE(find_process(r.config, "dev"), nullptr);
}

// The scripts are read into a sorted map (issue 11: an ordered_json was
// quadratic in the number of scripts) and put back in file order by where
// each key is written, also when they all share one line.
TEST(package_json, minified_scripts_keep_file_order_and_lines) {
  temp_project p;
  p.write("package.json", "{\"name\":\"x\",\"config\":{\"zeta\":1},"
                          "\"scripts\":{\"zeta\":\"z\",\"alpha\":\"a\","
                          "\"mid\":\"m\"}}\n");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  ASSERT_EQ(r.config.processes.size(), 3u);
  EXPECT_EQ(r.config.processes[0].name, "zeta");
  EXPECT_EQ(r.config.processes[0].script, "z");
  EXPECT_EQ(r.config.processes[1].name, "alpha");
  EXPECT_EQ(r.config.processes[2].name, "mid");
  EXPECT_EQ(r.config.processes[2].source_line, 1);
}
