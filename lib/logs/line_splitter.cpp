#include "logs/line_splitter.hpp"

namespace hummel {

line_splitter::line_splitter(size_t max_line)
  : max_line_(max_line == 0 ? 1 : max_line) {
  // nop
}

} // namespace hummel
