#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

/// The positions of a line where one of many strings may start, found 16
/// bytes at a time (the idea of Hyperscan's "Teddy" literal matcher).
///
/// Each string's first three bytes are put into one of eight buckets; for
/// each of the three byte positions and each bucket, two 16-entry tables
/// say which low nibbles and which high nibbles occur there. One SSSE3
/// shuffle per table looks up 16 bytes at once; a position is a candidate
/// when some bucket accepts all three of its bytes. Candidates are a
/// superset of the real starts (the nibble sets of a bucket accept more
/// combinations than its strings): the caller checks each one exactly.
/// Letters are added in both cases, so the line needs no lowercasing here.
/// Without SSSE3 (checked once at run time), and on lines shorter than 18
/// bytes, every position is a candidate.
///
/// Thread safety: immutable once built; `candidates` may be called from
/// many threads at once.
namespace hummel::errors {

class start_filter {
public:
  /// A filter that accepts nothing until strings are added.
  start_filter();

  /// Builds the tables from the first three bytes of each of `starts`
  /// (each at least three bytes long; letters in either case).
  void build(const std::vector<std::string_view>& starts);

  /// Calls `f(i)` for every position `i` (ascending, `i + 2 < line.size()`)
  /// at which one of the strings may start. `F` returns nothing.
  template <class F>
  void candidates(std::string_view line, F&& f) const {
    size_t n = line.size();
    if (n < 18 || !simd_) {
      // Short lines (`seq`'s numbers): the exact test at each position
      // costs less than setting up the blocks.
      for (size_t i = 0; i + 2 < n; ++i)
        f(i);
      return;
    }
    uint16_t masks[block_count];
    const auto* p = reinterpret_cast<const unsigned char*>(line.data());
    // Positions [at, at + 16 * block_count) per round.
    for (size_t at = 0; at + 2 < n; at += 16 * block_count) {
      size_t blocks = fill(p, n, at, masks);
      for (size_t b = 0; b < blocks; ++b)
        for (unsigned m = masks[b]; m != 0; m &= m - 1)
          f(at + 16 * b + static_cast<size_t>(__builtin_ctz(m)));
    }
  }

private:
  static constexpr size_t block_count = 64;

  /// Writes the candidate masks of up to `block_count` blocks of 16
  /// positions from `at` (bit j of masks[b]: position at + 16 b + j, only
  /// positions i with i + 2 < n; n >= 18); returns how many blocks it
  /// wrote.
  size_t fill(const unsigned char* p, size_t n, size_t at,
              uint16_t* masks) const;

  /// lo_[k][nibble], hi_[k][nibble]: the buckets whose strings have that
  /// low / high nibble at byte k.
  alignas(16) std::array<std::array<uint8_t, 16>, 3> lo_{};
  alignas(16) std::array<std::array<uint8_t, 16>, 3> hi_{};
  bool simd_ = false;
};

} // namespace hummel::errors
