// The command line as a whole: global options (--dir, --json, --color)
// before or after the command, --version, the help of every command, and
// the hand-off of `daemon` / `monitor` to hummel-daemon (whose help hides
// the benchmark-only flags).

#include "main/cli/app.hpp"
#include "main/cli/format.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace {

using cli_test::fake_daemon;
using cli_test::run_hummel;
using cli_test::sandbox;
using hummel::cli::daemon_handoff;
using nlohmann::json;
using strings = std::vector<std::string>;

TEST(cli_options, global_options_work_before_and_after_the_command) {
  sandbox box;
  auto all = cli_test::canned_statuses({cli_test::canned_status("web")});
  fake_daemon daemon{
    box.socket(), [&](const std::string& tool, const json& args, const auto&) {
      if (tool == "logs_stream")
        return cli_test::ok(
          cli_test::canned_lines({cli_test::canned_line(1, "one")}, 2));
      if (args.contains("name"))
        return cli_test::ok(
          cli_test::canned_statuses({cli_test::canned_status(args["name"])}));
      return cli_test::ok(all);
    }};
  ASSERT_TRUE(daemon.ok());
  auto dir = box.project.string();
  auto table = hummel::cli::format_status_table(all, false);
  for (const auto& args : std::vector<strings>{{"--dir", dir, "ps"},
                                               {"ps", "--dir", dir},
                                               {"--dir=" + dir, "ps"},
                                               {"ps", "--dir=" + dir}}) {
    auto r = run_hummel(box, args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_EQ(r.out, table) << args[0];
  }
  for (const auto& args :
       std::vector<strings>{{"--json", "--dir", dir, "ps"},
                            {"ps", "--dir", dir, "--json"},
                            {"--dir", dir, "ps", "web", "--json"}}) {
    auto r = run_hummel(box, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(json::parse(r.out, nullptr, false).is_object()) << r.out;
  }
  // Options of the command and global ones mixed, after its argument.
  auto r = run_hummel(box, {"logs", "web", "--dir", dir, "-n", "7"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto calls = daemon.calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back()["tool"], "logs_stream");
  EXPECT_EQ(calls.back()["args"]["limit"], 7);
  EXPECT_EQ(calls.back()["args"]["name"], "web");
}

TEST(cli_options, bad_global_options_are_usage_errors) {
  sandbox box;
  for (const auto& args :
       std::vector<strings>{{"--color", "sometimes", "ps"},
                            {"ps", "--color=rainbow"},
                            {"--dir", (box.root.path / "nope").string(), "ps"},
                            {"--bogus", "ps"}}) {
    auto r = run_hummel(box, args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_FALSE(r.err.empty());
  }
}

TEST(cli_options, version_prints_the_project_version_and_git_revision) {
  sandbox box;
  auto r = run_hummel(box, {"--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(RE2::FullMatch(
    r.out, R"(hummel [0-9]+\.[0-9]+\.[0-9]+ \(git ([0-9a-f]{12}|unknown)\)\n)"))
    << r.out;
}

TEST(cli_options, every_command_has_help_naming_the_global_options) {
  sandbox box;
  auto top = run_hummel(box, {"--help"});
  ASSERT_EQ(top.exit_code, 0);
  for (const auto* opt : {"--dir", "--json", "--color", "--version"})
    EXPECT_NE(top.out.find(opt), std::string::npos) << opt;
  EXPECT_EQ(top.out.find("__names"), std::string::npos) << "hidden";
  for (const auto* cmd : {"up", "down", "ps", "scripts", "run", "stop",
                          "restart", "logs", "errors", "nodes", "mcp", "ui"}) {
    auto r = run_hummel(box, {cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Global options"), std::string::npos) << cmd;
  }
  auto logs = run_hummel(box, {"logs", "--help"});
  for (const auto* opt :
       {"--lines", "--follow", "--grep", "--since", "--stream", "--state-dir"})
    EXPECT_NE(logs.out.find(opt), std::string::npos) << opt;
}

TEST(cli_options, daemon_help_hides_benchmark_flags_wherever_daemon_stands) {
  sandbox box;
  for (const auto& args :
       std::vector<strings>{{"daemon", "--help"},
                            {"--dir", box.project.string(), "daemon", "--help"},
                            {"--json", "daemon", "--help"}}) {
    auto r = run_hummel(box, args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("--state-dir"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--no-output"), std::string::npos);
    EXPECT_EQ(r.out.find("--storm"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("--read-path"), std::string::npos) << r.out;
  }
  auto r = run_hummel(box, {"monitor", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--peer"), std::string::npos);
}

TEST(cli_options, daemon_handoff_moves_dir_after_the_subcommand) {
  EXPECT_EQ(daemon_handoff({"daemon", "--no-output"}),
            (strings{"daemon", "--no-output"}));
  EXPECT_EQ(daemon_handoff({"--dir", "x", "daemon", "--http", "off"}),
            (strings{"daemon", "--dir", "x", "--http", "off"}));
  EXPECT_EQ(daemon_handoff({"--dir=x", "--json", "--color", "never",
                            "--color=always", "monitor"}),
            (strings{"monitor", "--dir=x"}));
  EXPECT_EQ(daemon_handoff({"ps", "daemon"}), std::nullopt);
  EXPECT_EQ(daemon_handoff({"--dir"}), std::nullopt);
  EXPECT_EQ(daemon_handoff({"--help", "daemon"}), std::nullopt);
  EXPECT_EQ(daemon_handoff({}), std::nullopt);
}

TEST(cli_options, run_without_a_name_is_named_after_its_program) {
  using hummel::cli::name_ad_hoc_run;
  EXPECT_EQ(name_ad_hoc_run({"hummel", "run", "--wait", "--", "npm", "test"}),
            (strings{"hummel", "run", "--wait", "npm", "--", "npm", "test"}));
  EXPECT_EQ(name_ad_hoc_run(
              {"hummel", "--dir", "/p", "run", "-w", "--", "./ci/build.sh -x"}),
            (strings{"hummel", "--dir", "/p", "run", "-w", "build.sh", "--",
                     "./ci/build.sh -x"}));
  for (const strings& same :
       {strings{"hummel", "run", "web", "--", "npm", "start"},
        strings{"hummel", "stop", "run"},
        strings{"hummel", "logs", "run", "--"}, strings{"hummel", "run", "--"},
        strings{"hummel"}})
    EXPECT_EQ(name_ad_hoc_run(same), same);
}

} // namespace

TEST(cli_options, ui_without_a_terminal_says_so_and_exits_2) {
  sandbox box;
  auto r = run_hummel(box, {"ui"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("hummel ui needs a terminal"), std::string::npos)
    << r.err;
  EXPECT_EQ(r.out, ""); // no escape sequences written to a pipe
}
