/* printf format mismatches: -Wformat warnings with fix-it hints. */
#include <stdio.h>

int main(void) {
  long size = 4096;
  const char *name = "cache";
  printf("%s uses %d bytes\n", name, size);
  printf("%d entries\n", name);
  return 0;
}
