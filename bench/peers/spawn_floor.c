// The floor of starting N `sleep 300` on this machine, without a daemon:
// the same clone(CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_PIDFD) +
// exec per child as hummel's reactor, two pipes per child, one thread,
// nothing else. Prints the time until the last clone returned.
//   cc -O2 -o spawn_floor spawn_floor.c && ./spawn_floor 1000
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#  define CLONE_PIDFD 0x00001000
#endif

extern char** environ;
static char* child_argv[] = {"/usr/bin/sleep", "300", NULL};
struct pipes {
  int out;
  int err;
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int child(void* p) {
  struct pipes* fds = p;
  // A private copy of descriptors 0-4 only (2: CLOSE_RANGE_UNSHARE).
  syscall(SYS_close_range, 5U, ~0U, 2U);
  syscall(SYS_dup3, fds->out, 1, 0);
  syscall(SYS_dup3, fds->err, 2, 0);
  syscall(SYS_close_range, 3U, ~0U, 0U);
  syscall(SYS_setsid);
  syscall(SYS_execve, child_argv[0], child_argv, environ);
  syscall(SYS_exit, 127);
  return 127;
}

int main(int argc, char** argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int* pids = calloc((size_t)n, sizeof(int));
  char* stack = malloc(1 << 16);
  double t0 = now();
  for (int i = 0; i < n; ++i) {
    int out[2];
    int err[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0)
      return 1;
    // The write ends at 3 and 4, as the reactor's low slots.
    dup3(out[1], 3, O_CLOEXEC);
    dup3(err[1], 4, O_CLOEXEC);
    struct pipes fds = {3, 4};
    int pidfd = -1;
    pids[i]
      = clone(child, stack + (1 << 16),
              CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_PIDFD | SIGCHLD,
              &fds, &pidfd);
    close(out[1]);
    close(err[1]);
  }
  printf("%d sleep 300 started in %.3f s\n", n, now() - t0);
  for (int i = 0; i < n; ++i)
    kill(pids[i], SIGKILL);
  for (int i = 0; i < n; ++i)
    waitpid(pids[i], NULL, 0);
  return 0;
}
