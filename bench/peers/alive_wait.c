// Waits until process PID has N live children running `sleep 300`, and
// prints how many it has then:
//   alive_wait PID N TIMEOUT_S [PAUSE_MS [CLIENT_PID QUIET_S]]
// Exit 0 when N were reached, 1 at the timeout (or when PID is gone), or
// once CLIENT_PID (the command that asked for the starts) has ended and
// neither it nor the count has changed for QUIET_S seconds: the starts
// the daemon refused (the descriptor limit) never come.
//
// The start benchmarks waited with `pgrep -c -P PID -f 'sleep 300'` in a
// shell loop: a fork and exec of pgrep, which reads every process's
// command line, every 10 ms, on a machine with two cores that the start it
// measures keeps busy. This reads only PID's own children lists
// (/proc/PID/task/*/children), and a child's command line once it appears
// until it is `sleep 300`, every PAUSE_MS (default 1; more for thousands
// of children). The same probe serves every tool.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { max_kids = 1 << 20 };

// Index: pid; 1 once it runs `sleep 300` (checked until then), else 0.
static unsigned char* state;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

// The whole file, up to cap - 1 bytes: a /proc file's read(2) may stop at
// a page (a thread's `children` list of 10,000 pids is 60 kB; one read
// gave the first 4 kB, about 680 pids, and the count never reached N).
static int read_file(const char* path, char* buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  size_t have = 0;
  for (;;) {
    ssize_t n = read(fd, buf + have, cap - 1 - have);
    if (n < 0) {
      close(fd);
      return -1;
    }
    have += (size_t)n;
    if (n == 0 || have == cap - 1)
      break;
  }
  close(fd);
  buf[have] = '\0';
  return (int)have;
}

static int is_sleeper(long kid) {
  char path[64], buf[64];
  snprintf(path, sizeof path, "/proc/%ld/cmdline", kid);
  int n = read_file(path, buf, sizeof buf);
  static const char a[] = "/usr/bin/sleep\0"
                          "300";
  static const char b[] = "sleep\0"
                          "300";
  return (n == (int)sizeof a && memcmp(buf, a, sizeof a) == 0)
         || (n == (int)sizeof b && memcmp(buf, b, sizeof b) == 0);
}

// Live `sleep 300` children of pid; -1 when pid is gone.
static long count(long pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/task", pid);
  DIR* dir = opendir(path);
  if (dir == NULL)
    return -1;
  long total = 0;
  static char buf[1 << 20];
  struct dirent* e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9')
      continue;
    char file[320];
    snprintf(file, sizeof file, "/proc/%ld/task/%s/children", pid, e->d_name);
    if (read_file(file, buf, sizeof buf) <= 0)
      continue;
    for (char* p = buf; *p != '\0';) {
      char* end;
      long kid = strtol(p, &end, 10);
      if (end == p)
        break;
      p = end;
      if (kid <= 0 || kid >= max_kids)
        continue;
      if (state[kid] != 1 && is_sleeper(kid))
        state[kid] = 1;
      total += state[kid] == 1;
    }
  }
  closedir(dir);
  return total;
}

// Whether pid has ended (gone, or a zombie not reaped yet).
static int ended(long pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  if (read_file(path, buf, sizeof buf) <= 0)
    return 1;
  const char* p = strrchr(buf, ')');
  return p == NULL || p[1] == '\0' || p[2] == 'Z' || p[2] == 'X';
}

int main(int argc, char** argv) {
  if (argc < 4 || argc == 6) {
    fprintf(stderr, "usage: alive_wait PID N TIMEOUT_S [PAUSE_MS "
                    "[CLIENT_PID QUIET_S]]\n");
    return 2;
  }
  long pid = atol(argv[1]), n = atol(argv[2]);
  double end = now() + atof(argv[3]);
  long pause_us = (argc > 4 ? atol(argv[4]) : 1) * 1000;
  long client = argc > 6 ? atol(argv[5]) : 0;
  double quiet = argc > 6 ? atof(argv[6]) : 0;
  state = calloc(max_kids, 1);
  if (state == NULL)
    return 2;
  long have = 0, last = -1;
  int client_ended = 0;
  double since = now();
  for (;;) {
    have = count(pid);
    if (have >= n || have < 0 || now() > end)
      break;
    if (client > 0 && !client_ended && ended(client)) {
      // The quiet time runs from the client's end at the earliest: the
      // starts it queued go on after it has its answers.
      client_ended = 1;
      since = now();
    }
    if (have != last) {
      last = have;
      since = now();
    } else if (client_ended && now() - since >= quiet) {
      break;
    }
    usleep((useconds_t)pause_us);
  }
  printf("%ld\n", have < 0 ? 0 : have);
  return have >= n ? 0 : 1;
}
