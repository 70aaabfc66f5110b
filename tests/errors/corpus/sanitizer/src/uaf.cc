#include <cstdio>
#include <string>

struct Session { std::string user; int id; };

int main() {
  Session* s = new Session{"ada", 7};
  std::printf("session %d started\n", s->id);
  delete s;
  std::printf("session %d closed\n", s->id);
  return 0;
}
