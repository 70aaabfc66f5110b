#include "logs/log_format.hpp"

#include <charconv>
#include <cstring>

namespace hummel::log_format {

namespace {

// Parses the number up to the next tab and moves `s` past that tab.
template <class T>
bool take_number(std::string_view& s, T& value) {
  auto tab = s.find('\t');
  if (tab == std::string_view::npos || tab == 0)
    return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + tab, value);
  if (ec != std::errc{} || end != s.data() + tab)
    return false;
  s.remove_prefix(tab + 1);
  return true;
}

/// Length of the run of digits that starts at `i` (0 if none).
size_t digits_at(std::string_view s, size_t i) {
  auto j = i;
  while (j < s.size() && s[j] >= '0' && s[j] <= '9')
    ++j;
  return j - i;
}

/// Length of the run of digits that ends just before `i`.
size_t digits_before(std::string_view s, size_t i) {
  auto j = i;
  while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
    --j;
  return i - j;
}

std::string with_commas(uint64_t n) {
  auto digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

/// Reads a number written by with_commas (or without commas).
bool take_commas(std::string_view& s, uint64_t& out) {
  out = 0;
  size_t i = 0;
  for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == ','); ++i)
    if (s[i] != ',')
      out = out * 10 + static_cast<uint64_t>(s[i] - '0');
  if (i == 0)
    return false;
  s.remove_prefix(i);
  return true;
}

bool take_literal(std::string_view& s, std::string_view lit) {
  if (s.substr(0, lit.size()) != lit)
    return false;
  s.remove_prefix(lit.size());
  return true;
}

constexpr std::string_view dash = "\u2014";    // —
constexpr std::string_view en_dash = "\u2013"; // –

} // namespace

bool looks_merged(const log_line& line) {
  std::string_view s{line.text};
  if (s.find('\t') == std::string_view::npos)
    return false;
  for (auto i = s.find('\t'); i != std::string_view::npos && i + 3 <= s.size();
       i = s.find('\t', i + 1)) {
    auto c = s[i + 1];
    if ((c != 'o' && c != 'e' && c != 'h') || i + 2 >= s.size()
        || s[i + 2] != '\t')
      continue;
    auto after = digits_at(s, i + 3);
    if (after == 0 || i + 3 + after >= s.size() || s[i + 3 + after] != '\t')
      continue;
    auto before = digits_before(s, i);
    if (before == 0)
      continue;
    auto j = i - before;
    if (j == 0 || (s[j - 1] == '\t' && digits_before(s, j - 1) > 0))
      return true;
  }
  return false;
}

std::string gap_text(const log_gap& gap) {
  std::string out{dash};
  out += ' ';
  out += with_commas(gap.lost);
  out += gap.lost == 1 ? " line lost (seq " : " lines lost (seq ";
  out += std::to_string(gap.first_seq);
  out += en_dash;
  out += std::to_string(gap.last_seq);
  out += "): ";
  out += gap.reason;
  out += ' ';
  out += dash;
  return out;
}

bool parse_gap(std::string_view s, log_gap& out) {
  if (!take_literal(s, dash) || !take_literal(s, " ")
      || !take_commas(s, out.lost))
    return false;
  if (!take_literal(s, " lines lost (seq ")
      && !take_literal(s, " line lost (seq "))
    return false;
  if (!take_commas(s, out.first_seq) || !take_literal(s, en_dash)
      || !take_commas(s, out.last_seq) || !take_literal(s, "): "))
    return false;
  constexpr std::string_view closing = " \u2014";
  if (!s.ends_with(closing))
    return false;
  out.reason.assign(s.data(), s.size() - closing.size());
  return out.first_seq <= out.last_seq;
}

bool is_gap_marker(const log_line& line) {
  return is_gap_marker(line.stream, line.text);
}

bool is_gap_marker(log_stream stream, std::string_view text) {
  log_gap gap;
  return stream == log_stream::event && text.starts_with(dash)
         && parse_gap(text, gap);
}

void append_record(std::string& out, const log_line& line) {
  record_cache cache;
  append_record(out, line, cache);
}

void append_record(std::string& out, const log_line& line,
                   record_cache& cache) {
  // The header in one append: at most 20 + 20 + 10 digits, a minus sign,
  // four tabs and the stream's letter (one `+=` a field was 1,044
  // instructions a record of a `seq` line, bench/logs_bench.cpp).
  // Each number gets exactly the room its type can need.
  char head[64];
  auto* p = std::to_chars(head, head + 20, line.seq).ptr;
  *p++ = '\t';
  if (cache.len == 0 || cache.time_ms != line.time_ms) {
    auto* end = std::to_chars(cache.text, cache.text + 20, line.time_ms).ptr;
    cache.len = static_cast<uint8_t>(end - cache.text);
    cache.time_ms = line.time_ms;
  }
  std::memcpy(p, cache.text, sizeof(cache.text)); // room: head is 64
  p += cache.len;
  *p++ = '\t';
  *p++ = line.stream == log_stream::err     ? 'e'
         : line.stream == log_stream::event ? 'h'
                                            : 'o';
  *p++ = '\t';
  p = std::to_chars(p, p + 10, line.run_id).ptr;
  *p++ = '\t';
  auto start = out.size() + static_cast<size_t>(p - head);
  out.append(head, static_cast<size_t>(p - head));
  out += line.text;
  // One record a line: a line break inside the text becomes a space.
  auto* text = out.data();
  for (auto i = start, n = out.size(); i < n; ++i)
    if (text[i] == '\n' || text[i] == '\r')
      text[i] = ' ';
  out += '\n';
}

bool parse_record(std::string_view record, log_line& out) {
  if (!take_number(record, out.seq) || !take_number(record, out.time_ms))
    return false;
  if (record.size() < 2 || record[1] != '\t')
    return false;
  if (record[0] == 'o')
    out.stream = log_stream::out;
  else if (record[0] == 'e')
    out.stream = log_stream::err;
  else if (record[0] == 'h')
    out.stream = log_stream::event;
  else
    return false;
  record.remove_prefix(2);
  if (!take_number(record, out.run_id))
    return false;
  out.text.assign(record.data(), record.size());
  return true;
}

} // namespace hummel::log_format
