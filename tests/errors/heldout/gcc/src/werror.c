/* Warnings promoted to errors by -Werror. */
#include <stdio.h>

static int scale(int v) {
  int unused = v * 2;
  return v * 3;
}

int main(void) {
  unsigned n = 3;
  for (int i = 0; i < n; i++)
    printf("%d\n", scale(i));
  return 0;
}
