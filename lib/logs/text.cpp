#include "logs/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

namespace hummel {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// Returns the length of the well-formed sequence at p[0..n) or 0 if it is
// ill-formed; then `bad` is the length of its maximal subpart (>= 1).
size_t sequence_length(const unsigned char* p, size_t n, size_t& bad) {
  auto b0 = p[0];
  size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 < 0x80) {
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0)
      lo = 0xA0; // overlong
    else if (b0 == 0xED)
      hi = 0x9F; // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0)
      lo = 0x90; // overlong
    else if (b0 == 0xF4)
      hi = 0x8F; // above U+10FFFF
  } else {
    bad = 1; // continuation byte, C0, C1 or F5..FF
    return 0;
  }
  size_t i = 1;
  for (; i < len; ++i) {
    if (i >= n || p[i] < lo || p[i] > hi) {
      bad = i;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

// Returns the index of the first non-ASCII byte at or after `i`.
size_t skip_ascii(const unsigned char* p, size_t n, size_t i) {
  while (i + 8 <= n) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if ((word & 0x8080808080808080ULL) != 0)
      break;
    i += 8;
  }
  while (i < n && p[i] < 0x80)
    ++i;
  return i;
}

// Returns the index of the first ill-formed subsequence, or n.
size_t first_invalid(const unsigned char* p, size_t n) {
  size_t i = 0;
  while (true) {
    i = skip_ascii(p, n, i);
    if (i >= n)
      return n;
    size_t bad = 0;
    auto len = sequence_length(p + i, n - i, bad);
    if (len == 0)
      return i;
    i += len;
  }
}

} // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
  auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  return first_invalid(p, bytes.size()) == bytes.size();
}

std::string sanitize_utf8(std::string_view bytes) {
  auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  auto n = bytes.size();
  auto i = first_invalid(p, n);
  if (i == n)
    return std::string{bytes};
  std::string out;
  out.reserve(n + 8);
  out.append(bytes.data(), i);
  while (i < n) {
    size_t bad = 0;
    auto len = sequence_length(p + i, n - i, bad);
    if (len == 0) {
      out.append(replacement);
      i += bad;
      continue;
    }
    auto start = i;
    i = skip_ascii(p, n, i + len);
    out.append(bytes.data() + start, i - start);
  }
  return out;
}

std::string strip_ansi(std::string_view bytes) {
  constexpr char esc = '\x1B';
  auto pos = bytes.find(esc);
  if (pos == std::string_view::npos)
    return std::string{bytes};
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  auto n = bytes.size();
  auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  while (pos != std::string_view::npos) {
    out.append(bytes.data() + i, pos - i);
    i = pos + 1; // after ESC
    if (i >= n)
      break;
    auto kind = at(i);
    if (kind == '[') { // CSI: params/intermediates 0x20..0x3F, final 0x40..7E
      ++i;
      while (i < n && at(i) >= 0x20 && at(i) <= 0x3F)
        ++i;
      if (i < n && at(i) >= 0x40 && at(i) <= 0x7E)
        ++i;
    } else if (kind == ']' || kind == 'P' || kind == '_' || kind == '^'
               || kind == 'X') { // string up to BEL or ST (ESC \)
      ++i;
      while (i < n) {
        if (at(i) == 0x07) {
          ++i;
          break;
        }
        if (at(i) == 0x1B && i + 1 < n && bytes[i + 1] == '\\') {
          i += 2;
          break;
        }
        ++i;
      }
    } else { // ESC, intermediates 0x20..0x2F, final 0x30..0x7E
      while (i < n && at(i) >= 0x20 && at(i) <= 0x2F)
        ++i;
      if (i < n && at(i) >= 0x30 && at(i) <= 0x7E)
        ++i;
    }
    pos = i < n ? bytes.find(esc, i) : std::string_view::npos;
  }
  if (i < n)
    out.append(bytes.data() + i, n - i);
  return out;
}

bool has_escape(std::string_view line) {
  const char* p = line.data();
  size_t n = line.size();
  size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i esc = _mm_set1_epi8('\x1b');
    auto any = [&](size_t at) {
      auto v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      return _mm_movemask_epi8(_mm_cmpeq_epi8(v, esc)) != 0;
    };
    for (; i + 16 <= n; i += 16)
      if (any(i))
        return true;
    // The rest: the last 16 bytes, overlapping the block before.
    return i < n && any(n - 16);
  }
#endif
  if (n >= 8) { // 8-15 bytes: two overlapping words, a zero-byte test each
    constexpr uint64_t ones = 0x0101010101010101;
    auto has_esc = [&](size_t at) {
      uint64_t w;
      std::memcpy(&w, p + at, 8);
      w ^= 0x1b * ones;
      return ((w - ones) & ~w & (0x80 * ones)) != 0;
    };
    return has_esc(0) || has_esc(n - 8);
  }
  for (; i < n; ++i)
    if (p[i] == '\x1b')
      return true;
  return false;
}

} // namespace hummel
