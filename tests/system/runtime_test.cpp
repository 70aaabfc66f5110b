// System tests of the runtime: real actors, the real reactor, real child
// processes. Every wait is bounded.

#include "main/daemon/runtime.hpp"

#include "config/load.hpp"
#include "logs/log_file.hpp"
#include "messages/error.hpp"
#include "tests/support/system_helpers.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace hummel {
namespace {

#if defined(__SANITIZE_THREAD__)
// TSAN cannot see CAF's synchronisation (see tests/sanitizers/tsan.supp),
// and matching every byte of a message against the suppressions makes bulk
// output crawl; the bulk tests run smaller under TSAN. The reactor's own
// suites run the full sizes under TSAN.
constexpr int bulk_lines = 20000;
constexpr int huge_pieces = 4;
#else
constexpr int bulk_lines = 1000000;
constexpr int huge_pieces = 16;
#endif

class runtime_test : public ::testing::Test {
protected:
  /// Loads `toml` as the project's hummel.toml and starts a runtime.
  void start(const std::string& toml,
             const std::vector<std::string>& folders = {}) {
    for (const auto& folder : folders)
      std::filesystem::create_directories(project.path() / folder);
    test::write_file(project.path() / "hummel.toml", toml);
    auto loaded = load_project(project.path());
    ASSERT_TRUE(loaded.ok()) << loaded.errors.at(0).to_string();
    config = std::make_shared<const project_config>(loaded.config);
    runtime_options opts;
    opts.state_dir = state.path();
    opts.node = "test";
    opts.trampoline = std::filesystem::path{HUMMEL_BINARY_DIR} / "hummel-spawn";
    rt = std::make_unique<runtime>(config, std::move(opts));
  }

  /// The snapshot of `name` in the current view (a copy).
  process_snapshot snap(const std::string& name) {
    auto view = rt->cell().read();
    auto* x = view->find(name);
    return x != nullptr ? *x : process_snapshot{};
  }

  bool wait_status(const std::string& name, process_status status,
                   std::chrono::milliseconds timeout = 10s) {
    return test::wait_until([&] { return snap(name).status == status; },
                            timeout);
  }

  caf::expected<snapshot_ptr> call(atom::run, const std::string& name) {
    return call_impl(atom::run_v, name);
  }
  caf::expected<snapshot_ptr> call(atom::stop, const std::string& name) {
    return call_impl(atom::stop_v, name);
  }

  template <class Atom>
  caf::expected<snapshot_ptr> call_impl(Atom a, const std::string& name) {
    caf::scoped_actor self{rt->system(), true};
    caf::expected<snapshot_ptr> result = caf::sec::request_timeout;
    self->request(rt->supervisor(), 20s, a, name)
      .receive([&](snapshot_ptr& x) { result = std::move(x); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  /// The newest `limit` lines of `name`'s output from its memory ring
  /// (without hummel's own records of run ends and restarts).
  log_page lines_of(const std::string& name, uint32_t limit) {
    caf::scoped_actor self{rt->system(), true};
    process_actor proc;
    self->request(rt->supervisor(), 5s, atom::logs_v, name)
      .receive([&](process_actor& x) { proc = x; }, [](caf::error&) {});
    log_query q;
    q.limit = limit + 4; // room for the records dropped below
    log_page page;
    if (proc)
      self->request(proc, 5s, atom::logs_v, q)
        .receive([&](log_page& x) { page = std::move(x); }, [](caf::error&) {});
    std::erase_if(page.lines, [](const log_line& l) {
      return l.stream == log_stream::event;
    });
    if (page.lines.size() > limit)
      page.lines.erase(page.lines.begin(),
                       page.lines.end() - static_cast<ptrdiff_t>(limit));
    return page;
  }

  std::string marker(const std::string& name) {
    return "HUMMEL_RUN=" + config->project_id + "/" + name + "/";
  }

  test::temp_folder project;
  test::temp_folder state;
  std::shared_ptr<const project_config> config;
  std::unique_ptr<runtime> rt;
};

TEST_F(runtime_test, a_million_lines_then_exit_three_arrive_in_order) {
  start("[processes.seq]\ncommand = \"seq 1 " + std::to_string(bulk_lines)
        + "; exit 3\"\nautostart = false\n");
  auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(call(atom::run_v, "seq"));
  ASSERT_TRUE(wait_status("seq", process_status::failed, 60s))
    << to_string(snap("seq").status) << " exit " << snap("seq").exit_code;
  auto elapsed = std::chrono::steady_clock::now() - begin;
  std::cout << bulk_lines << " lines captured in "
            << std::chrono::duration<double>(elapsed).count() << " s\n";
  auto s = snap("seq");
  EXPECT_EQ(s.exit_code, 3);
  // The exit event came after the last line: when the view says "failed",
  // the memory ring already holds line 1000000.
  auto page = lines_of("seq", 10000);
  // The ring holds its bound: 10000 records, the newest hummel's own
  // "exited with code 3" (dropped by lines_of).
  ASSERT_EQ(page.lines.size(), 9999u);
  EXPECT_EQ(page.lines.back().text, std::to_string(bulk_lines));
  EXPECT_EQ(page.lines.front().text, std::to_string(bulk_lines - 9998));
  for (size_t i = 1; i < page.lines.size(); ++i)
    ASSERT_EQ(page.lines[i].seq, page.lines[i - 1].seq + 1);
  // The file has all of them, in order (rotated files included).
  rt->shutdown();
  auto path = state.path() / "logs" / "seq.log";
  auto all = log_file::read_tail(path, 2000000, 5);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back().stream, log_stream::event);
  EXPECT_EQ(all.back().text.rfind("exited with code 3 after", 0), 0u);
  all.pop_back();
  ASSERT_EQ(all.size(), static_cast<size_t>(bulk_lines));
  for (size_t i = 0; i < all.size(); ++i)
    ASSERT_EQ(all[i].text, std::to_string(i + 1)) << "at " << i;
}

TEST_F(runtime_test, huge_lines_and_invalid_utf8_are_captured) {
  start("[processes.odd]\ncommand = \"head -c "
        + std::to_string(huge_pieces * 65536)
        + " /dev/zero | tr '\\\\0' a; printf '\\\\377\\\\376 bad\\\\n'\"\n"
          "autostart = false\n");
  ASSERT_TRUE(call(atom::run_v, "odd"));
  // Megabytes through the sanitizers on a loaded machine: the same bound as
  // the bulk test.
  ASSERT_TRUE(wait_status("odd", process_status::succeeded, 60s));
  auto page = lines_of("odd", 100);
  ASSERT_EQ(page.lines.size(), huge_pieces + 1u);
  for (int i = 0; i < huge_pieces; ++i)
    EXPECT_EQ(page.lines[i].text, std::string(65536, 'a'));
  EXPECT_EQ(page.lines[huge_pieces].text, "\xff\xfe bad");
}

TEST_F(runtime_test, bad_commands_give_clear_errors_and_nothing_stops) {
  start(R"([processes.good]
command = "sleep 300"

[processes.nocmd]
argv = ["no-such-command-hummel"]
autostart = false

[processes.nocwd]
command = "true"
cwd = "gone"
autostart = false
)",
        {"gone"});
  // The folder existed when the configuration was loaded; now it is gone.
  std::filesystem::remove(project.path() / "gone");
  ASSERT_TRUE(rt->boot());
  ASSERT_TRUE(wait_status("good", process_status::running));
  auto a = call(atom::run_v, "nocmd");
  ASSERT_FALSE(a);
  EXPECT_NE(rt->system().render(a.error()).find("no-such-command-hummel"),
            std::string::npos);
  // The view follows the reply shortly (the STATUS CACHE publishes async).
  EXPECT_TRUE(wait_status("nocmd", process_status::failed, 5s));
  EXPECT_NE(snap("nocmd").error.find("not found"), std::string::npos)
    << snap("nocmd").error;
  auto b = call(atom::run_v, "nocwd");
  ASSERT_FALSE(b);
  EXPECT_TRUE(wait_status("nocwd", process_status::failed, 5s));
  EXPECT_NE(snap("nocwd").error.find("gone"), std::string::npos)
    << snap("nocwd").error;
  auto c = call(atom::run_v, "nope");
  ASSERT_FALSE(c);
  EXPECT_EQ(snap("good").status, process_status::running)
    << "the others keep running";
}

TEST_F(runtime_test, stop_ends_the_whole_tree) {
  start(R"([processes.tree]
command = """
for i in 1 2 3 4 5 6 7 8 9 10; do sleep 300 & done
for i in 1 2 3 4 5 6 7 8 9 10; do setsid sleep 300 & done
for i in 1 2 3 4 5 6 7 8 9 10; do (sleep 300 &) ; done
echo spawned
wait
"""
grace_period = "2s"
)");
  ASSERT_TRUE(rt->boot());
  auto m = marker("tree");
  ASSERT_TRUE(
    test::wait_until([&] { return test::pids_with_env(m).size() >= 31; }, 10s))
    << test::pids_with_env(m).size();
  auto begin = std::chrono::steady_clock::now();
  auto res = call(atom::stop_v, "tree");
  ASSERT_TRUE(res);
  EXPECT_EQ((*res)->status, process_status::stopped);
  auto took = std::chrono::steady_clock::now() - begin;
  std::cout << "tree of 31 stopped in "
            << std::chrono::duration<double>(took).count() << " s\n";
  EXPECT_LT(took, 3s) << "within grace + 1 s";
  EXPECT_TRUE(
    test::wait_until([&] { return test::pids_with_env(m).empty(); }, 1s))
    << test::pids_with_env(m).size() << " survivors";
}

TEST_F(runtime_test, shutdown_leaves_nothing_behind) {
  start(R"([processes.a]
command = "sleep 300"

[processes.b]
command = "sleep 300 & sleep 300"
depends_on = ["a"]
)");
  ASSERT_TRUE(rt->boot());
  ASSERT_TRUE(wait_status("b", process_status::running));
  rt->shutdown();
  EXPECT_TRUE(
    test::pids_with_env("HUMMEL_RUN=" + config->project_id + "/").empty());
}

TEST_F(runtime_test, environment_cwd_and_env_files_reach_the_child) {
  test::write_file(project.path() / ".env", "FROM_FILE=file\nBOTH=file\n");
  start(R"([processes.env]
command = "printf '%s %s %s %s\\n' \"$FROM_FILE\" \"$BOTH\" \"$PORT\" \"$(pwd)\""
cwd = "sub"
env = { PORT = "3000", BOTH = "table" }
env_file = ".env"
autostart = false
)",
        {"sub"});
  ASSERT_TRUE(call(atom::run_v, "env"));
  ASSERT_TRUE(wait_status("env", process_status::succeeded));
  auto page = lines_of("env", 10);
  ASSERT_EQ(page.lines.size(), 1u);
  auto sub = std::filesystem::canonical(project.path() / "sub").string();
  EXPECT_EQ(page.lines[0].text, "file table 3000 " + sub);
}

TEST_F(runtime_test, logs_survive_a_restart_of_the_runtime) {
  start(R"([processes.talk]
command = "echo one; echo two"
autostart = false
)");
  ASSERT_TRUE(call(atom::run_v, "talk"));
  ASSERT_TRUE(wait_status("talk", process_status::succeeded));
  rt->shutdown();
  rt.reset();
  runtime_options opts;
  opts.state_dir = state.path();
  rt = std::make_unique<runtime>(config, std::move(opts));
  auto before = lines_of("talk", 10);
  ASSERT_EQ(before.lines.size(), 2u) << "reloaded from the log file";
  EXPECT_EQ(before.lines[1].text, "two");
  ASSERT_TRUE(call(atom::run_v, "talk"));
  ASSERT_TRUE(test::wait_until(
    [&] {
      return snap("talk").run_id == 2
             && snap("talk").status == process_status::succeeded;
    },
    10s));
  auto after = lines_of("talk", 10);
  ASSERT_EQ(after.lines.size(), 4u);
  // After "two": 3 "exited with code 0", 4 "run 2 started", then "one".
  EXPECT_EQ(after.lines[2].seq, before.lines[1].seq + 3) << "seq continues";
  EXPECT_EQ(after.lines[2].run_id, 2u) << "run ids continue";
}

} // namespace
} // namespace hummel
