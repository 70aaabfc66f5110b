// Misuse: the pointer outlives the temporary guard (unpinned at the `;`).
#include "common.hpp"

int use() {
  const view* p = cell.read().get();
  return p->version;
}
