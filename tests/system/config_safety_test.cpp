// The configuration read safely at start-up (issue 11, finding 5 and the
// package.json item of point 6): only regular files of bounded size, a
// start that SIGTERM ends at once, and many scripts loaded in linear time.

#include "config/load.hpp"
#include "tests/support/binaries.hpp"
#include "tests/support/build_kind.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstdio>
#include <thread>

namespace {

using namespace bin_test;

/// A started `hummel daemon` of the sandbox, its output in a file.
struct started_daemon {
  pid_t pid = -1;
  fs::path out;
  std::chrono::steady_clock::time_point t0;

  /// Seconds since the start.
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
      .count();
  }
};

started_daemon start(const sandbox& box, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"daemon", "--dir", box.project.string(),
                                "--http", "off",   "--no-output"};
  args.insert(args.end(), extra.begin(), extra.end());
  started_daemon d;
  d.out = box.root.path / "daemon.out";
  int fd
    = ::open(d.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  d.t0 = std::chrono::steady_clock::now();
  d.pid = spawn(binary(), args, box.env(), nullptr, fd, fd);
  ::close(fd);
  return d;
}

/// True once the unix socket named in the runtime file accepts.
bool socket_accepts(const sandbox& box) {
  auto info = box.runtime_info();
  if (!info.is_object() || !info["socket"].is_string())
    return false;
  auto path = info["socket"].get<std::string>();
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::snprintf(a.sun_path, sizeof(a.sun_path), "%s", path.c_str());
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}

// Issue 11, point 6: 20,000 scripts took 7.8 s to the listener (29 s on a
// loaded 2-core machine): a search from "scripts" and a newline count per
// script, and an ordered_json inserting each key with a linear search. Now
// 0.5 s on the same machine; the bound leaves room for a slow CI runner.
/// Seconds from the start of a daemon on a package.json of `n` scripts to
/// its socket accepting.
double seconds_to_listener(int n) {
  sandbox box;
  std::string pj = "{\n  \"name\": \"many\",\n  \"scripts\": {\n";
  for (int i = 0; i < n; ++i)
    pj += std::string{i ? ",\n" : ""} + "    \"s" + std::to_string(i)
          + "\": \"echo " + std::to_string(i) + "\"";
  pj += "\n  }\n}\n";
  std::ofstream{box.project / "package.json"} << pj;
  auto d = start(box);
  EXPECT_TRUE(wait_for([&] { return socket_accepts(box); }, 120s))
    << read_text(d.out);
  double took = d.seconds();
  ::kill(d.pid, SIGTERM);
  EXPECT_EQ(wait_exit(d.pid, 60s), 0) << read_text(d.out);
  return took;
}

// In a plain build 20,000 scripts reach the listener, every one in the
// view, within 8 s (2.4-3.2 s on an idle 2-core machine, 10 s with two
// builds running beside it; before the fix the listener alone took 7.8 s,
// and the view filled later). Reading them is
// linear; starting 20,000 PROCESS actors is not yet (about 3.7 times the
// time for twice the scripts: mass start is issue 13's). Under a sanitizer
// 5,000 scripts, without a time bound.
TEST(config_safety, twenty_thousand_scripts_reach_the_listener_within_8_s) {
  if (hummel::test::under_sanitizer) {
    std::printf("[ figure ] 5,000 scripts %.2f s\n", seconds_to_listener(5000));
    return;
  }
  double took = seconds_to_listener(20000);
  std::printf("[ figure ] 20,000 scripts %.2f s\n", took);
  EXPECT_LT(took, 8.0);
}

using hummel::test::quick_exit_s;

// Finding 5: hummel.toml -> /dev/zero grew the daemon to 1.7 GB, and only
// SIGKILL stopped it.
TEST(config_safety,
     hummel_toml_linked_to_dev_zero_ends_the_daemon_with_exit_2) {
  sandbox box;
  fs::create_symlink("/dev/zero", box.project / "hummel.toml");
  auto d = start(box);
  int code = wait_exit(d.pid, 10s);
  EXPECT_LT(d.seconds(), quick_exit_s);
  EXPECT_EQ(code, 2) << read_text(d.out);
  EXPECT_NE(read_text(d.out).find("hummel.toml: cannot read: not a regular "
                                  "file (a character device)"),
            std::string::npos)
    << read_text(d.out);
}

// Finding 5: a FIFO named hummel.toml hung the start for ever.
TEST(config_safety, hummel_toml_as_a_fifo_ends_the_daemon_at_once) {
  sandbox box;
  ASSERT_EQ(::mkfifo((box.project / "hummel.toml").c_str(), 0600), 0);
  auto d = start(box);
  int code = wait_exit(d.pid, 10s);
  EXPECT_LT(d.seconds(), quick_exit_s);
  EXPECT_EQ(code, 2) << read_text(d.out);
  EXPECT_NE(read_text(d.out).find("a FIFO"), std::string::npos)
    << read_text(d.out);
}

// Finding 5: SIGINT and SIGTERM were blocked while the configuration was
// read, so a slow or stuck start ignored them (a slow read is simulated
// with the hidden --startup-delay flag). Before: the signal waited until the
// daemon had started everything.
TEST(config_safety, sigterm_during_a_slow_start_ends_it_at_once) {
  sandbox box;
  std::ofstream{box.project / "hummel.toml"}
    << "[processes.svc]\ncommand = \"sleep 300\"\n";
  auto d = start(box, {"--startup-delay", "5000"});
  std::this_thread::sleep_for(300ms);
  auto signalled = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(d.pid, SIGTERM), 0);
  int code = wait_exit(d.pid, 20s);
  double after = std::chrono::duration<double>(std::chrono::steady_clock::now()
                                               - signalled)
                   .count();
  EXPECT_LT(after, 1.0) << read_text(d.out);
  EXPECT_TRUE(code == 128 + SIGTERM || code == 2) << code;
  EXPECT_TRUE(box.runtime_file().empty());
  EXPECT_EQ(read_text(d.out).find("process(es)"), std::string::npos)
    << read_text(d.out);
}

// Point 6: `hummel ps` waited 5 minutes for a daemon stopped with SIGSTOP.
TEST(config_safety, cli_gives_up_on_a_stopped_daemon_within_15_s) {
  sandbox box;
  std::ofstream{box.project / "hummel.toml"}
    << "[daemon]\nhttp = \"off\"\n\n[processes.svc]\ncommand = "
       "\"sleep 300\"\n";
  auto dir = box.project.string();
  ASSERT_EQ(run_hummel(box, {"up", "--dir", dir}, {}, 30s).exit_code, 0);
  pid_t pid = box.runtime_info()["pid"].get<pid_t>();
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  auto t0 = std::chrono::steady_clock::now();
  auto ps = run_hummel(box, {"ps", "--dir", dir}, {}, 60s);
  double took
    = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
        .count();
  ::kill(pid, SIGCONT);
  EXPECT_EQ(ps.exit_code, 1) << ps.err;
  EXPECT_LT(took, 15.0) << ps.err;
  EXPECT_NE(
    ps.err.find("the daemon (pid " + std::to_string(pid) + ") does not answer"),
    std::string::npos)
    << ps.err;
  EXPECT_NE(ps.err.find("kill -CONT " + std::to_string(pid)), std::string::npos)
    << ps.err;
  // Resumed, it answers again.
  EXPECT_EQ(run_hummel(box, {"ps", "--dir", dir}, {}, 30s).exit_code, 0);
}

} // namespace
