#include <stdio.h>
int util_version(void);
int main(int argc, char **argv) {
  /* TODO: parse options */
  if (argc > 1) return 4;
  printf("v%d\n", util_version());
  return 0;
}
