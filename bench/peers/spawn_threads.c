// The floor of starting N `sleep 300` from T threads at once, without a
// daemon: each thread clones (CLONE_VM | CLONE_VFORK | CLONE_PIDFD) and
// execs N / T children, two pipes each. Prints the time until every clone
// returned. Shows how much of a clone's wait is the child waiting for a
// CPU (reactor spawner threads, docs/BENCHMARKS.md):
//   cc -O2 -pthread -o spawn_threads spawn_threads.c
//   ./spawn_threads 1000 1 && ./spawn_threads 1000 2 && ./spawn_threads 1000 4
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
extern char** environ;
static char* child_argv[] = {"/usr/bin/sleep", "300", NULL};
struct pipes {
  int out, err;
};
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}
static int child(void* p) {
  struct pipes* fds = p;
  syscall(SYS_dup3, fds->out, 1, 0);
  syscall(SYS_dup3, fds->err, 2, 0);
  syscall(SYS_close_range, 3U, ~0U, 0U);
  syscall(SYS_setsid);
  syscall(SYS_execve, child_argv[0], child_argv, environ);
  syscall(SYS_exit, 127);
  return 127;
}
static int per;
static int* pids;
static void* run(void* arg) {
  long k = (long)arg;
  char* stack = malloc(1 << 16);
  for (int i = 0; i < per; ++i) {
    int out[2], err[2];
    pipe2(out, O_CLOEXEC);
    pipe2(err, O_CLOEXEC);
    struct pipes fds = {out[1], err[1]};
    int pidfd = -1;
    pids[k * per + i]
      = clone(child, stack + (1 << 16),
              CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &fds, &pidfd);
    close(out[1]);
    close(err[1]);
  }
  return NULL;
}
int main(int argc, char** argv) {
  int n = atoi(argv[1]);
  int t = atoi(argv[2]);
  per = n / t;
  pids = calloc(n, sizeof(int));
  pthread_t th[16];
  double t0 = now();
  for (long k = 0; k < t; ++k)
    pthread_create(&th[k], NULL, run, (void*)k);
  for (int k = 0; k < t; ++k)
    pthread_join(th[k], NULL);
  printf("%d sleep 300 started by %d threads in %.3f s\n", n, t, now() - t0);
  for (int i = 0; i < n; ++i)
    kill(pids[i], SIGKILL);
  for (int i = 0; i < n; ++i)
    waitpid(pids[i], NULL, 0);
}
