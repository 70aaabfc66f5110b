#include "errors/prefilter.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include "errors/first_bytes.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <string>

namespace hummel::errors {

namespace {

/// RE2 keeps only atoms of at least this many bytes (shorter ones would
/// match too many lines to filter anything).
constexpr int min_atom_len = 3;

/// ASCII lowercase of every byte (other bytes unchanged).
constexpr auto lower_table = [] {
  std::array<unsigned char, 256> t{};
  for (unsigned c = 0; c < 256; ++c)
    t[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}();

/// Eight bytes (little-endian) with 'A'..'Z' lowercased, as lower_table
/// does one byte: per byte, the high bit of (b & 0x7f) + 0x3f says b >= 'A',
/// that of (b & 0x7f) + 0x25 says b > 'Z' (no carry crosses a byte), and
/// bytes at or above 0x80 stay as they are.
uint64_t lower_word(uint64_t x) {
  constexpr uint64_t ones = 0x0101010101010101;
  uint64_t low7 = x & (0x7f * ones);
  uint64_t at_least_a = low7 + (0x80 - 'A') * ones;
  uint64_t above_z = low7 + (0x80 - 'Z' - 1) * ones;
  uint64_t upper = at_least_a & ~above_z & ~x & (0x80 * ones);
  return x | (upper >> 2);
}

/// The code point of the UTF-8 sequence at `s[i]` and its length (a
/// stray byte counts as one code point at or above 0x80).
std::pair<uint32_t, size_t> rune_at(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (n == 1 || i + n > s.size())
    return {b, 1};
  uint32_t cp = b & (0x3f >> (n - 1));
  for (size_t k = 1; k < n; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  return {cp, n};
}

/// Whether code point `cp` may have another case (so RE2's lowercase and
/// the line's bytes may differ): letters of the Latin, Greek, Cyrillic…
/// blocks, the cased blocks above U+2000, fullwidth Latin, and everything
/// beyond the BMP.
bool may_have_case(uint32_t cp) {
  return (cp >= 0x80 && cp < 0x2000) || (cp >= 0x2c00 && cp < 0x2e00)
         || (cp >= 0xa640 && cp < 0xa800) || (cp >= 0xff00 && cp < 0xff60)
         || cp >= 0x10000;
}

/// `text` up to its first character that may have a case.
std::string caseless_prefix(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    auto [cp, n] = rune_at(text, i);
    if (cp >= 0x80 && may_have_case(cp))
      return text.substr(0, i);
    i += n;
  }
  return text;
}

/// Whether `pattern` starts with `^` and has no `|` outside parentheses
/// (so every match starts at the start of the line).
bool anchored_at_start(std::string_view pattern) {
  if (pattern.empty() || pattern[0] != '^')
    return false;
  int depth = 0;
  for (size_t i = 1; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      // A class: a ']' right after '[' or '[^' is a member.
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^')
        ++j;
      if (j < pattern.size() && pattern[j] == ']')
        ++j;
      while (j < pattern.size() && pattern[j] != ']')
        j += pattern[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return false;
    }
  }
  return true;
}

/// A 12-bit hash of the first three bytes of `word` (little-endian),
/// small enough that its tables stay in the L1 cache. Bit 0x20 of each
/// byte is left out, so that a letter and its capital hash alike and the
/// line need no lowercasing to be looked up (other pairs that differ only
/// in that bit collide too: a few more candidates, never a missed one).
unsigned key(uint64_t word) {
  return static_cast<unsigned>(((word & 0xdfdfdf) * 0x9e3779b97f4a7c15ull)
                               >> 52);
}

constexpr size_t key_count = 4096;

} // namespace

prefilter::prefilter(const std::vector<const re2::RE2*>& regexps)
  : starts_(key_count / 64, 0) {
  words_ = (regexps.size() + 63) / 64;
  std::map<std::string, int> ids;
  for (size_t i = 0; i < regexps.size(); ++i) {
    const auto* re = regexps[i];
    auto index = static_cast<int>(i);
    regexp_info info{};
    info.re = re;
    if (anchored_at_start(re->pattern()) && re->options().case_sensitive()
        && !re->options().literal()) {
      info.first = first_bytes(re->pattern());
      info.gated = !info.first.all();
    }
    regexps_.push_back(std::move(info));
    // This regexp's atoms alone: a match contains at least one of them.
    re2::FilteredRE2 alone{min_atom_len};
    int id = 0;
    alone.Add(re->pattern(), re->options(), &id);
    std::vector<std::string> texts;
    alone.Compile(&texts);
    std::vector<int> none;
    std::vector<int> passed;
    alone.AllPotentials(none, &passed);
    bool unfiltered = !passed.empty() || texts.empty();
    for (const auto& t : texts) {
      auto cut = caseless_prefix(t);
      if (cut.empty())
        unfiltered = true;
    }
    if (unfiltered) {
      unfiltered_.push_back(index);
      continue;
    }
    for (const auto& t : texts) {
      auto cut = caseless_prefix(t);
      auto [it, added] = ids.emplace(cut, static_cast<int>(atoms_.size()));
      if (added)
        atoms_.push_back({cut, {}});
      atoms_[static_cast<size_t>(it->second)].regexps.push_back(index);
      regexps_.back().atom_ids.push_back(it->second);
    }
    if (texts.size() > 1) {
      auto& r = regexps_.back();
      r.tree = std::make_unique<re2::FilteredRE2>(std::move(alone));
      for (size_t k = 0; k < texts.size(); ++k) {
        std::vector<int> one{static_cast<int>(k)};
        r.tree->AllPotentials(one, &passed);
        r.enough.push_back(!passed.empty());
      }
    }
  }
  for (int i : unfiltered_) {
    const auto& r = regexps_[static_cast<size_t>(i)];
    for (size_t b = 0; b < 256; ++b)
      unfiltered_first_[b]
        = unfiltered_first_[b] || !r.gated || r.first.test(b);
  }
  std::vector<std::vector<int>> by_start(key_count);
  for (size_t id = 0; id < atoms_.size(); ++id) {
    auto& a = atoms_[id];
    std::sort(a.regexps.begin(), a.regexps.end());
    a.regexps.erase(std::unique(a.regexps.begin(), a.regexps.end()),
                    a.regexps.end());
    // A regexp with a tree for which this atom is not enough alone (and
    // not counted twice in it: two of its atoms cut to this one) needs a
    // second atom before its tree is worth asking (see tree_passes).
    std::vector<int> sure;
    for (int r : a.regexps) {
      const auto& info = regexps_[static_cast<size_t>(r)];
      size_t times = 0;
      bool enough = !info.tree;
      for (size_t k = 0; k < info.atom_ids.size(); ++k)
        if (info.atom_ids[k] == static_cast<int>(id)) {
          ++times;
          enough = enough || info.enough[k];
        }
      (enough || times > 1 ? sure : a.partial).push_back(r);
    }
    a.regexps = std::move(sure);
    if (a.text.size() < 3) {
      short_atoms_.push_back(static_cast<int>(id));
      continue;
    }
    size_t head_len = std::min<size_t>(a.text.size(), 8);
    std::memcpy(&a.head, a.text.data(), head_len);
    a.head_mask
      = head_len == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * head_len)) - 1;
    auto k = key(a.head);
    auto first = static_cast<unsigned char>(a.text[0]);
    may_start_[first] = true;
    if (first >= 'a' && first <= 'z')
      may_start_[first - 32] = true;
    starts_[k >> 6] |= uint64_t{1} << (k & 63);
    by_start[k].push_back(static_cast<int>(id));
  }
  // Flattened: the atoms of key k are by_start_[first_[k] .. first_[k + 1]).
  first_.assign(key_count + 1, 0);
  for (size_t k = 0; k < key_count; ++k) {
    first_[k] = static_cast<uint32_t>(by_start_.size());
    by_start_.insert(by_start_.end(), by_start[k].begin(), by_start[k].end());
  }
  first_[key_count] = static_cast<uint32_t>(by_start_.size());
  std::vector<std::string_view> long_atoms;
  for (const auto& a : atoms_)
    if (a.text.size() >= 3)
      long_atoms.emplace_back(a.text);
  starts_filter_.build(long_atoms);
}

prefilter::~prefilter() = default;

void prefilter::scan(std::string_view line, uint64_t* marks, int* found,
                     size_t cap, size_t& count) const {
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  size_t n = line.size();
  uint64_t* once = marks + words_;
  auto mark = [&](const atom& a) {
    if (count == 0) // the first atom of the line: only now clear the marks
      std::memset(marks, 0, 2 * words_ * sizeof(uint64_t));
    for (int r : a.regexps)
      marks[r >> 6] |= uint64_t{1} << (r & 63);
    for (int r : a.partial) {
      auto bit = uint64_t{1} << (r & 63);
      if ((once[r >> 6] & bit) != 0)
        marks[r >> 6] |= bit;
      once[r >> 6] |= bit;
    }
    if (count < cap)
      found[count] = static_cast<int>(&a - atoms_.data());
    ++count;
  };
  // Atoms are lowercase; the line is lowercased byte by byte as it goes
  // (ASCII only, see the header), and only where an atom may start.
  auto same_from = [p](size_t at, const std::string& text, size_t from) {
    for (size_t j = from; j < text.size(); ++j)
      if (lower_table[p[at + j]] != static_cast<unsigned char>(text[j]))
        return false;
    return true;
  };
  auto same = [&](size_t at, const std::string& text) {
    return same_from(at, text, 0);
  };
  // The positions where an atom may start, 16 at a time (start_filter);
  // at each, a caseless hash of the next three bytes, one bit test, then
  // the next eight bytes lowercased at once and the atoms with that hash:
  // one word compare each, and a byte loop only for the rest of an atom
  // longer than eight.
  starts_filter_.candidates(
    line, [&](size_t i) __attribute__((always_inline)) {
      if (!may_start_[p[i]])
        return;
      uint64_t w = 0;
      if (i + 8 <= n) {
        std::memcpy(&w, p + i, 8);
      } else { // the last seven positions: zeros after the line's end
        for (size_t j = n - i; j-- > 0;)
          w = (w << 8) | p[i + j];
      }
      auto k = key(w);
      if (((starts_[k >> 6] >> (k & 63)) & 1) == 0)
        return;
      w = lower_word(w);
      for (auto j = first_[k]; j < first_[k + 1]; ++j) {
        const auto& a = atoms_[static_cast<size_t>(by_start_[j])];
        if ((w & a.head_mask) == a.head && a.text.size() <= n - i
            && same_from(i, a.text, 8))
          mark(a);
      }
    });
  // Atoms cut to one or two bytes (rare): a plain search.
  for (int id : short_atoms_) {
    const auto& a = atoms_[static_cast<size_t>(id)];
    for (size_t i = 0; i + a.text.size() <= n; ++i)
      if (same(i, a.text)) {
        mark(a);
        break;
      }
  }
}

bool prefilter::tree_passes(size_t i, const int* found, size_t n,
                            size_t cap) const {
  const auto& r = regexps_[i];
  if (!r.tree || n > cap)
    return true;
  size_t hits = 0;
  for (size_t k = 0; k < r.atom_ids.size(); ++k)
    if (std::find(found, found + n, r.atom_ids[k]) != found + n) {
      if (r.enough[k])
        return true;
      ++hits;
    }
  // One atom that is not enough alone: the tree says no (it only grows
  // with more atoms). Two or more: ask it.
  if (hits < 2)
    return false;
  std::vector<int> local;
  for (size_t k = 0; k < r.atom_ids.size(); ++k)
    if (std::find(found, found + n, r.atom_ids[k]) != found + n)
      local.push_back(static_cast<int>(k));
  std::vector<int> passed;
  r.tree->AllPotentials(local, &passed);
  return !passed.empty();
}

bool prefilter::gate_passes(size_t i, std::string_view line) const {
  const auto& r = regexps_[i];
  if (!r.gated)
    return true;
  // Gated: an empty line or another first byte cannot match.
  return !line.empty() && r.first.test(static_cast<unsigned char>(line[0]));
}

void prefilter::matches(std::string_view line, std::vector<int>& out) const {
  out.clear();
  if (regexps_.empty())
    return;
  // The marks of the regexps to run: on the stack unless there are many,
  // cleared by scan when it finds the line's first atom (most lines have
  // none).
  constexpr size_t small_words = 16;
  uint64_t small[small_words];
  std::vector<uint64_t> many;
  size_t words = words_;
  uint64_t* marks = small;
  if (2 * words > small_words) {
    many.resize(2 * words);
    marks = many.data();
  }
  constexpr size_t cap = 32;
  int found[cap];
  size_t n = 0;
  if (!atoms_.empty())
    scan(line, marks, found, cap, n);
  if (n == 0) {
    // No atom (most lines): only the unfiltered regexps (ascending) can
    // match.
    // (An empty line may still match an ungated one.)
    if (!line.empty()
        && !unfiltered_first_[static_cast<unsigned char>(line[0])])
      return;
    for (int i : unfiltered_)
      if (gate_passes(static_cast<size_t>(i), line)
          && re2::RE2::PartialMatch(line, *regexps_[static_cast<size_t>(i)].re))
        out.push_back(i);
    return;
  }
  if (n > cap) // too many to tell: every regexp with an atom is asked
    for (size_t w = 0; w < words; ++w)
      marks[w] |= marks[words + w];
  if (n > 1 && n <= cap) {
    std::sort(found, found + n);
    n = static_cast<size_t>(std::unique(found, found + n) - found);
  }
  for (int i : unfiltered_)
    marks[i >> 6] |= uint64_t{1} << (i & 63);
  for (size_t w = 0; w < words; ++w)
    for (auto bits = marks[w]; bits != 0; bits &= bits - 1) {
      auto i = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (gate_passes(i, line) && tree_passes(i, found, n, cap)
          && re2::RE2::PartialMatch(line, *regexps_[i].re))
        out.push_back(static_cast<int>(i));
    }
}

} // namespace hummel::errors
