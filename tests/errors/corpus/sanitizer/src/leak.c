#include <stdlib.h>
#include <string.h>

char *dup_key(const char *k) {
  char *p = malloc(strlen(k) + 1);
  strcpy(p, k);
  return p;
}

int main(void) {
  for (int i = 0; i < 3; i++) dup_key("session-key");
  return 0;
}
