/* Two threads bump a counter without a lock. */
#include <pthread.h>
#include <stdio.h>

static long hits;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++)
    hits++;
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", hits);
  return 0;
}
