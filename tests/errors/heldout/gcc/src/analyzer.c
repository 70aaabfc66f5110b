/* A double free that only gcc's static analyzer reports. */
#include <stdlib.h>
#include <string.h>

static char *dup_name(const char *s) {
  char *p = malloc(strlen(s) + 1);
  if (!p)
    return NULL;
  strcpy(p, s);
  return p;
}

int main(int argc, char **argv) {
  char *name = dup_name(argc > 1 ? argv[1] : "anon");
  if (argc > 2)
    free(name);
  free(name);
  return 0;
}
