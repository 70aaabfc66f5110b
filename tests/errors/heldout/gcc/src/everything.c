/* Clean under -Wall, noisy under clang's -Weverything. */
#include <stdio.h>

int counter;

int bump(long step) {
  int s = step;
  counter += s;
  return counter;
}

int main(void) {
  unsigned short small = 70000;
  printf("%d %u\n", bump(2), small);
  return 0;
}
