/* Several leaks: direct and indirect. */
#include <stdlib.h>
#include <string.h>

struct node {
  char *name;
  struct node *next;
};

static struct node *make(const char *name, struct node *next) {
  struct node *n = malloc(sizeof *n);
  n->name = strdup(name);
  n->next = next;
  return n;
}

int main(void) {
  struct node *list = make("a", make("b", NULL));
  list = NULL;
  char *scratch = malloc(100);
  scratch[0] = 0;
  return 0;
}
