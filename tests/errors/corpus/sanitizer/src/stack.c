#include <string.h>
#include <stdio.h>

void copy_name(const char *src) {
  char buf[8];
  strcpy(buf, src);
  printf("%s\n", buf);
}

int main(void) {
  copy_name("a-name-that-is-too-long");
  return 0;
}
