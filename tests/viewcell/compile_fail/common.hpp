// Shared by the compile-fail snippets: a view with a vector inside.
#pragma once

#include "viewcell/view_cell.hpp"

#include <memory>
#include <vector>

struct view {
  int version = 0;
  std::vector<int> vec;
};

inline hummel::view_cell<view> cell{std::make_unique<const view>()};
