#pragma once

// Helpers shared by the libFuzzer targets of fuzz/: splitting one input into
// parts, and a crash with a message when a documented property is broken
// (libFuzzer saves the input; the message says which property).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace hummel::fuzz {

/// Aborts with `what` when `ok` is false (a property the code documents).
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "property broken: %s\n", what);
    std::abort();
  }
}

/// The input as a string_view.
inline std::string_view as_view(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Splits `text` at every `sep` (the separators are dropped; a trailing
/// separator gives no empty last part).
inline std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    auto at = text.find(sep);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos)
      break;
    text.remove_prefix(at + 1);
  }
  return parts;
}

/// Takes the first byte of `text` (0 when empty) and removes it.
inline uint8_t take_byte(std::string_view& text) {
  if (text.empty())
    return 0;
  auto b = static_cast<uint8_t>(text.front());
  text.remove_prefix(1);
  return b;
}

} // namespace hummel::fuzz
