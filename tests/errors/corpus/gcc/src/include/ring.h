#pragma once
#include <stddef.h>

struct ring {
  size_t head, tail;
  int items[16];
};

static inline int ring_full(const struct ring *r) {
  return (r->head + 1) % 16 == r->tail
}
