#pragma once

#include <re2/re2.h>

#include "errors/rule_set.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The detector's line-level helpers: matching a pattern line and taking
/// its captures. Internal to lib/errors.
///
/// Thread safety: pure functions on the caller's data.
namespace hummel::errors::detail {

constexpr int max_submatches = 16;

/// Fields captured so far; unset until a line captures them.
struct fields {
  std::optional<std::string> message;
  std::optional<std::string> code;
  std::optional<std::string> level;
  std::optional<std::string> file;
  std::optional<uint32_t> line;
  std::optional<uint32_t> column;
  /// The location came from a `take: "fallback"` line.
  bool fallback_location = false;
};

/// Whether `s` holds only spaces, tabs and a carriage return.
bool is_blank(std::string_view s);

/// `s` without leading and trailing blanks.
std::string_view trim(std::string_view s);

/// `s` cut to at most `n` bytes, at a UTF-8 character boundary.
std::string_view cut(std::string_view s, size_t n);

/// Matches `cl` against `text`; fills sub[0..n) on success.
bool match(const compiled_line& cl, std::string_view text,
           re2::StringPiece* sub, int& n);

/// Applies the captures of a matched line; `replace`: a capture replaces
/// a field already set.
void apply(fields& f, const line_pattern& def, const re2::StringPiece* sub,
           int n, bool replace);

} // namespace hummel::errors::detail
