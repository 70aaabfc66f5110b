/* Reads one element past a global array. */
#include <stdio.h>

int table[8] = {1, 2, 3, 4, 5, 6, 7, 8};

static int sum(int n) {
  int s = 0;
  for (int i = 0; i <= n; i++)
    s += table[i];
  return s;
}

int main(void) {
  printf("%d\n", sum(8));
  return 0;
}
