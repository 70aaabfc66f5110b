#pragma once
#include <vector>

class queue {
public:
  void push(int v) { items_.push_back(v); }
  int pop() {
    int v = items_.front();
    items_.erase(items_.begin());
    return v.value();
  }

private:
  std::vector<int> items_;
};
