// Misuse: the reference outlives the temporary guard.
#include "common.hpp"

int use() {
  const view& r = *cell.read();
  return r.version;
}
