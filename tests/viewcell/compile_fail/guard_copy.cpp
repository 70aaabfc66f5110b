// Misuse: a copied guard would leave the same section twice.
#include "common.hpp"

int use() {
  auto v = cell.read();
  auto w = v;
  return w->version;
}
