#pragma once

// A real daemon for system tests, started as the README tells a user:
// `hummel daemon --dir DIR --http 127.0.0.1:0` (hummel hands it to
// hummel-daemon), in a sandbox with private XDG folders; its output goes to
// a file. Stopped with SIGTERM at the end; it must exit 0.
//
// Thread safety: none; use from the test thread.

#include "tests/support/binaries.hpp"
#include "tests/system/mcp_clients.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>

namespace bin_test {

class daemon_fixture : public ::testing::Test {
protected:
  /// Writes `toml` (and `package_json` if not empty) into the project and
  /// starts the daemon; fails the test if it does not come up in 20 s.
  void start_daemon(const std::string& toml,
                    const std::string& package_json = {},
                    const std::vector<std::string>& extra_args = {}) {
    std::ofstream{box.project / "hummel.toml"} << toml;
    if (!package_json.empty())
      std::ofstream{box.project / "package.json"} << package_json;
    log = box.root.path / "daemon.out";
    int fd
      = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    std::vector<std::string> args{"daemon", "--dir", box.project.string(),
                                  "--http", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid = spawn(binary(), args, box.env(), nullptr, fd, fd);
    ::close(fd);
    ASSERT_GT(pid, 0);
    bool up = wait_for(
      [&] {
        info = box.runtime_info();
        return info.is_object() && info["http"].is_string()
               && socket_client{info["socket"].get<std::string>()}.ok();
      },
      20s);
    ASSERT_TRUE(up) << "the daemon did not come up:\n" << read_text(log);
    url = info["http"].get<std::string>();
    auto colon = url.rfind(':');
    port = static_cast<uint16_t>(std::stoi(url.substr(colon + 1)));
    socket = info["socket"].get<std::string>();
  }

  void TearDown() override {
    if (pid <= 0)
      return;
    ::kill(pid, SIGTERM);
    EXPECT_EQ(wait_exit(pid, 20s), 0)
      << "the daemon did not exit 0 on SIGTERM:\n"
      << read_text(log);
  }

  /// Waits until `pred(ps --json)` holds (at most `timeout`); the last
  /// status seen.
  template <class Pred>
  json wait_status(Pred pred, std::chrono::milliseconds timeout = 15s) {
    json last;
    wait_for(
      [&] {
        auto r
          = run_hummel(box, {"ps", "--json", "--dir", box.project.string()});
        last = json::parse(r.out, nullptr, false);
        return r.exit_code == 0 && pred(last);
      },
      timeout);
    return last;
  }

  /// `{"jsonrpc":"2.0","id":id,"method":method,"params":params}`.
  static json request(int id, const std::string& method,
                      json params = json::object()) {
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"method", method},
            {"params", std::move(params)}};
  }

  /// The `initialize` params of a 2025-06-18 client.
  static json init_params() {
    return {{"protocolVersion", "2025-06-18"},
            {"capabilities", json::object()},
            {"clientInfo", {{"name", "system-test"}, {"version", "1"}}}};
  }

  /// tools/list over a fresh socket session: name → tool.
  json tools_by_name() {
    socket_client c{socket};
    json out = json::object();
    if (!c.ok())
      return out;
    c.call(request(1, "initialize", init_params()));
    c.send_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    auto list = c.call(request(2, "tools/list"));
    for (const auto& t : list["result"].value("tools", json::array()))
      out[t["name"].get<std::string>()] = t;
    return out;
  }

  sandbox box;
  pid_t pid = -1;
  fs::path log;
  json info;
  std::string url;
  std::string socket;
  uint16_t port = 0;
};

} // namespace bin_test
