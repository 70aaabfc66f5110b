// hummel-spawn: the parent-death trampoline of the reactor.
//
//   hummel-spawn <daemon-pid> [--exec <path>] -- <argv...>
//
// Asks the kernel for SIGKILL when the spawning thread of the daemon dies
// (posix_spawn cannot run code in the child), exits 1 if the daemon is
// already gone, then executes argv (`path` if given, else argv[0] looked up
// in PATH). On exec failure: "hummel-spawn: <argv0>: <error>", exit 127.
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: hummel-spawn <daemon-pid> [--exec <path>] -- "
                         "<program> [args...]\n");
    return 2;
  }
  long daemon = std::strtol(argv[1], nullptr, 10);
  int i = 2;
  const char* path = nullptr;
  if (std::strcmp(argv[i], "--exec") == 0 && i + 1 < argc) {
    path = argv[i + 1];
    i += 2;
  }
  if (i >= argc || std::strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
    std::fprintf(stderr, "hummel-spawn: bad arguments\n");
    return 2;
  }
  ++i;
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
    std::fprintf(stderr, "hummel-spawn: prctl: %s\n", std::strerror(errno));
    return 127;
  }
  // Checked after prctl: if the daemon died before, nobody sends the signal.
  if (daemon <= 0 || ::getppid() != static_cast<pid_t>(daemon))
    return 1;
  if (path != nullptr)
    ::execv(path, argv + i);
  else
    ::execvp(argv[i], argv + i);
  std::fprintf(stderr, "hummel-spawn: %s: %s\n", argv[i], std::strerror(errno));
  return 127;
}
