#include "reactor/spawn.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string_view>

#ifndef CLOSE_RANGE_UNSHARE
#  define CLOSE_RANGE_UNSHARE (1U << 1)
#endif
#ifndef CLONE_PIDFD
#  define CLONE_PIDFD 0x00001000
#endif

namespace hummel::reactor::detail {

namespace {

/// What the child needs, prepared by the parent (the child allocates
/// nothing); `stage` and `error` come back through the shared memory.
struct child_args {
  const char* path = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* cwd = nullptr; // nullptr: stay
  int out_fd = -1;           // a slot, see slots()
  int err_fd = -1;           // a slot
  int keep_below = 0;        // the slots and everything below them
  int parent = 0;            // pid of the daemon, for the parent-death check
  bool parent_death = false;
  // Set by the child when it fails before exec: which step, and errno.
  enum step : int { none, unshare_failed, chdir_failed, exec_failed } stage
    = none;
  int error = 0;
};

/// The kernel's struct sigaction (x86-64 and arm64 layout).
struct kernel_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)();
  uint64_t mask;
};

/// `fd` as stdin/stdout/stderr `target`, without close-on-exec.
__attribute__((no_sanitize("address", "thread", "undefined"))) long
put_at(int fd, int target) {
  if (fd == target)
    return ::syscall(SYS_fcntl, fd, F_SETFD, 0);
  return ::syscall(SYS_dup3, fd, target, 0);
}

/// Runs in the child, on its own stack, in the parent's memory until exec:
/// raw system calls only, so neither libc's locks nor a sanitizer's state
/// are touched. Never returns on success.
__attribute__((no_sanitize("address", "thread", "undefined"))) int
child_main(void* p) {
  auto* a = static_cast<child_args*>(p);
  // The descriptor table is the parent's (CLONE_FILES): take a private
  // copy of the few below the slots only, never the thousands above (a
  // copy and a close of every one of them per child made starting N
  // children O(N²)).
  if (::syscall(SYS_close_range, a->keep_below, ~0U, CLOSE_RANGE_UNSHARE) != 0
      && ::syscall(SYS_unshare, CLONE_FILES) != 0) {
    a->error = errno;
    a->stage = child_args::unshare_failed;
    ::syscall(SYS_exit, 127);
  }
  // Handlers would run on the parent's memory: default them all first.
  kernel_sigaction dfl{};
  dfl.handler = SIG_DFL;
  for (int sig = 1; sig < 65; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP)
      ::syscall(SYS_rt_sigaction, sig, &dfl, nullptr, sizeof(uint64_t));
  ::syscall(SYS_setsid);
  long null = ::syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
  if (null >= 0 && null != 0) {
    ::syscall(SYS_dup3, null, 0, 0);
    ::syscall(SYS_close, null);
  }
  put_at(a->out_fd, 1);
  put_at(a->err_fd, 2);
  if (a->cwd != nullptr && ::syscall(SYS_chdir, a->cwd) != 0) {
    a->error = errno;
    a->stage = child_args::chdir_failed;
    ::syscall(SYS_exit, 127);
  }
  ::syscall(SYS_close_range, 3U, ~0U, 0U); // the slots and the few below
  if (a->parent_death) {
    ::syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // Checked after prctl: if the daemon died before, nobody sends it.
    if (::syscall(SYS_getppid) != a->parent)
      ::syscall(SYS_exit, 1);
  }
  uint64_t none = 0;
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, nullptr, sizeof(none));
  ::syscall(SYS_execve, a->path, a->argv, a->envp);
  a->error = errno;
  a->stage = child_args::exec_failed;
  ::syscall(SYS_exit, 127);
  return 127;
}

/// Moves `fd` to 3 or above (stdin/stdout/stderr of the daemon may be
/// closed, and the child's dup3 onto 0-2 must not clobber its own pipes).
void lift(int& fd) {
  if (fd < 0 || fd > 2)
    return;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (moved >= 0) {
    ::close(fd);
    fd = moved;
  }
}

/// Two descriptor numbers per spawning thread, taken once and as low as
/// they come, where the write ends of a child's pipes sit while it is
/// cloned (the child keeps only the descriptors below the highest slot),
/// and /dev/null to park them on after. One set per spawner slot, each
/// with its mutex (reactors of one process, as in the tests, share them).
struct slot_set {
  int out = -1;
  int err = -1;
  std::mutex mutex; // one child in these slots at a time
};

struct slot_table {
  std::array<slot_set, max_spawn_slots> sets;
  int null = -1;
  /// Above every slot: the child copies descriptors below this only.
  int keep_below = 0;
};

slot_table& slots() {
  static slot_table* instance = [] {
    auto* t = new slot_table; // never freed: children may start until exit
    auto take = [](int& fd) {
      fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      lift(fd);
    };
    take(t->null);
    for (auto& set : t->sets) {
      take(set.out);
      take(set.err);
      t->keep_below = std::max({t->keep_below, set.out + 1, set.err + 1});
    }
    return t;
  }();
  return *instance;
}

void close_all(std::initializer_list<int> fds) {
  for (int fd : fds)
    if (fd >= 0)
      ::close(fd);
}

/// Whether the child runs in the daemon's memory until exec (CLONE_VM).
/// Under ThreadSanitizer it does not: the child runs on the calling
/// thread's TLS, and TSan then attributes heap accesses of the daemon's
/// threads to the wrong thread (false races in the reactor tests). There
/// the child gets a copy of the memory (still CLONE_VFORK: the daemon waits
/// for exec) and reports a failure through a shared page. Release and ASan
/// builds run the CLONE_VM path.
#if defined(__SANITIZE_THREAD__)
constexpr bool share_memory = false;
#else
constexpr bool share_memory = true;
#endif

/// clone() with the caller's signals blocked; the pid (or -1 with
/// `error`) and the pidfd (-1 if the kernel gave none).
int clone_child(child_args& args, int& pidfd, int& error) {
  // Without CLONE_VM the child's stage and errno come back through a
  // shared page.
  child_args* block = &args;
  void* page = nullptr;
  if constexpr (!share_memory) {
    page = ::mmap(nullptr, sizeof(child_args), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
      error = errno;
      return -1;
    }
    block = new (page) child_args{args};
  }
  constexpr size_t stack_size = 32 * 1024;
  auto stack = std::make_unique<char[]>(stack_size);
  void* top = stack.get() + stack_size; // x86-64 and arm64 stacks grow down
  sigset_t all;
  sigset_t old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  int flags = share_memory ? CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD
                           : CLONE_VFORK | SIGCHLD;
  pidfd = -1;
  int pid = ::clone(child_main, top, flags | CLONE_PIDFD, block, &pidfd);
  if (pid < 0 && errno == EINVAL) { // a kernel without CLONE_PIDFD
    pidfd = -1;
    pid = ::clone(child_main, top, flags, block);
  }
  error = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if constexpr (!share_memory) {
    args.stage = block->stage;
    args.error = block->error;
    ::munmap(page, sizeof(child_args));
  }
  if (pid > 0 && pidfd < 0)
    pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  return pid;
}

std::string failure(const spawn_request& req, const spawn_setup& setup,
                    const child_args& args) {
  const auto& name = setup.trampoline.empty() ? req.argv[0] : setup.trampoline;
  if (args.stage == child_args::unshare_failed)
    return "cannot start " + req.argv[0]
           + ": cannot unshare descriptors: " + std::strerror(args.error);
  if (args.stage == child_args::chdir_failed)
    return "cannot enter working directory " + req.cwd.string() + ": "
           + std::strerror(args.error);
  if (args.error == ENOENT)
    return "command not found: " + name;
  if (args.error == EACCES)
    return "permission denied: " + name;
  return "cannot start " + req.argv[0] + ": " + std::strerror(args.error);
}

std::string limit_reached(const spawn_request& req, const spawn_setup& setup) {
  return "descriptor limit reached: cannot start " + req.argv[0]
         + " (RLIMIT_NOFILE is " + std::to_string(setup.fd_limit) + ", "
         + std::to_string(setup.fd_reserve)
         + " kept for the daemon, each process takes "
         + std::to_string(descriptors_per_child) + ")";
}

/// True if a descriptor numbered `highest` (and the pidfd after it) would
/// reach the reserve. Descriptors are handed out lowest first, so every
/// number below `highest` is in use.
bool into_reserve(int highest, const spawn_setup& setup) {
  if (setup.fd_limit == 0)
    return false;
  auto ceiling
    = setup.fd_limit > setup.fd_reserve ? setup.fd_limit - setup.fd_reserve : 0;
  return static_cast<uint64_t>(highest) + 2 > ceiling;
}

} // namespace

void prepare_spawn() {
  slots();
}

std::variant<spawned, std::string> spawn_process(const spawn_request& req,
                                                 const spawn_setup& setup,
                                                 size_t slot_index) {
  int out[2];
  int err[2];
  auto no_pipe = [&](int code) {
    if (code == EMFILE && setup.fd_limit > 0)
      return limit_reached(req, setup);
    return "cannot start " + req.argv[0] + ": " + std::strerror(code);
  };
  if (::pipe2(out, O_CLOEXEC) != 0)
    return no_pipe(errno);
  if (::pipe2(err, O_CLOEXEC) != 0) {
    auto msg = no_pipe(errno);
    close_all({out[0], out[1]});
    return msg;
  }
  if (into_reserve(std::max({out[0], out[1], err[0], err[1]}), setup)) {
    close_all({out[0], out[1], err[0], err[1]});
    return limit_reached(req, setup);
  }
  // The environment: the request's, with HUMMEL_RUN replaced.
  std::vector<std::string> env;
  env.reserve(req.env.size() + 1);
  for (auto& entry : req.env)
    if (std::string_view{entry}.substr(0, 11) != "HUMMEL_RUN=")
      env.push_back(entry);
  env.push_back("HUMMEL_RUN=" + setup.marker);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (auto& entry : env)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  // The arguments, behind the trampoline if there is one.
  std::vector<std::string> args;
  if (!setup.trampoline.empty())
    args = {setup.trampoline, std::to_string(::getpid()), "--exec",
            setup.program, "--"};
  args.insert(args.end(), req.argv.begin(), req.argv.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  child_args ca;
  ca.path = setup.trampoline.empty() ? setup.program.c_str()
                                     : setup.trampoline.c_str();
  ca.argv = argv.data();
  ca.envp = envp.data();
  ca.cwd = req.cwd.empty() ? nullptr : req.cwd.c_str();
  ca.parent = ::getpid();
  ca.parent_death = setup.parent_death;
  int pidfd = -1;
  int error = 0;
  int pid = -1;
  {
    auto& table = slots();
    auto& slot = table.sets[slot_index % max_spawn_slots];
    std::lock_guard guard{slot.mutex};
    if (slot.out < 0 || slot.err < 0 || table.null < 0
        || ::dup3(out[1], slot.out, O_CLOEXEC) < 0
        || ::dup3(err[1], slot.err, O_CLOEXEC) < 0) {
      error = errno != 0 ? errno : EBADF;
    } else {
      ca.out_fd = slot.out;
      ca.err_fd = slot.err;
      ca.keep_below = table.keep_below;
      pid = clone_child(ca, pidfd, error);
    }
    // Park the slots again: the child's write ends are its own now.
    ::dup3(table.null, slot.out, O_CLOEXEC);
    ::dup3(table.null, slot.err, O_CLOEXEC);
  }
  close_all({out[1], err[1]});
  if (pid < 0) {
    close_all({out[0], err[0]});
    return "cannot start " + req.argv[0] + ": " + std::strerror(error);
  }
  if (ca.stage != child_args::none) { // it has exited (127): reap it
    ::waitpid(pid, nullptr, 0);
    close_all({out[0], err[0], pidfd});
    return failure(req, setup, ca);
  }
  return spawned{pid, pidfd, out[0], err[0]};
}

} // namespace hummel::reactor::detail
