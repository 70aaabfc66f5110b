#include <stdio.h>

struct config {
  int port;
  const char *host;
};

int main(void) {
  struct config c = {8080, "localhost"};
  printf("%d\n", c.prot);
  c.host = 42
  return undefined_total;
}
