// `hummel logs` with no daemon: it reads the log files the daemon wrote in
// the project's state folder (real files, written by the daemon's own
// log_file writer, rotated ones included), with NAME, -n, -g, --stream,
// --since, --json and --state-dir; and strips the processes' escape
// sequences unless --color=always.

#include "logs/log_file.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/cli/run_program.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

using cli_test::run_hummel;
using cli_test::sandbox;
using hummel::log_file;
using hummel::log_line;
using hummel::log_stream;
using nlohmann::json;
namespace fs = std::filesystem;

// 2026-11-26T10:00:00Z
constexpr int64_t t0 = 1795687200000;

log_line line(uint64_t seq, int64_t at_s, std::string text,
              log_stream stream = log_stream::out) {
  return {seq, t0 + at_s * 1000, stream, 1, std::move(text)};
}

/// Writes `lines` to `<logs>/<name>.log` with the daemon's writer.
void write_log(const fs::path& logs, const std::string& name,
               const std::vector<log_line>& lines,
               uint64_t max_bytes = 1 << 20) {
  log_file f{logs / (name + ".log"), max_bytes, 5};
  ASSERT_TRUE(f.append(lines)) << f.last_error();
}

/// The default state folder's logs/ of the sandbox's project.
fs::path default_logs(const sandbox& box) {
  return box.state / "hummel" / box.project_id / "logs";
}

struct offline : ::testing::Test {
  void SetUp() override {
    std::ofstream{box.project / "hummel.toml"}
      << "[processes.web]\ncommand = \"true\"\n"
         "[processes.api]\ncommand = \"true\"\n";
    auto logs = default_logs(box);
    write_log(logs, "web",
              {line(1, 0, "web starting"),
               line(2, 2, "\x1b[31mred alert\x1b[0m", log_stream::err),
               line(3, 4, "listening on :3000")});
    write_log(logs, "api",
              {line(1, 1, "api up"), line(2, 3, "GET /health 200")});
  }

  bin_test::run_result logs(std::vector<std::string> args) {
    args.insert(args.begin(), "logs");
    args.push_back("--dir");
    args.push_back(box.project.string());
    return run_hummel(box, args);
  }

  sandbox box;
};

TEST_F(offline, reads_every_processs_file_in_time_order_and_says_so) {
  auto r = logs({});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "hummel: daemon not running; reading log files in "
                     + default_logs(box).string() + "\n");
  EXPECT_EQ(r.out, "10:00:00 web | web starting\n"
                   "10:00:01 api | api up\n"
                   "10:00:02 web ! red alert\n"
                   "10:00:03 api | GET /health 200\n"
                   "10:00:04 web | listening on :3000\n");
}

TEST_F(offline, filters_by_name_count_pattern_stream_and_time) {
  auto r = logs({"web", "-n", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "10:00:02 web ! red alert\n"
                   "10:00:04 web | listening on :3000\n");
  r = logs({"-g", "GET|listen"});
  EXPECT_EQ(r.out, "10:00:03 api | GET /health 200\n"
                   "10:00:04 web | listening on :3000\n");
  r = logs({"--stream", "stderr"});
  EXPECT_EQ(r.out, "10:00:02 web ! red alert\n");
  r = logs({"-n", "1"});
  EXPECT_EQ(r.out, "10:00:04 web | listening on :3000\n");
  r = logs({"--since", "2026-11-26T10:00:03Z"});
  EXPECT_EQ(r.out, "10:00:03 api | GET /health 200\n"
                   "10:00:04 web | listening on :3000\n");
  r = logs({"web", "--since", "2"});
  EXPECT_EQ(r.out, "10:00:04 web | listening on :3000\n");
}

TEST_F(offline, keeps_escape_sequences_only_with_color_always) {
  auto r = logs({"web", "--stream", "stderr", "--color=always"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\x1b[31mred alert\x1b[0m"), std::string::npos) << r.out;
  // Not a terminal (a pipe), NO_COLOR unset: stripped.
  auto env = cli_test::with_env(box.env(), "NO_COLOR", nullptr);
  auto plain = cli_test::run_program(
    bin_test::binary(),
    {"logs", "web", "--stream", "stderr", "--dir", box.project.string()}, env);
  EXPECT_EQ(plain.out, "10:00:02 web ! red alert\n");
  r = logs({"web", "--color", "never"});
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  // The file keeps them.
  EXPECT_NE(bin_test::read_text(default_logs(box) / "web.log").find("\x1b[31m"),
            std::string::npos);
}

TEST_F(offline, json_gives_the_lines_as_the_daemon_would) {
  auto r = logs({"api", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  ASSERT_EQ(j["lines"].size(), 2u);
  EXPECT_EQ(j["lines"][1], (json{{"seq", 2},
                                 {"time", "2026-11-26T10:00:03.000Z"},
                                 {"stream", "stdout"},
                                 {"run_id", 1},
                                 {"process", "api"},
                                 {"text", "GET /health 200"}}));
  EXPECT_EQ(j["log_dir"], default_logs(box).string());
}

TEST_F(offline, reads_rotated_files_and_another_state_dir) {
  auto other = box.root.path / "elsewhere";
  std::vector<log_line> many;
  for (uint64_t i = 1; i <= 40; ++i)
    many.push_back(
      line(i, static_cast<int64_t>(i), "line " + std::to_string(i)));
  // Small files: the 40 lines end up spread over several rotated files.
  write_log(other / "logs", "web", many, 200);
  ASSERT_TRUE(fs::exists(other / "logs" / "web.log.1"));
  auto r = logs({"web", "-n", "30", "--state-dir", other.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find((other / "logs").string()), std::string::npos);
  std::istringstream in{r.out};
  std::vector<std::string> got;
  for (std::string l; std::getline(in, l);)
    got.push_back(l);
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back(), "10:00:40 web | line 40");
  // Every line present in the kept files, in order, without gaps.
  auto first = std::stoi(got.front().substr(got.front().rfind(' ') + 1));
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i].substr(got[i].rfind(' ') + 1),
              std::to_string(first + static_cast<int>(i)));
}

TEST_F(offline, unknown_name_follow_and_missing_folder_fail_clearly) {
  auto r = logs({"nosuch"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no log file for 'nosuch'"), std::string::npos) << r.err;
  r = logs({"web", "-f"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("-f needs one"), std::string::npos) << r.err;
  r = logs({"--state-dir", (box.root.path / "none").string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("no log files in"), std::string::npos) << r.err;
}

} // namespace
