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

/// A fresh temporary folder, removed at destruction.
struct temp_dir {
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "hummel-cli-XXXXXX");
    if (::mkdtemp(tmpl.data()) != nullptr)
      path = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  fs::path path;
};

/// What a finished command printed and returned.
struct run_result {
  int exit_code = -1; ///< exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// A project folder with its own runtime and state folders.
struct sandbox {
  sandbox()
    : project(root.path / "proj"),
      runtime(root.path / "run"),
      state(root.path / "state") {
    fs::create_directories(project);
    fs::create_directories(runtime);
    fs::create_directories(state);
    ::chmod(runtime.c_str(), 0700);
    fs::create_directories(runtime / "hummel");
    ::chmod((runtime / "hummel").c_str(), 0700);
    project_id = hummel::make_project_id(project);
  }
  temp_dir root;
  fs::path project; ///< root/proj
  fs::path runtime; ///< XDG_RUNTIME_DIR
  fs::path state;   ///< XDG_STATE_HOME
  std::string project_id;

  /// The daemon socket path for `project`.
  fs::path socket() const {
    return runtime / "hummel" / (project_id + ".sock");
  }
  /// The runtime file path for `project`.
  fs::path runtime_file() const {
    return runtime / "hummel" / (project_id + ".json");
  }
  /// The environment for the binary: ours plus XDG_* and NO_COLOR=1.
  std::vector<std::string> env() const {
    std::vector<std::string> e;
    for (char** p = environ; *p != nullptr; ++p) {
      std::string_view kv{*p};
      if (kv.rfind("XDG_RUNTIME_DIR=", 0) == 0
          || kv.rfind("XDG_STATE_HOME=", 0) == 0
          || kv.rfind("NO_COLOR=", 0) == 0)
        continue;
      e.emplace_back(kv);
    }
    e.push_back("XDG_RUNTIME_DIR=" + runtime.string());
    e.push_back("XDG_STATE_HOME=" + state.string());
    e.push_back("NO_COLOR=1");
    return e;
  }
};

/// The built binary.
inline std::string hummel_binary() {
  return std::string{HUMMEL_BINARY_DIR} + "/hummel";
}

/// Starts `path args...` with `env`, stdout/stderr to `out_fd`/`err_fd` (or
/// /dev/null when -1); stdin is a pipe whose write end goes to `stdin_fd`
/// (or /dev/null if `stdin_fd` is null). Returns the pid.
inline pid_t spawn(const std::string& path,
                   const std::vector<std::string>& args,
                   const std::vector<std::string>& env, int* stdin_fd,
                   int out_fd = -1, int err_fd = -1) {
  std::vector<std::string> argv_s{path};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env_s = env;
  std::vector<char*> envp;
  for (auto& e : env_s)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  int in[2] = {-1, -1};
  if (stdin_fd != nullptr && ::pipe2(in, O_CLOEXEC) != 0)
    return -1;
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(stdin_fd != nullptr ? in[0] : null_fd, 0);
    ::dup2(out_fd >= 0 ? out_fd : null_fd, 1);
    ::dup2(err_fd >= 0 ? err_fd : null_fd, 2);
    ::execve(path.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(null_fd);
  if (stdin_fd != nullptr) {
    ::close(in[0]);
    *stdin_fd = in[1];
  }
  return pid;
}

/// Waits for `pid` at most `timeout_s` (then kills it); the exit code, or
/// 128 + signal.
inline int wait_exit(pid_t pid, int timeout_s = 20) {
  auto deadline
    = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int st = 0;
  for (;;) {
    if (::waitpid(pid, &st, WNOHANG) == pid)
      break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &st, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/// Runs the binary to completion (killed after `timeout_s`), feeding `input`
/// on stdin.
inline run_result run_hummel(const sandbox& box,
                             const std::vector<std::string>& args,
                             const std::string& input = {},
                             int timeout_s = 20) {
  ::signal(SIGPIPE, SIG_IGN); // the child may exit before reading stdin
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    return {};
  int in = -1;
  auto pid = spawn(hummel_binary(), args, box.env(), &in, out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  run_result r;
  // Write the input from a thread, so a full pipe cannot block the reads.
  std::thread writer{[in, input] {
    size_t done = 0;
    while (done < input.size()) {
      auto n = ::write(in, input.data() + done, input.size() - done);
      if (n <= 0)
        break;
      done += static_cast<size_t>(n);
    }
    ::close(in);
  }};
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  auto deadline
    = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (open > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 100) <= 0)
      continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      char buf[4096];
      auto n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0)
      ::close(f.fd);
  r.exit_code = wait_exit(pid, 1);
  writer.join();
  return r;
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
