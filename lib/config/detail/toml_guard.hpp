#pragma once

// What hummel hands toml++: the same document with nothing toml++ 3.3
// (Debian 12) misreads.
//
// Where that parser looks for whitespace (between tokens, in every quoted
// key, after a multi-line string's line-ending backslash) it classifies
// many non-ASCII characters (U+00A1..U+0499, U+2C8E..U+3087 but U+3000,
// U+FB86..U+FEFE) as neither whitespace nor not, and reaches
// __builtin_unreachable: undefined behaviour, found by
// fuzz/toml_config_fuzz.cpp under UBSan once toml++ was compiled in.
// Malformed UTF-8 decodes into such characters too. So toml++ gets ASCII
// only: the text must be UTF-8; a non-ASCII character outside strings and
// comments is an error (TOML allows none there); inside basic strings it
// becomes its \u escape; every literal string (one-line or multi-line)
// becomes the basic string of the same value; in a comment it becomes '?'.
// ASCII everywhere, not only where a valid document has strings, because a
// broken one is read differently by toml++: in `a = 2'''é` its number
// scan reaches the 'é' that the guard took for string content (the fuzzer
// found it). Lines stay where they were.
//
// Thread safety: a pure function.

#include <string>
#include <string_view>

namespace hummel::config_detail {

struct guard_result {
  /// The text to parse (empty when `error` is set).
  std::string text;
  /// Why the text is refused; empty when it is not.
  std::string error;
  /// The line of the error (1-based).
  int line = 0;
};

guard_result guard_toml(std::string_view text);

} // namespace hummel::config_detail
