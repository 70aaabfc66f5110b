#include "queue.hh"

int main() {
  queue q;
  q.push(1);
  q.push("two");
  return q.pop();
}
