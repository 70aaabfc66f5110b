#include <vector>

template <typename T>
int total(const std::vector<T>& xs) {
  int sum = 0;
  for (const auto& x : xs) sum += x.size();
  return sum;
}

int main() {
  std::vector<int> v{1, 2, 3};
  return total(v);
}
