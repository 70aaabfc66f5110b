// Misuse: in C++20 the guard in the range initializer dies before the loop
// body runs, so the loop walks an unpinned vector.
#include "common.hpp"

int use() {
  int sum = 0;
  for (const auto& x : cell.read()->vec)
    sum += x;
  return sum;
}
