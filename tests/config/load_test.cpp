// load_project on valid projects: the resolved structs, defaults, ordering
// and the bundled example.

#include "config/load.hpp"

#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <csignal>

using namespace hummel;
using namespace std::chrono_literals;
using hummel::test::dump;
using hummel::test::find_process;
using hummel::test::temp_project;

namespace {

std::vector<std::string> names(const project_config& c) {
  std::vector<std::string> out;
  for (const auto& p : c.processes)
    out.push_back(p.name);
  return out;
}

} // namespace

TEST(load_project, full_config_resolves_to_the_expected_structs) {
  temp_project p;
  p.write("web/index.js", "");
  p.write(".env", "# shared\nPORT=1\nFROM_FILE=yes\n");
  p.write("hummel.toml", R"(
[daemon]
http = "off"
grace_period = "2s"
log_file_max_bytes = 1000
log_file_count = 2

[processes.db]
argv = ["postgres", "-D", "data"]
ready = { tcp = 5432 }
stop_signal = "INT"
grace_period = "10s"
autostart = false

[processes.web]
command = "npm run dev"
cwd = "web"
env = { PORT = 3000, DEBUG = true, NAME = "x" }
env_file = ".env"
restart = "on-failure"
max_restarts = 3
depends_on = { db = "ready" }
ready = { http = "http://127.0.0.1:3000/health" }
log_max_lines = 100
log_max_bytes = 4096
)");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto& c = r.config;
  EXPECT_EQ(c.dir, p.dir());
  EXPECT_EQ(c.project_id, make_project_id(p.dir()));
  EXPECT_EQ(c.package_manager, "npm");
  EXPECT_EQ(c.daemon.http, "off");
  EXPECT_EQ(c.daemon.grace_period, 2000ms);
  EXPECT_EQ(c.daemon.log_file_max_bytes, 1000u);
  EXPECT_EQ(c.daemon.log_file_count, 2u);
  ASSERT_EQ(c.processes.size(), 2u);

  const auto& db = c.processes[0];
  EXPECT_EQ(db.name, "db");
  EXPECT_EQ(db.kind, process_kind::service);
  EXPECT_TRUE(db.command.empty());
  EXPECT_EQ(db.argv, (std::vector<std::string>{"postgres", "-D", "data"}));
  EXPECT_EQ(db.cwd, p.dir());
  EXPECT_FALSE(db.autostart);
  EXPECT_EQ(db.ready.type, readiness::kind::tcp);
  EXPECT_EQ(db.ready.tcp_port, 5432);
  EXPECT_EQ(db.stop_signal, SIGINT);
  EXPECT_EQ(db.grace_period, 10'000ms);
  EXPECT_EQ(db.restart, restart_policy::no);
  EXPECT_EQ(db.max_restarts, 10u);
  EXPECT_EQ(db.source_file, p.path("hummel.toml"));
  EXPECT_EQ(db.source_line, 8);

  const auto& web = c.processes[1];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.command, "npm run dev");
  EXPECT_TRUE(web.argv.empty());
  EXPECT_EQ(web.cwd, p.dir() / "web");
  using env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(web.env, (env{{"FROM_FILE", "yes"},
                          {"PORT", "3000"},
                          {"DEBUG", "true"},
                          {"NAME", "x"}}));
  EXPECT_TRUE(web.autostart);
  EXPECT_EQ(web.restart, restart_policy::on_failure);
  EXPECT_EQ(web.max_restarts, 3u);
  ASSERT_EQ(web.depends_on.size(), 1u);
  EXPECT_EQ(web.depends_on[0].name, "db");
  EXPECT_EQ(web.depends_on[0].condition, dep_condition::ready);
  EXPECT_EQ(web.ready.type, readiness::kind::http);
  EXPECT_EQ(web.ready.http_url, "http://127.0.0.1:3000/health");
  EXPECT_EQ(web.stop_signal, SIGTERM);
  EXPECT_EQ(web.grace_period, 2000ms); // the [daemon] default
  EXPECT_EQ(web.log_max_lines, 100u);
  EXPECT_EQ(web.log_max_bytes, 4096u);
  EXPECT_EQ(web.source_line, 15);
}

TEST(load_project, minimal_process_gets_defaults) {
  temp_project p;
  auto r = p.load_toml("[processes.a]\ncommand = \"sleep 1\"\n");
  ASSERT_TRUE(r.ok()) << dump(r);
  ASSERT_EQ(r.config.processes.size(), 1u);
  const auto& a = r.config.processes[0];
  EXPECT_TRUE(a.autostart);
  EXPECT_EQ(a.restart, restart_policy::no);
  EXPECT_EQ(a.max_restarts, 10u);
  EXPECT_EQ(a.ready.type, readiness::kind::none);
  EXPECT_EQ(a.stop_signal, SIGTERM);
  EXPECT_EQ(a.grace_period, 5000ms);
  EXPECT_EQ(a.log_max_lines, 10000u);
  EXPECT_EQ(a.log_max_bytes, 8u << 20);
  EXPECT_TRUE(a.env.empty());
  EXPECT_EQ(r.config.daemon.http, "127.0.0.1:7777");
}

TEST(load_project, empty_directory_is_an_empty_project) {
  temp_project p;
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.config.processes.empty());
  EXPECT_EQ(r.config.dir, p.dir());
}

TEST(load_project, relative_directory_is_made_absolute) {
  temp_project p;
  auto r = load_project(p.dir() / "." / "");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(r.config.dir, p.dir());
}

TEST(load_project, explicit_config_file_replaces_hummel_toml) {
  temp_project p;
  p.write("hummel.toml", "[processes.a]\ncommand = \"x\"\n");
  p.write("conf/alt.toml", "[processes.b]\ncommand = \"y\"\n");
  auto r = load_project(p.dir(), std::filesystem::path{"conf/alt.toml"});
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(names(r.config), (std::vector<std::string>{"b"}));
  EXPECT_EQ(r.config.processes[0].source_file, p.path("conf/alt.toml"));
  r = load_project(p.dir(), p.dir() / "conf/alt.toml");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(names(r.config), (std::vector<std::string>{"b"}));
}

TEST(load_project, orders_by_dependencies_with_ties_in_file_order) {
  temp_project p;
  auto r = p.load_toml(R"(
[processes.web]
command = "w"
depends_on = { db = "ready" }
[processes.db]
command = "d"
[processes.cache]
command = "c"
[processes.api]
command = "a"
depends_on = ["web", "cache"]
[processes.aaa]
command = "first alphabetically, last in the file"
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(names(r.config),
            (std::vector<std::string>{"db", "web", "cache", "api", "aaa"}));
}

TEST(load_project, deep_chain_is_reversed) {
  temp_project p;
  auto r = p.load_toml(R"(
[processes.a]
command = "x"
depends_on = ["b"]
[processes.b]
command = "x"
depends_on = { c = "completed" }
[processes.c]
command = "x"
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(names(r.config), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(find_process(r.config, "b")->depends_on[0].condition,
            dep_condition::completed);
  EXPECT_EQ(find_process(r.config, "a")->depends_on[0].condition,
            dep_condition::started);
}

TEST(load_project, processes_come_before_scripts) {
  temp_project p;
  p.write("package.json", R"({"scripts": {"build": "tsc", "lint": "x"}})");
  auto r = p.load_toml("[processes.web]\ncommand = \"w\"\n"
                       "depends_on = { build = \"completed\" }\n");
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(names(r.config),
            (std::vector<std::string>{"web", "build", "lint"}));
}

TEST(load_project, env_files_apply_in_order_then_env_table) {
  temp_project p;
  p.write(".env", "A=1\nB=1\n");
  p.write("config/.env.local", "export B=2\nC='2'\n");
  auto r = p.load_toml(R"(
[processes.a]
command = "x"
env_file = [".env", "config/.env.local"]
env = { C = "3" }
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  using env = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(r.config.processes[0].env,
            (env{{"A", "1"}, {"B", "2"}, {"C", "3"}}));
}

TEST(load_project, ready_log_and_dotted_keys) {
  temp_project p;
  auto r = p.load_toml(R"(
processes.a.command = "x"
processes.a.ready.log = "listening on .* port \\d+"
processes.a.stop_signal = 2
)");
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto& a = r.config.processes[0];
  EXPECT_EQ(a.ready.type, readiness::kind::log);
  EXPECT_EQ(a.ready.log_pattern, "listening on .* port \\d+");
  EXPECT_EQ(a.stop_signal, 2);
}

TEST(load_project, bundled_quickstart_example_loads) {
  std::filesystem::path dir = HUMMEL_SOURCE_DIR "/examples/quickstart";
  auto r = load_project(dir);
  ASSERT_TRUE(r.ok()) << dump(r);
  const auto& c = r.config;
  EXPECT_EQ(names(c), (std::vector<std::string>{"web", "worker", "flaky",
                                                "hello", "count", "fail"}));
  const auto* web = find_process(c, "web");
  EXPECT_EQ(web->ready.type, readiness::kind::log);
  const auto* worker = find_process(c, "worker");
  ASSERT_EQ(worker->depends_on.size(), 1u);
  EXPECT_EQ(worker->depends_on[0].name, "web");
  EXPECT_EQ(worker->depends_on[0].condition, dep_condition::ready);
  const auto* flaky = find_process(c, "flaky");
  EXPECT_EQ(flaky->restart, restart_policy::on_failure);
  EXPECT_EQ(flaky->max_restarts, 3u);
  for (const char* script : {"web.sh", "worker.sh", "flaky.sh"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir / script).c_str(), &st), 0) << script;
    EXPECT_TRUE(st.st_mode & S_IXUSR) << script << " is not executable";
  }
}

TEST(load_project, the_definitions_take_no_spare_room) {
  // The PROCESS actors share these definitions (430 bytes each): a vector
  // grown by doubling held up to 40 % more (2.7 MB at 10,000).
  temp_project p;
  std::string toml;
  for (int i = 0; i < 600; ++i)
    toml
      += "[processes.p" + std::to_string(i) + "]\nargv = [\"sleep\", \"1\"]\n";
  p.write("hummel.toml", toml);
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_EQ(r.config.processes.size(), 600u);
  EXPECT_EQ(r.config.processes.capacity(), 600u);
}
