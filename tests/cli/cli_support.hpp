#pragma once

// Test support for the CLI: run the built `hummel` binary with a private
// runtime and state folder, and a fake daemon (the real MCP engine over a
// unix socket, with canned tool results shaped like the real daemon's, see
// canned.hpp; the engine checks every result against the tool's
// outputSchema, as the daemon's own answers must pass it too) to talk to.
//
// Thread safety: a fake_daemon serves on its own thread; `calls()` may be
// read from the test thread at any time.

#include "config/load.hpp"
#include "mcp/backend.hpp"
#include "mcp/engine.hpp"
#include "tests/cli/canned.hpp"
#include "tests/support/binaries.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace cli_test {

using nlohmann::json;
namespace fs = std::filesystem;
namespace mcp = hummel::mcp;

using bin_test::run_result;
using bin_test::spawn;
using bin_test::temp_dir;

/// A project folder with its own runtime and state folders
/// (tests/support/binaries.hpp), plus the paths a daemon of it uses.
struct sandbox : bin_test::sandbox {
  sandbox() : project_id(hummel::make_project_id(project)) {
    // nop
  }
  std::string project_id;

  /// The daemon socket path for `project`.
  fs::path socket() const {
    return runtime / "hummel" / (project_id + ".sock");
  }
  /// The runtime file path for `project`.
  fs::path runtime_file() const {
    return runtime / "hummel" / (project_id + ".json");
  }
};

/// The built CLI binary.
inline std::string hummel_binary() {
  return bin_test::binary();
}

/// Waits for `pid` at most `timeout_s` (then kills it); the exit code, or
/// 128 + signal.
inline int wait_exit(pid_t pid, int timeout_s = 20) {
  return bin_test::wait_exit(pid, std::chrono::seconds(timeout_s));
}

/// Runs the binary to completion (killed after `timeout_s`), feeding `input`
/// on stdin.
inline run_result run_hummel(const sandbox& box,
                             const std::vector<std::string>& args,
                             const std::string& input = {},
                             int timeout_s = 20) {
  return bin_test::run_hummel(box, args, input,
                              std::chrono::seconds(timeout_s));
}

/// Answers a tool call: (tool, args, progress) → outcome. An outcome whose
/// error is "<close>" makes the fake daemon drop the connection instead.
using tool_handler = std::function<mcp::tool_outcome(
  const std::string&, const json&, const mcp::tool_progress&)>;

/// A successful outcome.
inline mcp::tool_outcome ok(json structured) {
  return {std::make_shared<json>(std::move(structured)), {}};
}

/// An isError outcome.
inline mcp::tool_outcome fail(std::string message) {
  return {nullptr, std::move(message)};
}

/// A backend answering every tool call at once through a handler.
struct handler_backend : mcp::backend {
  tool_handler handler;
  std::function<void(const std::string&, const json&)> record;
  bool close_requested = false;

  mcp::cancel_fn call_tool(const std::string& name, const json& args,
                           const mcp::call_origin&, mcp::tool_progress progress,
                           mcp::tool_done done) {
    record(name, args);
    auto outcome = handler(name, args, progress);
    if (outcome.error == "<close>") {
      close_requested = true;
      return {};
    }
    done(std::move(outcome));
    return {};
  }
  std::optional<resource_text> read_resource(const std::string&) override {
    return std::nullopt;
  }
  uint64_t view_version() override {
    return 1;
  }
  std::vector<std::string> process_names() override {
    return {"web"};
  }
};

} // namespace cli_test

#include "cli_tools.hpp"

namespace cli_test {

/// A fake daemon: listens on `socket`, one engine per connection, serving
/// connections one after another on its own thread.
class fake_daemon {
public:
  fake_daemon(const fs::path& socket, tool_handler handler)
    : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket.c_str(), sizeof(addr.sun_path) - 1);
    ::unlink(socket.c_str());
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr))
          != 0
        || ::listen(listen_fd_, 16) != 0) {
      ::close(listen_fd_);
      listen_fd_ = -1;
      return;
    }
    thread_ = std::thread{[this] { serve(); }};
  }
  ~fake_daemon() {
    stop_ = true;
    if (thread_.joinable())
      thread_.join();
    if (listen_fd_ >= 0)
      ::close(listen_fd_);
  }
  fake_daemon(const fake_daemon&) = delete;
  fake_daemon& operator=(const fake_daemon&) = delete;

  /// True if it listens.
  bool ok() const {
    return listen_fd_ >= 0;
  }

  /// The tool calls received so far: {"tool": …, "args": …}.
  std::vector<json> calls() const {
    std::lock_guard guard{mu_};
    return calls_;
  }

private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0)
        continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0)
        serve_connection(fd);
    }
  }

  void serve_connection(int fd) {
    handler_backend be;
    be.handler = handler_;
    be.record = [this](const std::string& tool, const json& args) {
      std::lock_guard guard{mu_};
      calls_.push_back({{"tool", tool}, {"args", args}});
    };
    mcp::engine_config cfg;
    cfg.transport = mcp::transport_kind::unix_socket;
    cfg.check_results = true;
    cfg.tools = tools();
    mcp::engine eng{be, cfg};
    auto write_line = [fd](mcp::output o) {
      if (o.json.empty())
        return;
      o.json += '\n';
      size_t done = 0;
      while (done < o.json.size()) {
        auto n = ::send(fd, o.json.data() + done, o.json.size() - done,
                        MSG_NOSIGNAL);
        if (n <= 0)
          return;
        done += static_cast<size_t>(n);
      }
    };
    std::string buf;
    while (!stop_ && !be.close_requested) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0)
        continue;
      char chunk[4096];
      auto n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0)
        break;
      buf.append(chunk, static_cast<size_t>(n));
      size_t nl;
      while (!be.close_requested
             && (nl = buf.find('\n')) != std::string::npos) {
        auto line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        if (!line.empty())
          eng.handle(line, write_line);
      }
    }
    eng.shutdown();
    ::close(fd);
  }

  int listen_fd_ = -1;
  tool_handler handler_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<json> calls_;
  std::thread thread_;
};

} // namespace cli_test
