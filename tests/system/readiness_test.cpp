// Readiness probes against real sockets on loopback: a TCP port that starts
// accepting, and an HTTP endpoint that answers 503 and then 200.

#include "config/load.hpp"
#include "main/daemon/runtime.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

using namespace std::chrono_literals;

namespace hummel {
namespace {

/// A loopback listener on an ephemeral port; answers HTTP with `status`.
class listener {
public:
  listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }

  ~listener() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    if (thread_.joinable())
      thread_.join();
  }

  uint16_t port() const {
    return port_;
  }

  /// Starts accepting; every connection gets "HTTP/1.0 <status>".
  void serve(std::atomic<int>& status) {
    listen(fd_, 16);
    thread_ = std::thread{[this, &status] {
      while (!stop_) {
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0)
          return;
        char buf[512];
        auto n = recv(c, buf, sizeof(buf), 0);
        (void)n;
        auto reply = "HTTP/1.0 " + std::to_string(status.load())
                     + " X\r\nContent-Length: 0\r\n\r\n";
        send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
        close(c);
      }
    }};
  }

private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class readiness_test : public ::testing::Test {
protected:
  void start(const std::string& toml) {
    test::write_file(project.path() / "hummel.toml", toml);
    auto loaded = load_project(project.path());
    ASSERT_TRUE(loaded.ok()) << loaded.errors.at(0).to_string();
    runtime_options opts;
    opts.state_dir = state.path();
    rt = std::make_unique<runtime>(
      std::make_shared<const project_config>(loaded.config), opts);
    ASSERT_TRUE(rt->boot());
  }

  process_snapshot snap(const std::string& name) {
    auto view = rt->cell().read();
    auto* x = view->find(name);
    return x != nullptr ? *x : process_snapshot{};
  }

  test::temp_folder project;
  test::temp_folder state;
  std::unique_ptr<runtime> rt;
};

TEST_F(readiness_test, tcp_port_gates_the_dependent) {
  listener l;
  std::atomic<int> status{200};
  start("[processes.db]\ncommand = \"sleep 300\"\nready = { tcp = "
        + std::to_string(l.port())
        + " }\n\n[processes.app]\ncommand = \"sleep 300\"\n"
          "depends_on = { db = \"ready\" }\n");
  ASSERT_TRUE(test::wait_until(
    [&] { return snap("db").status == process_status::running; }, 5s));
  std::this_thread::sleep_for(600ms); // several probe periods
  EXPECT_FALSE(snap("db").ready) << "nothing listens yet";
  EXPECT_EQ(snap("app").status, process_status::waiting);
  l.serve(status);
  EXPECT_TRUE(test::wait_until([&] { return snap("db").ready; }, 5s));
  EXPECT_TRUE(test::wait_until(
    [&] { return snap("app").status == process_status::running; }, 5s));
}

TEST_F(readiness_test, http_probe_needs_a_2xx_answer) {
  listener l;
  std::atomic<int> status{503};
  l.serve(status);
  start("[processes.api]\ncommand = \"sleep 300\"\nready = { http = "
        "\"http://127.0.0.1:"
        + std::to_string(l.port()) + "/health\" }\n");
  ASSERT_TRUE(test::wait_until(
    [&] { return snap("api").status == process_status::running; }, 5s));
  std::this_thread::sleep_for(600ms);
  EXPECT_FALSE(snap("api").ready) << "503 is not ready";
  status = 204;
  EXPECT_TRUE(test::wait_until([&] { return snap("api").ready; }, 5s));
}

} // namespace
} // namespace hummel
