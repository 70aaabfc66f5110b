#include <stdio.h>

int scale(int x) {
  int unused = 3;
  if (x = 2) {
    printf("%s\n", x);
  }
}

int main(void) { return scale(1); }
