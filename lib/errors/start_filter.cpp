#include "errors/start_filter.hpp"

#include <immintrin.h>

#include <algorithm>
#include <set>
#include <string>

namespace hummel::errors {

namespace {

constexpr size_t buckets = 8;

/// The byte values `c` stands for: itself, and for an ASCII letter the
/// other case too.
std::vector<unsigned char> cases(unsigned char c) {
  if (c >= 'a' && c <= 'z')
    return {c, static_cast<unsigned char>(c - 32)};
  if (c >= 'A' && c <= 'Z')
    return {c, static_cast<unsigned char>(c + 32)};
  return {c};
}

/// The nibble sets of one bucket: bit v of lo[k] (hi[k]): some string of
/// the bucket has low (high) nibble v at byte k.
struct nibble_sets {
  std::array<uint16_t, 3> lo{};
  std::array<uint16_t, 3> hi{};

  void add(std::string_view s) {
    for (size_t k = 0; k < 3; ++k)
      for (auto c : cases(static_cast<unsigned char>(s[k]))) {
        lo[k] |= static_cast<uint16_t>(1u << (c & 15));
        hi[k] |= static_cast<uint16_t>(1u << (c >> 4));
      }
  }

  /// The share of all three-byte sequences the bucket accepts (as if the
  /// bytes were uniform).
  double accepted() const {
    double x = 1;
    for (size_t k = 0; k < 3; ++k)
      x *= __builtin_popcount(lo[k]) * __builtin_popcount(hi[k]) / 256.0;
    return x;
  }
};

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("ssse3"), always_inline)) inline __m128i
table(const uint8_t* t) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(t));
}

/// The buckets accepting, as byte k of a string, each of the 16 bytes at
/// `at` (tl, th: the tables of byte k).
__attribute__((target("ssse3"), always_inline)) inline __m128i
accept(const unsigned char* at, __m128i tl, __m128i th, __m128i low4) {
  auto v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  auto l = _mm_and_si128(v, low4);
  auto h = _mm_and_si128(_mm_srli_epi16(v, 4), low4);
  return _mm_and_si128(_mm_shuffle_epi8(tl, l), _mm_shuffle_epi8(th, h));
}

/// The candidate masks of the positions [at, end) of `p` (n >= 18 bytes),
/// 16 per mask. A block whose 18 bytes would pass the line's end is loaded
/// at n - 18 instead (overlapping the block before it, whose positions are
/// masked off), so no load reads past the line.
__attribute__((target("ssse3"))) void
masks_ssse3(const unsigned char* p, size_t n, size_t at, size_t end,
            const uint8_t (*lo)[16], const uint8_t (*hi)[16], uint16_t* masks) {
  const __m128i low4 = _mm_set1_epi8(0x0f);
  const __m128i l0 = table(lo[0]), l1 = table(lo[1]), l2 = table(lo[2]);
  const __m128i h0 = table(hi[0]), h1 = table(hi[1]), h2 = table(hi[2]);
  for (size_t i = at; i < end; i += 16) {
    const unsigned char* q = p + i;
    unsigned shift = 0;
    if (i + 18 > n) {
      shift = static_cast<unsigned>(i + 18 - n);
      q = p + n - 18;
    }
    auto r = _mm_and_si128(
      _mm_and_si128(accept(q, l0, h0, low4), accept(q + 1, l1, h1, low4)),
      accept(q + 2, l2, h2, low4));
    auto none = _mm_cmpeq_epi8(r, _mm_setzero_si128());
    unsigned m = ~static_cast<unsigned>(_mm_movemask_epi8(none)) & 0xffffu;
    m >>= shift;
    if (end - i < 16)
      m &= (1u << (end - i)) - 1;
    masks[(i - at) / 16] = static_cast<uint16_t>(m);
  }
}

bool have_ssse3() {
  return __builtin_cpu_supports("ssse3");
}
#else
void masks_ssse3(const unsigned char*, size_t, size_t, size_t,
                 const uint8_t (*)[16], const uint8_t (*)[16], uint16_t*) {
}

bool have_ssse3() {
  return false;
}
#endif

} // namespace

start_filter::start_filter() = default;

void start_filter::build(const std::vector<std::string_view>& starts) {
  // Distinct first three bytes, lowercase, sorted: strings that share a
  // first byte meet in order, and greedily land in the same bucket.
  std::set<std::string> prefixes;
  for (auto s : starts) {
    std::string p{s.substr(0, 3)};
    for (auto& c : p)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c + 32);
    prefixes.insert(std::move(p));
  }
  std::array<nibble_sets, buckets> sets{};
  for (const auto& p : prefixes) {
    // The bucket whose accepted share grows least (an empty one costs
    // the string's own share).
    size_t best = 0;
    double best_cost = 2;
    for (size_t b = 0; b < buckets; ++b) {
      auto with = sets[b];
      with.add(p);
      auto cost = with.accepted() - sets[b].accepted();
      if (cost < best_cost) {
        best_cost = cost;
        best = b;
      }
    }
    sets[best].add(p);
  }
  lo_ = {};
  hi_ = {};
  for (size_t b = 0; b < buckets; ++b)
    for (size_t k = 0; k < 3; ++k)
      for (unsigned v = 0; v < 16; ++v) {
        auto bit = static_cast<uint8_t>(1u << b);
        if (sets[b].lo[k] & (1u << v))
          lo_[k][v] |= bit;
        if (sets[b].hi[k] & (1u << v))
          hi_[k][v] |= bit;
      }
  simd_ = have_ssse3();
}

size_t start_filter::fill(const unsigned char* p, size_t n, size_t at,
                          uint16_t* masks) const {
  // Positions i < end have their three bytes in the line.
  size_t end = std::min(n - 2, at + 16 * block_count);
  size_t blocks = (end - at + 15) / 16;
  masks_ssse3(p, n, at, end, reinterpret_cast<const uint8_t(*)[16]>(lo_.data()),
              reinterpret_cast<const uint8_t(*)[16]>(hi_.data()), masks);
  return blocks;
}

} // namespace hummel::errors
