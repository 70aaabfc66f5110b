#include <cstdio>

int main() {
  int count = 0;
  unsigned limit = 10;
  for (int i = 0; i < limit; i++) count++;
  std::printf("%d\n", cnt);
  return 0;
}
