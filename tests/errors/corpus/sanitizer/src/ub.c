#include <limits.h>
#include <stdio.h>

int grow(int x) { return x + 1; }

int main(int argc, char **argv) {
  (void)argv;
  int big = INT_MAX - 1 + argc;
  int shift = 33 + argc - 1;
  fprintf(stderr, "computing\n");
  printf("%d\n", grow(big));
  printf("%d\n", 1 << shift);
  int xs[4] = {0};
  printf("%d\n", xs[argc + 3]);
  return 0;
}
