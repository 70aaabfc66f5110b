#include <string>

int main() {
  std::string name = "hummel";
  int n = lenght(name);
  return n;
}
