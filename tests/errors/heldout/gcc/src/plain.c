/* Several errors, printed with -fdiagnostics-plain-output. */
#include <stddef.h>

struct buf {
  char *data;
  size_t len;
};

size_t total(const struct buf *b, size_t n) {
  size_t sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += b[i].length;
  return sum + undefined_offset;
}

int main(void) {
  struct buf b = {0};
  return (int)total(&b, 1, 2);
}
