#pragma once

#include "errors/start_filter.hpp"

#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
class FilteredRE2;
} // namespace re2

/// Which of many regexps match a line, without running an automaton on a
/// line that none can match (most lines of a process's output).
///
/// RE2's FilteredRE2 derives from each regexp the literal strings ("atoms")
/// of which a match must contain at least one, e.g. "traceback (most
/// recent call last):" or "): error ". A line is scanned once for every
/// atom (lowercased, through a bit table of the atoms' first three bytes);
/// only the regexps one of whose atoms it contains are run, each by its
/// own RE2, once the regexp's AND/OR tree of atoms says the atoms found
/// are enough ("[vite] " alone is not: "[vite] " and "error" are). A
/// regexp with no
/// usable atom is "unfiltered" and runs on every line. A regexp anchored
/// at the start (`^…` with no top-level `|`) runs only if the line's first
/// byte is one its matches can begin with (first_bytes.hpp). The atoms'
/// starts are found 16 positions at a time (start_filter.hpp).
/// One RE2::Set would answer in one call, but its multi-match automaton
/// costs a fixed ~40 ns per call and 1.5–2.5 ns per byte, several times
/// the scan (docs/BENCHMARKS.md).
///
/// Atoms are lowercased by RE2, the line here by ASCII rules only: an atom
/// whose non-ASCII part could have a case (a letter below U+2000, or in a
/// cased block above) is cut before that part, so the scan never misses a
/// line RE2 would match; symbols such as ✗ ● ▲ stay in.
///
/// Thread safety: immutable once built; `matches` may be called from many
/// threads at once (RE2 objects are; the rest is read-only).
namespace hummel::errors {

class prefilter {
public:
  /// Over `regexps` (borrowed: they must outlive the prefilter), in order;
  /// a regexp's index is its position.
  explicit prefilter(const std::vector<const re2::RE2*>& regexps);
  ~prefilter();

  prefilter(const prefilter&) = delete;
  prefilter& operator=(const prefilter&) = delete;

  /// Indices of the regexps that match somewhere in `line` (RE2 partial
  /// match), ascending; `out` is cleared first.
  void matches(std::string_view line, std::vector<int>& out) const;

  /// How many regexps have no atom: they run on every line their first
  /// byte allows.
  size_t unfiltered() const noexcept {
    return unfiltered_.size();
  }

private:
  struct regexp_info {
    const re2::RE2* re = nullptr;
    /// The first bytes a match can start with (anchored regexps, see
    /// first_bytes.hpp); `gated` false: any line.
    std::bitset<256> first;
    bool gated = false;
    /// With more than one atom: the regexp's own AND/OR tree of them (its
    /// atoms in `atom_ids` order), asked before RE2 runs when two or more
    /// of them are found; `enough[k]`: atom k alone satisfies the tree.
    std::unique_ptr<re2::FilteredRE2> tree;
    std::vector<int> atom_ids;
    std::vector<bool> enough;
  };
  struct atom {
    std::string text;
    /// The regexps that contain it: those for which it is enough alone (or
    /// that have no tree), and in `partial` those whose tree needs another
    /// atom as well (found once, such a regexp is not even asked).
    std::vector<int> regexps;
    std::vector<int> partial;
    /// Its first (up to) eight bytes as a little-endian word, and the mask
    /// of those bytes: one compare against the line's lowercased word.
    uint64_t head = 0;
    uint64_t head_mask = 0;
  };

  /// Marks in `marks` every regexp with an atom in `line` (a regexp whose
  /// atom is not enough alone: once two are found; the first goes to
  /// `marks + words_`); the atoms found go to `found` (up to `cap`; `n`
  /// counts them all). Clears both sets of marks at the first atom.
  void scan(std::string_view line, uint64_t* marks, int* found, size_t cap,
            size_t& n) const;
  /// Whether regexp `i`'s tree passes with the atoms `found` (true without
  /// a tree, or when more atoms were found than kept). Allocates only when
  /// two or more of its atoms are found and none is enough alone.
  bool tree_passes(size_t i, const int* found, size_t n, size_t cap) const;
  /// Whether `line`'s first byte lets regexp `i` match.
  bool gate_passes(size_t i, std::string_view line) const;

  std::vector<regexp_info> regexps_;
  /// 64-bit words of a set of regexps (one bit each).
  size_t words_ = 0;
  std::vector<atom> atoms_;
  /// Bit key(a, b, c) set: some atom starts with the lowercase bytes a, b,
  /// c (a 12-bit hash of them).
  std::vector<uint64_t> starts_;
  /// Atom ids by that hash, flattened: key k's are
  /// by_start_[first_[k] .. first_[k + 1]).
  std::vector<int> by_start_;
  std::vector<uint32_t> first_;
  /// The positions where an atom of three or more bytes may start.
  start_filter starts_filter_;
  /// Bytes an atom of three or more bytes may start with (either case):
  /// checked first at each candidate (on a short line, every position).
  std::array<bool, 256> may_start_{};
  /// Whether the line's first byte lets some unfiltered regexp run (all
  /// true when one of them is not gated).
  std::array<bool, 256> unfiltered_first_{};
  /// Atoms cut to one or two bytes: searched on their own.
  std::vector<int> short_atoms_;
  /// Regexps with no atom, or with one cut to nothing: run on every line.
  std::vector<int> unfiltered_;
};

} // namespace hummel::errors
