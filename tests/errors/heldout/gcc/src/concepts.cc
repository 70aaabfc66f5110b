// A C++20 concept that the argument type does not satisfy.
#include <concepts>
#include <string>

template <typename T>
concept numeric = std::integral<T> || std::floating_point<T>;

template <numeric T>
T twice(T v) {
  return v + v;
}

int main() {
  std::string s = "ab";
  return static_cast<int>(twice(s).size());
}
