// `hummel completion bash|zsh|fish` and the hidden `hummel __names`: the
// bash script run in a real bash (its completion function called with
// COMP_WORDS / COMP_CWORD as bash's programmable completion sets them),
// process names from the configuration files and from a running daemon.
// zsh and fish are checked (syntax only) when installed.

#include "tests/cli/cli_support.hpp"
#include "tests/cli/run_program.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace {

using cli_test::fake_daemon;
using cli_test::run_hummel;
using cli_test::run_program;
using cli_test::sandbox;
using cli_test::shell_word;
using nlohmann::json;
namespace fs = std::filesystem;

/// A project with processes web and db and the package.json script wipe.
void write_project(const sandbox& box) {
  std::ofstream{box.project / "hummel.toml"}
    << "[processes.web]\ncommand = \"sleep 100\"\n"
       "[processes.db]\ncommand = \"sleep 100\"\n";
  std::ofstream{box.project / "package.json"}
    << R"({"scripts": {"wipe": "rm -rf dist"}})";
}

/// The sandbox's environment with the build folder first on PATH, so the
/// script's `hummel __names` runs the built binary.
std::vector<std::string> shell_env(const sandbox& box) {
  auto env = box.env();
  const char* path = std::getenv("PATH");
  return cli_test::with_env(env, "PATH",
                            (std::string{HUMMEL_BINARY_DIR} + ":"
                             + (path != nullptr ? path : "/usr/bin:/bin"))
                              .c_str());
}

/// Writes `hummel completion SHELL` to a file in the sandbox.
fs::path script_for(const sandbox& box, const std::string& shell) {
  auto r = run_hummel(box, {"completion", shell});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto path = box.root.path / ("completion." + shell);
  std::ofstream{path} << r.out;
  return path;
}

/// What bash offers for `words` (the last one is being completed), run in
/// `cwd`, sorted.
std::vector<std::string> complete(const sandbox& box, const fs::path& script,
                                  const std::vector<std::string>& words,
                                  const fs::path& cwd) {
  std::string array;
  for (const auto& w : words)
    array += shell_word(w) + " ";
  auto code = "source " + shell_word(script.string())
              + " || exit 9\nCOMP_WORDS=(" + array
              + ")\nCOMP_CWORD=" + std::to_string(words.size() - 1)
              + "\n_hummel\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  auto r = run_program("/bin/bash", {"--norc", "--noprofile", "-c", code},
                       shell_env(box), cwd);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> out;
  std::istringstream in{r.out};
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  std::sort(out.begin(), out.end());
  return out;
}

using words = std::vector<std::string>;

TEST(cli_completion, bash_completes_process_names_from_the_configuration) {
  sandbox box;
  write_project(box);
  auto script = script_for(box, "bash");
  // In the project folder, and from elsewhere with --dir before or after
  // the command.
  EXPECT_EQ(complete(box, script, {"hummel", "stop", "w"}, box.project),
            (words{"web", "wipe"}));
  EXPECT_EQ(complete(box, script,
                     {"hummel", "--dir", box.project.string(), "logs", ""},
                     box.root.path),
            (words{"db", "web", "wipe"}));
  EXPECT_EQ(complete(box, script,
                     {"hummel", "restart", "--dir", box.project.string(), "d"},
                     box.root.path),
            (words{"db"}));
  // Only the first word after the command is a name.
  EXPECT_EQ(complete(box, script, {"hummel", "stop", "web", "w"}, box.project),
            words{});
}

TEST(cli_completion, bash_asks_the_running_daemon_for_names) {
  sandbox box;
  write_project(box);
  fake_daemon daemon{
    box.socket(), [](const std::string& tool, const json&, const auto&) {
      if (tool != "scripts_list")
        return cli_test::fail("unexpected " + tool);
      return cli_test::ok(
        cli_test::canned_list({cli_test::canned_list_item("wobble"),
                               cli_test::canned_list_item("web")}));
    }};
  ASSERT_TRUE(daemon.ok());
  auto script = script_for(box, "bash");
  EXPECT_EQ(complete(box, script, {"hummel", "run", "w"}, box.project),
            (words{"web", "wobble"}));
  auto r = run_hummel(box, {"__names", "--dir", box.project.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "wobble\nweb\n");
}

TEST(cli_completion, bash_completes_commands_options_and_their_values) {
  sandbox box;
  auto script = script_for(box, "bash");
  auto cwd = box.project;
  EXPECT_EQ(complete(box, script, {"hummel", "lo"}, cwd), words{"logs"});
  EXPECT_EQ(complete(box, script, {"hummel", "s"}, cwd),
            (words{"scripts", "stop"}));
  EXPECT_EQ(complete(box, script, {"hummel", "logs", "--st"}, cwd),
            (words{"--state-dir", "--stream"}));
  EXPECT_EQ(complete(box, script, {"hummel", "logs", "--stream", ""}, cwd),
            (words{"stderr", "stdout"}));
  EXPECT_EQ(complete(box, script, {"hummel", "--color", "a"}, cwd),
            (words{"always", "auto"}));
  EXPECT_EQ(complete(box, script, {"hummel", "--v"}, cwd), words{"--version"});
  // Global options are offered after a command too.
  EXPECT_EQ(complete(box, script, {"hummel", "ps", "--js"}, cwd),
            words{"--json"});
  EXPECT_EQ(complete(box, script, {"hummel", "completion", ""}, cwd),
            (words{"bash", "fish", "zsh"}));
  // The hidden __names is not offered.
  EXPECT_EQ(complete(box, script, {"hummel", "_"}, cwd), words{});
}

TEST(cli_completion, bash_script_registers_its_function) {
  sandbox box;
  auto script = script_for(box, "bash");
  auto r = run_program(
    "/bin/bash",
    {"--norc", "--noprofile", "-c",
     "source " + shell_word(script.string()) + " && complete -p hummel"},
    shell_env(box));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "complete -F _hummel hummel\n");
}

TEST(cli_completion, unknown_shell_is_a_usage_error) {
  sandbox box;
  auto r = run_hummel(box, {"completion", "tcsh"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  r = run_hummel(box, {"completion"});
  EXPECT_EQ(r.exit_code, 2);
}

// No zsh or fish is installed for the tests; when one is, its script must
// at least parse.
TEST(cli_completion, zsh_and_fish_scripts_parse_where_those_shells_exist) {
  sandbox box;
  int checked = 0;
  for (auto [shell, flag] : {std::pair{"zsh", "-n"}, std::pair{"fish", "-n"}}) {
    auto script = script_for(box, shell);
    auto text = bin_test::read_text(script);
    EXPECT_NE(text.find("__names"), std::string::npos) << shell;
    EXPECT_NE(text.find("logs"), std::string::npos) << shell;
    auto exe = cli_test::find_on_path(shell);
    if (exe.empty())
      continue;
    auto r = run_program(exe, {flag, script.string()}, shell_env(box));
    EXPECT_EQ(r.exit_code, 0) << shell << ": " << r.err;
    ++checked;
  }
  if (checked == 0)
    GTEST_SKIP() << "neither zsh nor fish is installed";
}

} // namespace
