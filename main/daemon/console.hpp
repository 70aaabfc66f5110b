#pragma once

// Prints process output for people: "HH:MM:SS name | line".
//
// Thread safety: `print` may be called from any thread; a mutex keeps the
// lines of one batch together.

#include "actors/launcher.hpp"

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace hummel {

/// The foreground daemon's console output.
class console_printer : public line_printer {
public:
  /// @param names every process name (to align the columns).
  /// @param color use ANSI colours (terminal, no NO_COLOR).
  console_printer(std::FILE* out, const std::vector<std::string>& names,
                  bool color);

  void print(const std::string& name, uint8_t stream,
             const std::vector<std::string>& lines) override;

  /// True when `out` is a terminal and NO_COLOR is not set.
  static bool want_color(std::FILE* out);

private:
  std::FILE* out_;
  size_t width_ = 0;
  bool color_;
  std::mutex mtx_;
  std::string buf_;
};

} // namespace hummel
