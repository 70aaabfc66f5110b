#include "errors/first_bytes.hpp"

#include <cctype>
#include <utility>

namespace hummel::errors {

namespace {

using byte_set = std::bitset<256>;

/// What a piece of a pattern can begin with, and whether it can match the
/// empty string.
struct firsts {
  byte_set bytes;
  bool nullable = false;
};

byte_set range(unsigned char lo, unsigned char hi) {
  byte_set s;
  for (unsigned c = lo; c <= hi; ++c)
    s.set(c);
  return s;
}

byte_set digits() {
  return range('0', '9');
}

byte_set word() {
  return range('0', '9') | range('A', 'Z') | range('a', 'z') | range('_', '_');
}

byte_set space() {
  byte_set s;
  for (unsigned char c : {'\t', '\n', '\f', '\r', ' '})
    s.set(c);
  return s;
}

/// A recursive-descent reader of RE2's syntax, as far as the built-in
/// matchers use it; anything else sets `ok` to false.
class reader {
public:
  explicit reader(std::string_view s) : s_(s) {
    // nop
  }

  /// Read to the end, and every match anchored at the start (no `|` at
  /// the top level: `^a|b` matches "b" anywhere).
  bool ok() const {
    return ok_ && i_ == s_.size() && !top_level_bar_;
  }

  /// `a|b|…` up to a ')' or the end.
  firsts alternation() {
    firsts out;
    while (ok_) {
      auto f = sequence();
      out.bytes |= f.bytes;
      out.nullable = out.nullable || f.nullable;
      if (i_ < s_.size() && s_[i_] == '|') {
        top_level_bar_ = top_level_bar_ || depth_ == 0;
        ++i_;
        continue;
      }
      break;
    }
    return out;
  }

private:
  firsts sequence() {
    firsts out{{}, true};
    while (ok_ && i_ < s_.size() && s_[i_] != '|' && s_[i_] != ')') {
      auto f = quantified();
      if (out.nullable)
        out.bytes |= f.bytes;
      out.nullable = out.nullable && f.nullable;
    }
    return out;
  }

  firsts quantified() {
    auto f = atom();
    if (!ok_ || i_ >= s_.size())
      return f;
    char q = s_[i_];
    if (q == '?' || q == '*') {
      f.nullable = true;
      ++i_;
    } else if (q == '+') {
      ++i_;
    } else if (q == '{') {
      auto close = s_.find('}', i_);
      if (close == std::string_view::npos || i_ + 1 >= close
          || !std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        ok_ = false;
        return f;
      }
      if (s_[i_ + 1] == '0' && (i_ + 2 == close || s_[i_ + 2] == ','))
        f.nullable = true;
      i_ = close + 1;
    } else {
      return f;
    }
    if (i_ < s_.size() && s_[i_] == '?') // lazy
      ++i_;
    return f;
  }

  firsts atom() {
    char c = s_[i_];
    if (c == '(')
      return group();
    if (c == '[')
      return {char_class(), false};
    if (c == '\\')
      return escape(false);
    ++i_;
    if (c == '.')
      return {~byte_set{}.set('\n'), false};
    if (c == '^' || c == '$')
      return {{}, true};
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      ok_ = false;
      return {};
    }
    return {byte_set{}.set(static_cast<unsigned char>(c)), false};
  }

  firsts group() {
    ++i_;
    if (i_ < s_.size() && s_[i_] == '?') {
      if (s_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else if (s_.substr(i_, 3) == "?P<") {
        auto end = s_.find('>', i_);
        if (end == std::string_view::npos) {
          ok_ = false;
          return {};
        }
        i_ = end + 1;
      } else { // flags such as (?i): not followed
        ok_ = false;
        return {};
      }
    }
    ++depth_;
    auto f = alternation();
    --depth_;
    if (i_ >= s_.size() || s_[i_] != ')') {
      ok_ = false;
      return {};
    }
    ++i_;
    return f;
  }

  /// `\x` at i_; in a class, zero-width escapes are refused.
  firsts escape(bool in_class) {
    if (i_ + 1 >= s_.size()) {
      ok_ = false;
      return {};
    }
    char e = s_[i_ + 1];
    i_ += 2;
    switch (e) {
    case 'd':
      return {digits(), false};
    case 'D':
      return {~digits(), false};
    case 'w':
      return {word(), false};
    case 'W':
      return {~word(), false};
    case 's':
      return {space(), false};
    case 'S':
      return {~space(), false};
    case 'n':
      return {byte_set{}.set('\n'), false};
    case 't':
      return {byte_set{}.set('\t'), false};
    case 'r':
      return {byte_set{}.set('\r'), false};
    case 'f':
      return {byte_set{}.set('\f'), false};
    case 'v':
      return {byte_set{}.set('\v'), false};
    case 'b':
    case 'B':
    case 'A':
    case 'z':
      if (!in_class)
        return {{}, true};
      break;
    default:
      if (std::ispunct(static_cast<unsigned char>(e)))
        return {byte_set{}.set(static_cast<unsigned char>(e)), false};
      break;
    }
    ok_ = false;
    return {};
  }

  /// `[…]` at i_.
  byte_set char_class() {
    ++i_;
    bool negated = i_ < s_.size() && s_[i_] == '^';
    if (negated)
      ++i_;
    byte_set out;
    bool first = true;
    while (ok_ && i_ < s_.size() && (s_[i_] != ']' || first)) {
      first = false;
      if (s_.substr(i_, 2) == "[:") { // POSIX classes: not followed
        ok_ = false;
        break;
      }
      byte_set item;
      auto lo = static_cast<unsigned char>(s_[i_]);
      if (lo == '\\') {
        item = escape(true).bytes;
        lo = 0;
      } else {
        ++i_;
        item.set(lo);
      }
      if (lo != 0 && i_ + 1 < s_.size() && s_[i_] == '-' && s_[i_ + 1] != ']') {
        auto hi = static_cast<unsigned char>(s_[i_ + 1]);
        if (hi == '\\' || hi < lo) {
          ok_ = false;
          break;
        }
        item = range(lo, hi);
        i_ += 2;
      }
      out |= item;
    }
    if (i_ >= s_.size()) {
      ok_ = false;
      return {};
    }
    ++i_; // ']'
    // A UTF-8 character in a class: every byte at or above 0x80 may start
    // a match (its lead bytes are not worth working out).
    if ((out & range(0x80, 0xff)).any())
      out |= range(0x80, 0xff);
    return negated ? ~out : out;
  }

  std::string_view s_;
  size_t i_ = 0;
  int depth_ = 0;
  bool ok_ = true;
  bool top_level_bar_ = false;
};

} // namespace

std::bitset<256> first_bytes(std::string_view pattern) {
  std::bitset<256> all;
  all.set();
  if (pattern.empty() || pattern[0] != '^')
    return all;
  reader r{pattern};
  auto f = r.alternation();
  if (!r.ok() || f.nullable)
    return all;
  return f.bytes;
}

} // namespace hummel::errors
