/* A clean program built with ASan: nothing to report. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int *v = calloc(4, sizeof *v);
  for (int i = 0; i < 4; i++)
    v[i] = i * i;
  printf("sum %d, errors 0\n", v[0] + v[1] + v[2] + v[3]);
  free(v);
  return 0;
}
