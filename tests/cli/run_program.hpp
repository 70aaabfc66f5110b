#pragma once

// Test support: run any program (bash, an installed hummel) to completion
// with a given environment and folder, collecting stdout and stderr, and a
// shell word quoting helper for `bash -c` scripts.
//
// Thread safety: none; use from the test thread.

#include "tests/support/binaries.hpp"

#include <poll.h>

#include <string>
#include <vector>

namespace cli_test {

/// Runs `path args...` with `env` in `cwd` (killed after `timeout`); stdin
/// is /dev/null.
inline bin_test::run_result
run_program(const std::string& path, const std::vector<std::string>& args,
            const std::vector<std::string>& env,
            const std::filesystem::path& cwd = {},
            std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    return {};
  auto pid = bin_test::spawn(path, args, env, nullptr, out[1], err[1], cwd);
  ::close(out[1]);
  ::close(err[1]);
  bin_test::run_result r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  auto deadline = std::chrono::steady_clock::now() + timeout;
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
  r.exit_code = bin_test::wait_exit(pid, std::chrono::seconds(1));
  return r;
}

/// `s` as one single-quoted shell word.
inline std::string shell_word(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
  return out + "'";
}

/// `env` with `name=value` set (replacing any earlier value), or removed
/// when `value` is null.
inline std::vector<std::string> with_env(std::vector<std::string> env,
                                         const std::string& name,
                                         const char* value) {
  std::erase_if(
    env, [&](const std::string& kv) { return kv.rfind(name + "=", 0) == 0; });
  if (value != nullptr)
    env.push_back(name + "=" + value);
  return env;
}

/// Where `program` is on this machine's PATH, or "" (for optional shells).
inline std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string all = path != nullptr ? path : "/usr/bin:/bin";
  size_t at = 0;
  while (at <= all.size()) {
    auto end = all.find(':', at);
    if (end == std::string::npos)
      end = all.size();
    auto candidate = std::filesystem::path{all.substr(at, end - at)} / program;
    if (::access(candidate.c_str(), X_OK) == 0)
      return candidate.string();
    at = end + 1;
  }
  return {};
}

} // namespace cli_test
