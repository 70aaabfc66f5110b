#include <string>

struct Port {
  explicit Port(int n) : value(n) {}
  int value;
};

void open_port(const Port& p, bool tls);
void open_port(const std::string& host, int port);

int main() {
  open_port("localhost");
  return 0;
}
