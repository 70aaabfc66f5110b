// Configuration files read safely (issue 11, finding 5 and point 6): only
// regular files of at most 1 MiB, no NUL byte in a value, and errors that
// quote a long value only in part.

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>

using namespace hummel;
using hummel::test::dump;
using hummel::test::has_error;
using hummel::test::temp_project;

namespace {

/// Peak RSS of this process in MiB.
long peak_rss_mib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

/// Seconds `f` takes.
template <class F>
double seconds_of(F f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
    .count();
}

} // namespace

// Before: read until the end of /dev/zero (1.7 GB and growing, the daemon
// killed only by SIGKILL).
TEST(safe_read, hummel_toml_linked_to_dev_zero_is_refused_at_once) {
  temp_project p;
  std::filesystem::create_symlink("/dev/zero", p.dir() / "hummel.toml");
  long rss = peak_rss_mib();
  load_result r;
  double took = seconds_of([&] { r = load_project(p.dir()); });
  EXPECT_LT(took, 1.0);
  EXPECT_LT(peak_rss_mib() - rss, 16);
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 0,
                        "not a regular file (a character device)"))
    << dump(r);
}

// Before: opening the FIFO waited for a writer, for ever.
TEST(safe_read, hummel_toml_as_a_fifo_is_refused_without_waiting) {
  temp_project p;
  ASSERT_EQ(::mkfifo((p.dir() / "hummel.toml").c_str(), 0600), 0);
  load_result r;
  double took = seconds_of([&] { r = load_project(p.dir()); });
  EXPECT_LT(took, 1.0);
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 0, "a FIFO")) << dump(r);
}

TEST(safe_read, package_json_and_env_file_as_fifos_are_refused) {
  temp_project p;
  ASSERT_EQ(::mkfifo((p.dir() / "package.json").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((p.dir() / ".env").c_str(), 0600), 0);
  auto r = p.load_toml("[processes.web]\ncommand = \"x\"\n"
                       "env_file = \".env\"\n");
  EXPECT_TRUE(has_error(r, p.path("package.json"), 0, "a FIFO")) << dump(r);
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 3,
                        "env_file '.env' cannot be read: not a regular file "
                        "(a FIFO)"))
    << dump(r);
}

TEST(safe_read, a_directory_named_hummel_toml_is_refused) {
  temp_project p;
  std::filesystem::create_directory(p.dir() / "hummel.toml");
  auto r = load_project(p.dir());
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 0, "is a directory"))
    << dump(r);
}

TEST(safe_read, a_file_over_1_mib_is_refused_with_its_size) {
  temp_project p;
  std::string toml = "[processes.web]\ncommand = \"x\"\n";
  toml += std::string(max_config_file_bytes, '#') + "\n";
  auto r = p.load_toml(toml);
  auto size = std::to_string(toml.size());
  EXPECT_TRUE(
    has_error(r, p.path("hummel.toml"), 0,
              "the file is " + size + " bytes; the limit is 1048576 bytes"))
    << dump(r);
}

TEST(safe_read, a_file_of_exactly_1_mib_is_read) {
  temp_project p;
  std::string toml = "[processes.web]\ncommand = \"x\"\n";
  toml += std::string(max_config_file_bytes - toml.size() - 1, '#') + "\n";
  ASSERT_EQ(toml.size(), max_config_file_bytes);
  auto r = p.load_toml(toml);
  EXPECT_TRUE(r.ok()) << dump(r);
}

// Before: "\u0000" was accepted and the command ran as "sleep".
TEST(safe_read, a_nul_in_command_is_refused_with_file_and_key) {
  temp_project p;
  auto r = p.load_toml("[processes.web]\ncommand = \"sleep\\u0000 5\"\n");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(
    has_error(r, p.path("hummel.toml"), 2,
              "'processes.web.command' must not contain a NUL byte (\\u0000)"))
    << dump(r);
}

TEST(safe_read, a_nul_in_argv_env_or_a_key_is_refused) {
  temp_project p;
  auto r = p.load_toml("[processes.web]\nargv = [\"sleep\", \"5\\u0000x\"]\n"
                       "[processes.web.env]\nA = \"b\\u0000c\"\n"
                       "\"K\\u0000\" = \"v\"\n");
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 2,
                        "'processes.web.argv' must not contain a NUL"))
    << dump(r);
  EXPECT_TRUE(has_error(r, p.path("hummel.toml"), 4,
                        "'processes.web.env.A' must not contain a NUL"))
    << dump(r);
  EXPECT_TRUE(
    has_error(r, p.path("hummel.toml"), 5,
              "a key in 'processes.web.env' contains a NUL byte (\\u0000)"))
    << dump(r);
}

TEST(safe_read, a_nul_in_an_env_file_is_refused) {
  temp_project p;
  p.write(".env", std::string{"A=1\nB=x\0y\n", 10});
  auto r = p.load_toml("[processes.web]\ncommand = \"x\"\n"
                       "env_file = \".env\"\n");
  EXPECT_TRUE(has_error(r, p.path(".env"), 2, "contains a NUL byte"))
    << dump(r);
}

// Before: a 10 MB value came back whole in the error (and in the log).
TEST(safe_read, a_long_value_is_quoted_only_in_part) {
  temp_project p;
  std::string value(200000, 'x');
  auto r = p.load_toml("[processes.web]\ncommand = \"x\"\nrestart = \"" + value
                       + "\"\n");
  ASSERT_EQ(r.errors.size(), 1u) << dump(r).substr(0, 500);
  const auto& reason = r.errors[0].reason;
  EXPECT_LT(reason.size(), 300u) << reason.substr(0, 500);
  EXPECT_NE(reason.find("invalid restart policy '" + std::string(80, 'x')
                        + "… (200000 bytes)'"),
            std::string::npos)
    << reason.substr(0, 500);
}

TEST(safe_read, a_long_unknown_key_and_dependency_are_quoted_in_part) {
  temp_project p;
  std::string name(5000, 'k');
  auto r = p.load_toml("[processes.web]\ncommand = \"x\"\n" + name
                       + " = 1\n[processes.web.depends_on]\n" + name
                       + " = \"started\"\n");
  ASSERT_FALSE(r.errors.empty());
  for (const auto& e : r.errors) {
    EXPECT_LT(e.reason.size(), 600u) << e.reason.substr(0, 300);
    EXPECT_NE(e.reason.find("… (5000 bytes)"), std::string::npos) << e.reason;
  }
}
