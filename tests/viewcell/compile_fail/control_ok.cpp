// Control: the intended uses compile with the same flags, so a misuse
// snippet fails for its misuse, not for the harness.
#include "common.hpp"

int use() {
  auto v = cell.read();
  const view* p = v.get();
  const view& r = *v;
  int sum = p->version + r.version;
  for (const auto& x : v->vec)
    sum += x;
  sum += cell.with([](const view& w) { return w.version; });
  return sum;
}
