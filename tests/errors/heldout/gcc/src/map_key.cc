// A std::map keyed by a struct without operator<: a long template backtrace.
#include <map>
#include <string>

struct point {
  int x, y;
};

int main() {
  std::map<point, std::string> names;
  names[point{1, 2}] = "a";
  return static_cast<int>(names.size());
}
