// The installed hummel: `cmake --install` of this build into a temporary
// prefix puts the binaries, man pages and completions where the brief says;
// the installed CLI works from any folder with only PREFIX/bin on PATH (its
// daemon beside it, hummel-spawn found); the man pages render without
// warnings, hummel.toml(5) lists every configuration key, and the
// installed bash completion completes a process name in a real bash.

#include "config/load.hpp"
#include "tests/cli/run_program.hpp"
#include "tests/support/binaries.hpp"
#include "tests/system/cluster_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

namespace {

using bin_test::read_text;
using bin_test::run_result;
using cli_test::run_program;
using cli_test::shell_word;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// One install of this build for the whole suite.
class cli_install : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    prefix_ = new bin_test::temp_dir;
    auto cmake = cli_test::find_on_path("cmake");
    ASSERT_FALSE(cmake.empty()) << "cmake not on PATH";
    install_ = new run_result(run_program(
      cmake, {"--install", HUMMEL_BINARY_DIR, "--prefix", prefix().string()},
      {"PATH=/usr/bin:/bin"}));
  }
  static void TearDownTestSuite() {
    delete install_;
    delete prefix_;
  }
  static fs::path prefix() {
    return prefix_->path;
  }
  void SetUp() override {
    ASSERT_EQ(install_->exit_code, 0) << install_->out << install_->err;
  }

  /// The sandbox's environment with only PREFIX/bin and the system
  /// folders on PATH.
  std::vector<std::string> env() const {
    return cli_test::with_env(
      box.env(), "PATH",
      ((prefix() / "bin").string() + ":/usr/bin:/bin").c_str());
  }
  run_result hummel(const std::vector<std::string>& args,
                    const fs::path& cwd) const {
    return run_program((prefix() / "bin/hummel").string(), args, env(), cwd);
  }

  bin_test::sandbox box;

private:
  static bin_test::temp_dir* prefix_;
  static run_result* install_;
};

bin_test::temp_dir* cli_install::prefix_ = nullptr;
run_result* cli_install::install_ = nullptr;

TEST_F(cli_install, puts_binaries_man_pages_and_completions_in_place) {
  for (const auto* bin : {"hummel", "hummel-daemon", "hummel-spawn"}) {
    struct stat st {};
    auto p = prefix() / "bin" / bin;
    ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
    EXPECT_TRUE(st.st_mode & S_IXUSR) << p;
  }
  for (const auto* file :
       {"share/man/man1/hummel.1", "share/man/man5/hummel.toml.5",
        "share/bash-completion/completions/hummel",
        "share/zsh/vendor-completions/_hummel",
        "share/fish/vendor_completions.d/hummel.fish"})
    EXPECT_TRUE(fs::is_regular_file(prefix() / file)) << file;
}

TEST_F(cli_install, installed_hummel_runs_from_any_folder) {
  auto r = hummel({"--version"}, "/");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("hummel ", 0), 0u) << r.out;
  // `daemon --help` is handed to the hummel-daemon beside it.
  r = hummel({"daemon", "--help"}, "/");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("--state-dir"), std::string::npos);

  std::ofstream{box.project / "hummel.toml"}
    << "[processes.web]\ncommand = \"exec sleep 300\"\n";
  r = hummel({"up", "--json"}, box.project);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto up = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(up.is_object()) << r.out;
  ASSERT_TRUE(up["pid"].is_number()) << r.out;
  auto pid = up["pid"].get<pid_t>();
  EXPECT_EQ(bin_test::exe_of(pid), (prefix() / "bin/hummel-daemon").string());
  EXPECT_TRUE(bin_test::wait_for(
    [&] {
      return hummel({"ps"}, box.project).out.find("running")
             != std::string::npos;
    },
    10s));
  // The daemon found hummel-spawn beside itself.
  auto log = read_text(box.state / "hummel"
                       / hummel::make_project_id(box.project) / "daemon.log");
  EXPECT_EQ(log.find("children get no parent-death signal"), std::string::npos)
    << log;
  r = hummel({"down", "--dir", box.project.string()}, "/");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(bin_test::alive(pid));
}

TEST_F(cli_install, installed_daemon_opens_its_tls_module_for_cluster_tls) {
  hummel::cluster_test_support::pki certs{box.project / "pki"};
  ASSERT_TRUE(certs.ca("ca") && certs.node("n", "ca"));
  std::ofstream{box.project / "hummel.toml"}
    << "[cluster]\nlisten = \"127.0.0.1:0\"\ntls = { cert = \""
    << certs.pem("n") << "\", key = \"" << certs.key("n") << "\", ca = \""
    << certs.pem("ca") << "\" }\n\n[processes.web]\ncommand = \"exec sleep "
    << "300\"\n";
  auto r = hummel({"up", "--json"}, box.project);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto up = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(up.is_object() && up["pid"].is_number()) << r.out;
  auto pid = up["pid"].get<pid_t>();
  auto maps = read_text("/proc/" + std::to_string(pid) + "/maps");
  // From the installed tree (lib/ or lib/<multiarch>/), not the build's.
  auto module = maps.find("/hummel/hummel-tls.so");
  ASSERT_NE(module, std::string::npos) << maps;
  auto line = maps.rfind('\n', module);
  EXPECT_EQ(maps.compare(maps.find('/', line), prefix().string().size(),
                         prefix().string()),
            0)
    << maps;
  r = hummel({"down"}, box.project);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(bin_test::alive(pid));
}

TEST_F(cli_install, man_pages_render_without_warnings) {
  auto groff = cli_test::find_on_path("groff");
  ASSERT_FALSE(groff.empty()) << "groff not installed (make deps)";
  for (const auto* page :
       {"share/man/man1/hummel.1", "share/man/man5/hummel.toml.5"}) {
    auto r = run_program(
      groff, {"-man", "-Tutf8", "-ww", "-z", (prefix() / page).string()},
      {"PATH=/usr/bin:/bin"});
    EXPECT_EQ(r.exit_code, 0) << page;
    EXPECT_EQ(r.err, "") << page;
  }
  auto man = cli_test::find_on_path("man");
  if (man.empty())
    return;
  auto r
    = run_program(man, {"-l", (prefix() / "share/man/man1/hummel.1").string()},
                  {"PATH=/usr/bin:/bin", "MANPAGER=cat", "MANWIDTH=80"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hummel"), std::string::npos);
}

/// `page` as plain text (no bold, underline or overstrike).
std::string rendered(const fs::path& page) {
  auto groff = cli_test::find_on_path("groff");
  return run_program(groff, {"-man", "-Tutf8", "-P-cbou", page.string()},
                     {"PATH=/usr/bin:/bin"})
    .out;
}

TEST_F(cli_install, hummel_toml_5_lists_every_configuration_key) {
  auto text = rendered(prefix() / "share/man/man5/hummel.toml.5");
  ASSERT_FALSE(text.empty());
  auto keys = hummel::known_config_keys();
  ASSERT_GT(keys.size(), 20u);
  for (const auto& key : keys)
    EXPECT_NE(text.find(key), std::string::npos) << key;
}

TEST_F(cli_install, hummel_1_describes_every_command_and_global_option) {
  auto text = rendered(prefix() / "share/man/man1/hummel.1");
  for (const auto* word :
       {"hummel up", "hummel down", "hummel ps", "hummel scripts", "hummel run",
        "hummel stop", "hummel restart", "hummel logs", "hummel nodes",
        "hummel mcp", "hummel daemon", "hummel monitor", "hummel completion",
        "--dir", "--json", "--color", "--version", "EXIT STATUS",
        "hummel.toml(5)"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  EXPECT_EQ(text.find("--storm"), std::string::npos);
  EXPECT_EQ(text.find("__names"), std::string::npos);
}

TEST_F(cli_install, installed_bash_completion_completes_a_process_name) {
  std::ofstream{box.project / "hummel.toml"}
    << "[processes.web]\ncommand = \"true\"\n"
       "[processes.db]\ncommand = \"true\"\n";
  auto script = prefix() / "share/bash-completion/completions/hummel";
  auto code = "source " + shell_word(script.string())
              + "\nCOMP_WORDS=(hummel stop w)\nCOMP_CWORD=2\n_hummel\n"
                "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  auto r = run_program("/bin/bash", {"--norc", "--noprofile", "-c", code},
                       env(), box.project);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "web\n");
}

} // namespace
