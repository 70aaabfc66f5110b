#pragma once

// Helpers of the cluster system tests (cluster_test.cpp, cluster_tls_test.cpp):
// real `hummel daemon` and `hummel monitor` children with their own state,
// runtime folder and port, and a CA made with the openssl command.

#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <set>

namespace hummel::cluster_test_support {

using namespace std::chrono_literals;
using nlohmann::json;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int slack = 4; // sanitizers slow everything down
#else
constexpr int slack = 1;
#endif

inline std::string exe() {
  return std::string{HUMMEL_BINARY_DIR} + "/hummel";
}

/// A port that was free a moment ago.
inline uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a));
  socklen_t len = sizeof(a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path};
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto i = text.find(needle); i != std::string::npos;
       i = text.find(needle, i + 1))
    ++n;
  return n;
}

/// One `hummel daemon` or `hummel monitor` child with its output in a file.
class node_process {
public:
  /// `bin`: the `hummel` to run (default: this build's).
  node_process(std::vector<std::string> args, std::filesystem::path output,
               std::filesystem::path runtime, std::string bin = exe())
    : args_(std::move(args)),
      output_(std::move(output)),
      runtime_(std::move(runtime)),
      bin_(std::move(bin)) {
    start();
  }

  ~node_process() {
    stop(SIGKILL);
  }

  void start() {
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(output_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      dup2(fd, 1);
      dup2(fd, 2);
      setenv("HUMMEL_RUNTIME_DIR", runtime_.c_str(), 1);
      std::vector<char*> argv;
      argv.push_back(bin_.data());
      for (auto& a : args_)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin_.c_str(), argv.data());
      _exit(127);
    }
  }

  /// Sends `sig` and reaps the process (SIGCONT first if it was frozen).
  void stop(int sig) {
    if (pid_ <= 0)
      return;
    kill(pid_, SIGCONT);
    kill(pid_, sig);
    int status = 0;
    test::wait_until([&] { return waitpid(pid_, &status, WNOHANG) == pid_; },
                     15s);
    pid_ = -1;
  }

  int pid() const {
    return pid_;
  }

  /// SIGTERM (an orderly stop); its exit code (0 unless it failed, or a
  /// sanitizer reported something), or -1.
  int terminate(std::chrono::milliseconds timeout = 30s) {
    kill(pid_, SIGCONT);
    kill(pid_, SIGTERM);
    return wait_exit(timeout);
  }

  /// Waits for the process to exit by itself; its exit code, or -1.
  int wait_exit(std::chrono::milliseconds timeout) {
    int status = 0;
    if (!test::wait_until(
          [&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, timeout))
      return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string output() const {
    return read_file(output_);
  }

private:
  std::vector<std::string> args_;
  std::filesystem::path output_;
  std::filesystem::path runtime_;
  std::string bin_;
  int pid_ = -1;
};

class cluster_test : public ::testing::Test {
protected:
  cluster_test() {
    std::filesystem::create_directories(runtime());
    std::filesystem::permissions(runtime(), std::filesystem::perms::owner_all);
  }

  std::filesystem::path runtime() const {
    return root.path() / "rt";
  }

  /// A project folder `name` with `n` sleeping processes.
  std::filesystem::path project(const std::string& name, int n) {
    auto dir = root.path() / name;
    std::string toml;
    for (int i = 0; i < n; ++i)
      toml += "[processes.p" + std::to_string(i)
              + "]\ncommand = \"sleep 300\"\nautostart = true\n\n";
    test::write_file(dir / "hummel.toml", toml);
    return dir;
  }

  /// Arguments of `hummel daemon|monitor` for folder `dir`.
  std::vector<std::string> args(const std::string& cmd,
                                const std::filesystem::path& dir,
                                const std::string& node,
                                std::vector<std::string> extra) {
    std::vector<std::string> a{
      cmd,      "--dir", dir.string(), "--state-dir", (dir / "st").string(),
      "--http", "off",   "--node",     node};
    if (cmd == "daemon")
      a.push_back("--no-output");
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  /// The output of `hummel ARGS --dir DIR` against the node of folder
  /// `dir` (stderr dropped).
  std::string cli(const std::filesystem::path& dir, const std::string& args) {
    auto cmd = "HUMMEL_RUNTIME_DIR=" + runtime().string() + " " + exe() + " "
               + args + " --dir " + dir.string() + " 2>/dev/null";
    std::string out;
    if (auto* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n = 0;
      while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        out.append(buf, n);
      pclose(p);
    }
    return out;
  }

  /// `hummel nodes --json` against the node of folder `dir`.
  json nodes(const std::filesystem::path& dir) {
    return json::parse(cli(dir, "nodes --json"), nullptr, false);
  }

  /// The entry of node `name` in `cluster`, or an empty object.
  static json node_of(const json& cluster, const std::string& name) {
    if (!cluster.is_object())
      return json::object();
    for (const auto& n : cluster.value("nodes", json::array()))
      if (n.value("name", "") == name)
        return n;
    return json::object();
  }

  /// How many processes of node `name` (seen from `dir`) are `status`.
  int count_of(const std::filesystem::path& dir, const std::string& name,
               const std::string& status) {
    auto n = node_of(nodes(dir), name);
    auto c = n.value("counts", json::object());
    return c.value(status, 0);
  }

  /// Waits until node `name` (seen from `dir`) is in `state`; the time it
  /// took, or nullopt.
  std::optional<std::chrono::milliseconds>
  wait_state(const std::filesystem::path& dir, const std::string& name,
             const std::string& state, std::chrono::milliseconds timeout) {
    auto t0 = std::chrono::steady_clock::now();
    bool ok = test::wait_until(
      [&] { return node_of(nodes(dir), name).value("state", "") == state; },
      timeout);
    if (!ok)
      return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - t0);
  }

  test::temp_folder root;
};

/// Makes a CA and node certificates with the openssl command.
class pki {
public:
  explicit pki(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::create_directories(dir);
  }

  bool ca(const std::string& name) {
    return sh("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN="
              + name + " -keyout " + key(name) + " -out " + pem(name));
  }

  bool node(const std::string& name, const std::string& ca_name) {
    return sh("openssl req -newkey rsa:2048 -nodes -subj /CN=" + name
              + " -keyout " + key(name) + " -out " + path(name, ".csr"))
           && sh("openssl x509 -req -days 1 -in " + path(name, ".csr") + " -CA "
                 + pem(ca_name) + " -CAkey " + key(ca_name)
                 + " -CAcreateserial -out " + pem(name));
  }

  /// --tls-cert/--tls-key/--tls-ca for node `name` trusting `ca_name`.
  std::vector<std::string> flags(const std::string& name,
                                 const std::string& ca_name) {
    return {"--tls-cert", pem(name),  "--tls-key",
            key(name),    "--tls-ca", pem(ca_name)};
  }

  std::string pem(const std::string& n) {
    return path(n, ".pem");
  }
  std::string key(const std::string& n) {
    return path(n, ".key");
  }

private:
  std::string path(const std::string& n, const char* ext) {
    return (dir_ / (n + ext)).string();
  }
  static bool sh(const std::string& cmd) {
    return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
  }
  std::filesystem::path dir_;
};

inline std::vector<std::string> operator+(std::vector<std::string> a,
                                          const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace hummel::cluster_test_support
