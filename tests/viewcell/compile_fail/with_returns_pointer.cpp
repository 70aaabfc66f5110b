// Misuse: `with` would hand out a pointer into a view it no longer pins.
#include "common.hpp"

int use() {
  const std::vector<int>* p = cell.with([](const view& w) { return &w.vec; });
  return static_cast<int>(p->size());
}
