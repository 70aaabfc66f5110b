#pragma once

// Runs a piece of a test as another user: a forked child that drops to
// `uid` (and the same gid) and sends back what `f` returns. Root only (the
// callers GTEST_SKIP otherwise). The child does little (sockets, a few
// allocations) and leaves with _exit, so forking a threaded test is safe
// enough.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <string>

namespace hummel::test {

/// Runs `f` in a child as `uid`; returns its text, or "setuid failed".
inline std::string as_uid_text(uint32_t uid,
                               const std::function<std::string()>& f) {
  int fds[2];
  if (::pipe(fds) != 0)
    return "pipe failed";
  pid_t child = ::fork();
  if (child < 0)
    return "fork failed";
  if (child == 0) {
    ::close(fds[0]);
    std::string out = (::setgid(uid) == 0 && ::setuid(uid) == 0)
                        ? f()
                        : std::string{"setuid failed"};
    size_t done = 0;
    while (done < out.size()) {
      auto n = ::write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0)
        break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof(buf))) > 0)
    out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return out;
}

/// Runs `f` (returning an `http_reply`-like value with `status` and `body`)
/// as `uid`; the reply comes back through `as_uid_text`.
template <class F>
auto as_uid(uint32_t uid, F f) -> decltype(f()) {
  auto text = as_uid_text(uid, [&] {
    auto r = f();
    return std::to_string(r.status) + "\n" + r.body;
  });
  decltype(f()) r{};
  auto nl = text.find('\n');
  if (nl == std::string::npos) {
    r.body = text;
    return r;
  }
  r.status = std::stoi(text.substr(0, nl));
  r.body = text.substr(nl + 1);
  return r;
}

} // namespace hummel::test
