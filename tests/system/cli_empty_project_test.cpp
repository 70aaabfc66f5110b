// A project with no processes: the daemon's log, `hummel ps` and
// `hummel up` say how to add one (a [processes.web] example or
// package.json scripts); a project with processes gets no such hint.

#include "tests/support/system_helpers.hpp"
#include "tests/system/daemon_fixture.hpp"

namespace {

using namespace bin_test;

class cli_empty_project : public daemon_fixture {};

TEST_F(cli_empty_project, daemon_log_ps_and_up_say_how_to_add_a_process) {
  start_daemon("# nothing yet\n");
  ASSERT_TRUE(wait_for(
    [&] { return read_text(log).find("no processes") != std::string::npos; },
    5s))
    << read_text(log);
  auto daemon_log = read_text(log);
  EXPECT_NE(daemon_log.find("[processes.web]"), std::string::npos);
  EXPECT_NE(daemon_log.find("package.json"), std::string::npos);

  auto dir = box.project.string();
  auto r = run_hummel(box, {"ps", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "only the header";
  EXPECT_NE(r.err.find("no processes yet"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[processes.web]\n  command = "), std::string::npos);
  EXPECT_NE(r.err.find("package.json"), std::string::npos);
  // --json stays data only.
  r = run_hummel(box, {"ps", "--json", "--dir", dir});
  EXPECT_EQ(r.err, "");

  r = run_hummel(box, {"up", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no processes yet"), std::string::npos) << r.out;

  // What the hints say is so: saved, the process is there, no restart (they
  // said to restart the daemon).
  EXPECT_EQ(r.out.find("restart the daemon"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("as soon as it is saved"), std::string::npos) << r.out;
  EXPECT_NE(daemon_log.find("as soon as it is saved"), std::string::npos);
  hummel::test::write_file(box.project / "hummel.toml",
                           "[processes.web]\ncommand = \"exec sleep 300\"\n"
                           "autostart = false\n");
  ASSERT_TRUE(wait_for(
    [&] {
      return run_hummel(box, {"ps", "--dir", dir}).out.find("web")
             != std::string::npos;
    },
    5s));
  r = run_hummel(box, {"ps", "--dir", dir});
  EXPECT_EQ(r.err, "") << "no hint once there is a process";
}

TEST_F(cli_empty_project, a_project_with_processes_gets_no_hint) {
  start_daemon("[processes.web]\ncommand = \"exec sleep 300\"\n");
  auto dir = box.project.string();
  auto r = run_hummel(box, {"ps", "--dir", dir});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  r = run_hummel(box, {"up", "--dir", dir});
  EXPECT_EQ(r.out.find("no processes yet"), std::string::npos) << r.out;
  EXPECT_EQ(read_text(log).find("no processes"), std::string::npos);
}

// The first answer after the socket opens already lists every process
// (the daemon opens its listeners once the view holds them all; before, a
// loaded machine showed an empty project and the "no processes" hint).
TEST_F(cli_empty_project, the_first_answer_lists_every_process) {
  std::string toml;
  for (int i = 0; i < 2000; ++i)
    toml += "[processes.p" + std::to_string(i)
            + "]\ncommand = \"sleep 300\"\nautostart = false\n";
  start_daemon(toml);
  auto r = run_hummel(box, {"ps", "--json", "--dir", box.project.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto status = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(status.is_object()) << r.out;
  EXPECT_EQ(status["processes"].size(), 2000u);
}

} // namespace
