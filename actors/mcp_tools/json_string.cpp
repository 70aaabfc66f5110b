#include "actors/mcp_tools/status_write.hpp"

// append_json_string: a string literal as nlohmann's dump writes it, for
// the direct writer (status_write.cpp).

#include <cstdint>
#include <cstring>

namespace hummel::mcp_tools {

namespace {

/// Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlong forms,
/// no surrogates, nothing past U+10FFFF, as nlohmann's decoder), or 0.
size_t utf8_length(const unsigned char* p, size_t n) {
  auto c = p[0];
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF)
    return cont(1) ? 2 : 0;
  if (c == 0xE0)
    return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED)
    return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0)
    return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3)
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4)
    return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/// Whether any of the 8 bytes in `x` needs more than a copy: a control
/// byte, `"`, a backslash or a byte of a multi-byte sequence (the classic
/// has-zero-byte and has-less-than tricks; exact for "any").
bool any_special(uint64_t x) noexcept {
  constexpr uint64_t ones = 0x0101010101010101;
  constexpr uint64_t highs = 0x8080808080808080;
  auto zero_in = [](uint64_t v) { return (v - ones) & ~v & highs; };
  auto below_space = (x - ones * 0x20) & ~x & highs;
  return (below_space | zero_in(x ^ (ones * '"')) | zero_in(x ^ (ones * '\\'))
          | (x & highs))
         != 0;
}

} // namespace

bool append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  auto n = s.size();
  out += '"';
  size_t i = 0;
  size_t run = 0; // start of the bytes not yet copied
  while (i < n) {
    // Eight plain bytes at a time: a status text is mostly plain ASCII,
    // and a byte at a time was 13 % of a scripts_status answer.
    while (i + 8 <= n) {
      uint64_t x;
      std::memcpy(&x, p + i, 8);
      if (any_special(x))
        break;
      i += 8;
    }
    if (i == n)
      break;
    auto c = p[i];
    if (c >= 0x80) {
      auto len = utf8_length(p + i, n - i);
      if (len == 0)
        return false;
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
    run = ++i;
  }
  out.append(s.data() + run, n - run);
  out += '"';
  return true;
}

} // namespace hummel::mcp_tools
