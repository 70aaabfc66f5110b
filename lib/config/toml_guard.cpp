#include "config/detail/toml_guard.hpp"

#include <cstdio>

namespace hummel::config_detail {

namespace {

/// The length of the UTF-8 sequence at `s[i]` and its code point; 0 when it
/// is not valid UTF-8 (overlong, a surrogate, beyond U+10FFFF, cut short).
size_t utf8_at(std::string_view s, size_t i, unsigned& cp) {
  auto at = [&](size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  unsigned b = at(0);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if (b < 0xC2 || b > 0xF4)
    return 0;
  size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  unsigned lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
  unsigned hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
  if (at(1) < lo || at(1) > hi)
    return 0;
  cp = b & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
  for (size_t k = 1; k < n; ++k) {
    if ((at(k) & 0xC0u) != 0x80u)
      return 0;
    cp = (cp << 6) | (at(k) & 0x3Fu);
  }
  return n;
}

void escape(unsigned cp, std::string& out) {
  char buf[16];
  if (cp <= 0xFFFF)
    std::snprintf(buf, sizeof(buf), "\\u%04X", cp);
  else
    std::snprintf(buf, sizeof(buf), "\\U%08X", cp);
  out += buf;
}

enum class where { plain, comment, basic, ml_basic, literal, ml_literal };

class guard {
public:
  explicit guard(std::string_view in) : in_(in) {
    out_.reserve(in.size() + in.size() / 8);
  }

  guard_result run() {
    size_t i = 0;
    if (starts(0, "\xEF\xBB\xBF")) // a byte order mark: toml++ skips it
      i = 3;
    while (i < in_.size()) {
      unsigned cp = 0;
      auto n = utf8_at(in_, i, cp);
      if (n == 0)
        return fail("not UTF-8: byte 0x", static_cast<unsigned char>(in_[i]),
                    2);
      if (cp >= 0x80 && at_ == where::plain)
        return fail("a character outside a string or comment must be "
                    "ASCII, not U+",
                    cp, 4);
      i = step(i, n, cp);
      if (!error_.empty())
        return fail(error_.c_str(), cp, 4);
    }
    guard_result r;
    r.text = std::move(out_);
    return r;
  }

private:
  bool starts(size_t i, std::string_view s) const {
    return in_.substr(i, s.size()) == s;
  }

  /// Copies a closing run of three quotes and the (at most two) quotes of
  /// the content that may precede it; a multi-line literal string closes as
  /// the basic one it became.
  size_t close_ml(size_t i, char q) {
    size_t k = i;
    while (k < in_.size() && in_[k] == q && k - i < 5)
      ++k;
    out_.append(in_.substr(i, k - i - 3));
    out_ += R"(""")";
    at_ = where::plain;
    return k;
  }

  size_t step(size_t i, size_t n, unsigned& cp) {
    char c = in_[i];
    if (c == '\n') {
      ++line_;
      if (at_ == where::comment || at_ == where::basic)
        at_ = where::plain; // a comment ends; an open string is an error
      if (at_ == where::literal) {
        out_ += '"'; // toml++ reports the unterminated string
        at_ = where::plain;
      }
      out_ += c;
      return i + 1;
    }
    switch (at_) {
    case where::plain:
      if (c == '#') {
        at_ = where::comment;
      } else if (starts(i, "\"\"\"")) {
        at_ = where::ml_basic;
        out_ += "\"\"\"";
        return i + 3;
      } else if (starts(i, "'''")) {
        at_ = where::ml_literal;
        out_ += R"(""")"; // as a basic string: no non-ASCII
        return i + 3;
      } else if (c == '"') {
        at_ = where::basic;
      } else if (c == '\'') {
        at_ = where::literal;
        out_ += '"';
        return i + 1;
      }
      break;
    case where::comment:
      if (cp >= 0x80) { // what a comment says is never read
        out_ += '?';
        return i + n;
      }
      break;
    case where::ml_literal:
      if (starts(i, "'''"))
        return close_ml(i, '\'');
      return literal_char(i, n, cp);
    case where::basic:
    case where::ml_basic:
      if (c == '\\' && i + 1 < in_.size()
          && static_cast<unsigned char>(in_[i + 1]) >= 0x80) {
        error_ = "a backslash before a non-ASCII character is no escape: U+";
        utf8_at(in_, i + 1, cp);
        return in_.size();
      }
      if (c == '\\' && i + 1 < in_.size()) {
        out_.append(in_.substr(i, 2)); // an escape (or a line-ending one)
        if (in_[i + 1] == '\n')
          ++line_;
        return i + 2;
      }
      if (at_ == where::ml_basic && starts(i, "\"\"\""))
        return close_ml(i, '"');
      if (at_ == where::basic && c == '"')
        at_ = where::plain;
      if (cp >= 0x80) {
        escape(cp, out_);
        return i + n;
      }
      break;
    case where::literal:
      if (c == '\'') {
        out_ += '"';
        at_ = where::plain;
        return i + 1;
      }
      return literal_char(i, n, cp);
    }
    out_.append(in_.substr(i, n));
    return i + n;
  }

  /// A character of a literal string as it reads in the basic string that
  /// replaces it.
  size_t literal_char(size_t i, size_t n, unsigned cp) {
    char c = in_[i];
    if (c == '\\' || c == '"')
      out_ += '\\';
    if (cp >= 0x80)
      escape(cp, out_);
    else
      out_ += c;
    return i + n;
  }

  guard_result fail(const char* what, unsigned value, int digits) {
    char hex[16];
    std::snprintf(hex, sizeof(hex), "%0*X", digits, value);
    guard_result r;
    r.error = std::string{what} + hex;
    r.line = line_;
    return r;
  }

  std::string_view in_;
  std::string out_;
  where at_ = where::plain;
  int line_ = 1;
  std::string error_;
};

} // namespace

guard_result guard_toml(std::string_view text) {
  return guard{text}.run();
}

} // namespace hummel::config_detail
