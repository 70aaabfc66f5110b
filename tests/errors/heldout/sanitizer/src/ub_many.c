/* Several kinds of undefined behaviour in one run. */
#include <stdio.h>
#include <stdlib.h>

struct pkt {
  int len;
};

int main(int argc, char **argv) {
  int big = 0x7fffffff;
  int shift = argc + 31;
  int *p = (int *)((char *)malloc(8) + 1);
  struct pkt *none = argc > 5 ? (struct pkt *)p : NULL;
  printf("%d\n", big * 2);
  printf("%d\n", 1 << shift);
  printf("%d\n", *p);
  printf("%d\n", none->len);
  return 0;
}
