// Reads past the end of a std::vector's heap buffer through operator[].
#include <cstdio>
#include <vector>

static long total(const std::vector<long>& v) {
  long s = 0;
  for (size_t i = 0; i <= v.size(); i++)
    s += v[i];
  return s;
}

int main() {
  std::vector<long> v(5, 1);
  std::printf("%ld\n", total(v));
}
