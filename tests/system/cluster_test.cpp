// System tests of the cluster: real `hummel daemon` and `hummel monitor`
// processes on loopback, each with its own state folder, runtime folder and
// port. Peers are killed (SIGKILL), frozen (SIGSTOP/SIGCONT) and restarted;
// TLS certificates are made with the openssl command at test time. The
// monitor is asked through the real CLI (`hummel nodes --json`).

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

using namespace std::chrono_literals;
using nlohmann::json;

namespace hummel {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int slack = 4; // sanitizers slow everything down
#else
constexpr int slack = 1;
#endif

std::string exe() {
  return std::string{HUMMEL_BINARY_DIR} + "/hummel";
}

/// A port that was free a moment ago.
uint16_t free_port() {
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

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in{path};
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto i = text.find(needle); i != std::string::npos;
       i = text.find(needle, i + 1))
    ++n;
  return n;
}

/// One `hummel daemon` or `hummel monitor` child with its output in a file.
class node_process {
public:
  node_process(std::vector<std::string> args, std::filesystem::path output,
               std::filesystem::path runtime)
    : args_(std::move(args)),
      output_(std::move(output)),
      runtime_(std::move(runtime)) {
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
      setenv("XDG_RUNTIME_DIR", runtime_.c_str(), 1);
      std::vector<char*> argv;
      auto bin = exe();
      argv.push_back(bin.data());
      for (auto& a : args_)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
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

  /// `hummel nodes --json` against the node of folder `dir`.
  json nodes(const std::filesystem::path& dir) {
    auto cmd = "XDG_RUNTIME_DIR=" + runtime().string() + " " + exe()
               + " nodes --json --dir " + dir.string() + " 2>/dev/null";
    std::string out;
    if (auto* p = popen(cmd.c_str(), "r")) {
      char buf[4096];
      size_t n = 0;
      while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        out.append(buf, n);
      pclose(p);
    }
    return json::parse(out, nullptr, false);
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

TEST_F(cluster_test, killed_and_frozen_peers_go_stale_and_come_back) {
  auto pa = free_port();
  auto pb = free_port();
  auto a_dir = project("a", 3);
  auto b_dir = project("b", 3);
  auto m_dir = project("m", 0);
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto lb = "127.0.0.1:" + std::to_string(pb);
  node_process a{args("daemon", a_dir, "na", {"--cluster-listen", la}),
                 root.path() / "a.out", runtime()};
  node_process b{args("daemon", b_dir, "nb", {"--cluster-listen", lb}),
                 root.path() / "b.out", runtime()};
  node_process m{args("monitor", m_dir, "mon", {"--peer", la, "--peer", lb}),
                 root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  ASSERT_TRUE(wait_state(m_dir, "nb", "linked", 15s)) << m.output();
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "nb", "running") == 3; }, 15s));

  // Killed: the link breaks at once.
  b.stop(SIGKILL);
  auto stale = wait_state(m_dir, "nb", "stale", 5s);
  ASSERT_TRUE(stale) << m.output();
  std::cout << "killed peer stale after " << stale->count() << " ms\n";
  EXPECT_LE(stale->count(), 500 * slack);
  auto seen = node_of(nodes(m_dir), "nb");
  EXPECT_EQ(seen.value("processes", 0), 3) << "last known state kept";
  EXPECT_TRUE(seen.value("last_heard", json()).is_string());
  EXPECT_EQ(node_of(nodes(m_dir), "na").value("state", ""), "linked");

  // Back on the same port: linked again, resynced, nothing duplicated.
  b.start();
  auto back = wait_state(m_dir, "nb", "linked", 10s);
  ASSERT_TRUE(back) << m.output();
  std::cout << "restarted peer linked again after " << back->count() << " ms\n";
  EXPECT_LE(back->count(), 5000 * slack);
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "nb", "running") == 3; }, 10s));
  auto cmd = "XDG_RUNTIME_DIR=" + runtime().string() + " " + exe()
             + " ps --all-nodes --json --dir " + m_dir.string();
  std::string out;
  if (auto* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
      out.append(buf, n);
    pclose(p);
  }
  auto all = json::parse(out, nullptr, false);
  ASSERT_TRUE(all.is_object()) << out;
  std::multiset<std::string> names;
  for (const auto& x : all["processes"])
    names.insert(x.value("node", "") + "/" + x.value("name", ""));
  EXPECT_EQ(names, (std::multiset<std::string>{"na/p0", "na/p1", "na/p2",
                                               "nb/p0", "nb/p1", "nb/p2"}));

  // Frozen: only the heartbeats notice.
  kill(b.pid(), SIGSTOP);
  auto frozen = wait_state(m_dir, "nb", "stale", 10s);
  ASSERT_TRUE(frozen) << m.output();
  std::cout << "frozen peer stale after " << frozen->count() << " ms\n";
  EXPECT_LE(frozen->count(), 3000 * slack);
  kill(b.pid(), SIGCONT);
  auto thawed = wait_state(m_dir, "nb", "linked", 10s);
  ASSERT_TRUE(thawed) << m.output();
  std::cout << "thawed peer linked again after " << thawed->count() << " ms\n";
  EXPECT_LE(thawed->count(), 5000 * slack);
  auto text = m.output();
  EXPECT_NE(text.find("cluster: lost nb"), std::string::npos) << text;
  // Orderly stops; a sanitizer report would make the exit code non-zero.
  EXPECT_EQ(m.terminate(), 0) << m.output();
  EXPECT_EQ(b.terminate(), 0) << b.output();
  EXPECT_EQ(a.terminate(), 0) << a.output();
}

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

std::vector<std::string> operator+(std::vector<std::string> a,
                                   const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(cluster_test, tls_refuses_strangers_once_and_keeps_good_links) {
  pki certs{root.path() / "pki"};
  ASSERT_TRUE(certs.ca("ca") && certs.ca("other-ca"));
  ASSERT_TRUE(certs.node("na", "ca") && certs.node("mon", "ca")
              && certs.node("rogue", "other-ca"));
  auto pa = free_port();
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto a_dir = project("a", 2);
  auto m_dir = project("m", 0);
  auto r_dir = project("r", 0);
  auto p_dir = project("p", 0);
  node_process a{args("daemon", a_dir, "na",
                      std::vector<std::string>{"--cluster-listen", la,
                                               "--allow-remote-control"}
                        + certs.flags("na", "ca")),
                 root.path() / "a.out", runtime()};
  node_process m{
    args("monitor", m_dir, "mon",
         std::vector<std::string>{"--peer", la} + certs.flags("mon", "ca")),
    root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  auto linked = node_of(nodes(m_dir), "na");
  EXPECT_TRUE(linked.value("tls", false));
  EXPECT_TRUE(linked.value("remote_control", false));

  // A certificate from another CA, and no TLS at all.
  node_process rogue{args("monitor", r_dir, "rogue",
                          std::vector<std::string>{"--peer", la}
                            + certs.flags("rogue", "other-ca")),
                     root.path() / "r.out", runtime()};
  node_process plain{args("monitor", p_dir, "plain", {"--peer", la}),
                     root.path() / "p.out", runtime()};
  // Long enough for each to retry twice (backoff 1 s, 2 s).
  ASSERT_TRUE(test::wait_until(
    [&] {
      auto r = node_of(nodes(r_dir), la);
      return r.value("state", "") == "connecting"
             && r.value("error", json()).is_string();
    },
    10s));
  std::this_thread::sleep_for(4s);
  auto a_log = a.output();
  auto r_log = rogue.output();
  auto p_log = plain.output();
  EXPECT_EQ(count(a_log, "refused link from"), 2u) << a_log;
  EXPECT_EQ(count(a_log, "does not trust our certificate"), 1u) << a_log;
  EXPECT_EQ(count(a_log, "not a TLS connection"), 1u) << a_log;
  EXPECT_EQ(count(r_log, "cannot link to"), 1u) << r_log;
  EXPECT_NE(r_log.find("not signed by our CA"), std::string::npos) << r_log;
  EXPECT_EQ(count(p_log, "cannot link to"), 1u) << p_log;
  EXPECT_EQ(node_of(nodes(r_dir), la).value("state", ""), "connecting");
  EXPECT_EQ(node_of(nodes(p_dir), la).value("state", ""), "connecting");
  // The good link never dropped while strangers were refused.
  EXPECT_EQ(m.output().find("cluster: lost"), std::string::npos) << m.output();
  EXPECT_EQ(node_of(nodes(m_dir), "na").value("state", ""), "linked");

  // Remote control over the authenticated link.
  auto run = [&](const std::string& cli) {
    return std::system(("XDG_RUNTIME_DIR=" + runtime().string() + " " + exe()
                        + " " + cli + " >/dev/null 2>&1")
                         .c_str());
  };
  EXPECT_EQ(run("stop p0 --node na --dir " + m_dir.string()), 0);
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "na", "stopped") == 1; }, 10s));
  EXPECT_EQ(run("run p0 --node na --dir " + m_dir.string()), 0);
  EXPECT_NE(run("stop p0 --node nowhere --dir " + m_dir.string()), 0);
  for (auto* n : {&plain, &rogue, &m, &a})
    EXPECT_EQ(n->terminate(), 0) << n->output();
}

TEST_F(cluster_test, plain_links_allow_no_remote_control) {
  auto pa = free_port();
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto a_dir = project("a", 1);
  auto m_dir = project("m", 0);
  node_process a{args("daemon", a_dir, "na", {"--cluster-listen", la}),
                 root.path() / "a.out", runtime()};
  node_process m{args("monitor", m_dir, "mon", {"--peer", la}),
                 root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  auto cmd = "XDG_RUNTIME_DIR=" + runtime().string() + " " + exe()
             + " stop p0 --node na --dir " + m_dir.string() + " 2>&1";
  std::string out;
  int rc = -1;
  if (auto* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
      out.append(buf, n);
    rc = pclose(p);
  }
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("authenticated (TLS)"), std::string::npos) << out;
  EXPECT_EQ(count_of(m_dir, "na", "running"), 1);
}

TEST_F(cluster_test, a_plain_listener_beyond_loopback_is_refused) {
  auto a_dir = project("a", 1);
  node_process a{
    args("daemon", a_dir, "na", {"--cluster-listen", "0.0.0.0:4799"}),
    root.path() / "a.out", runtime()};
  EXPECT_EQ(a.wait_exit(10s), 2);
  EXPECT_NE(a.output().find("not loopback"), std::string::npos) << a.output();
}

} // namespace
} // namespace hummel
