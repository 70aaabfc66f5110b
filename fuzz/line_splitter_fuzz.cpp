// Fuzz target: the line splitter (lib/logs/line_splitter.hpp).
//
// Input: byte 0 picks `max_line` (1..256), byte 1 the chunk pattern, the
// rest is the stream. Checks the documented properties: the output does not
// depend on how the input is chunked, no emitted line is longer than
// `max_line` or holds a terminator, and every non-terminator byte comes out
// exactly once, in order.

#include "logs/line_splitter.hpp"

#include "fuzz/common.hpp"

#include <string>
#include <vector>

using namespace hummel;

namespace {

std::vector<std::string> split_all(std::string_view bytes, size_t max_line,
                                   uint8_t pattern) {
  std::vector<std::string> lines;
  auto emit = [&](std::string_view line) { lines.emplace_back(line); };
  line_splitter s{max_line};
  size_t step = 1;
  while (!bytes.empty()) {
    // Chunk sizes from the pattern: 1, 2, 3 ... or the whole rest (0).
    auto n = pattern == 0 ? bytes.size()
                          : std::min(bytes.size(), step % (pattern + 1u) + 1);
    s.feed(bytes.substr(0, n), emit);
    bytes.remove_prefix(n);
    ++step;
  }
  s.finish(emit);
  fuzz::require(s.pending_bytes() == 0, "finish leaves nothing pending");
  return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  size_t max_line = fuzz::take_byte(in) % 256u + 1;
  auto pattern = fuzz::take_byte(in);
  auto whole = split_all(in, max_line, 0);
  auto chunked = split_all(in, max_line, pattern);
  fuzz::require(whole == chunked, "output independent of chunking");
  std::string joined;
  for (const auto& l : whole) {
    fuzz::require(l.size() <= max_line, "no line longer than max_line");
    fuzz::require(l.find_first_of("\r\n") == std::string::npos,
                  "no terminator inside a line");
    joined += l;
  }
  std::string expected;
  for (char c : in)
    if (c != '\r' && c != '\n')
      expected += c;
  fuzz::require(joined == expected, "every other byte exactly once");
  return 0;
}
