#include "include/ring.h"

int push(struct ring *r, int v) {
  if (ring_full(r)) return -1;
  r->items[r->head] = v;
  r->head = (r->head + 1) % 16;
  return 0;
}
