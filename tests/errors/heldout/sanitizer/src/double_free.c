/* Frees the same buffer twice on an error path. */
#include <stdlib.h>
#include <string.h>

static void release(char *p) { free(p); }

int main(void) {
  char *buf = malloc(32);
  strcpy(buf, "session");
  release(buf);
  release(buf);
  return 0;
}
