/* What a fresh page costs on this machine: 4 MB written once unmapped,
 * once after MADV_POPULATE_WRITE (Linux 5.14), and again once mapped.
 *
 *   cc -O2 -o /tmp/first_touch bench/cli/first_touch.c && /tmp/first_touch
 *
 * On the AMD VM of 2026-12-06: populate 1.2-1.3 ms, then the first memset
 * 8.2-8.8 ms, a second one 0.1 ms; unpopulated, the first memset 16.6-17.6
 * ms. A shadow-paging hypervisor traps each page's first write even when
 * the guest mapped it: 2 µs a page after populate, 4 µs without. So a
 * process that reads thousands of rows pays for every fresh page it
 * touches (docs/architecture.md, "The CLI's table touches as little fresh
 * memory as it can"). */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static char* fresh(size_t n) {
  char* p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    return NULL;
  }
  return p;
}

int main(void) {
  size_t n = 4u << 20;
  char* p = fresh(n);
  char* q = fresh(n);
  if (p == NULL || q == NULL)
    return 1;
  double t0 = now_ms();
  int rc = madvise(p, n, MADV_POPULATE_WRITE);
  double t1 = now_ms();
  memset(p, 1, n);
  double t2 = now_ms();
  memset(p, 2, n);
  double t3 = now_ms();
  memset(q, 1, n);
  double t4 = now_ms();
  printf("4 MB: populate %.2f ms (rc %d), first memset %.2f ms, second "
         "%.2f ms; unpopulated, first memset %.2f ms\n",
         t1 - t0, rc, t2 - t1, t3 - t2, t4 - t3);
  return 0;
}
