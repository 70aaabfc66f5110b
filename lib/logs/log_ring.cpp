#include "logs/log_ring.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace hummel {

namespace {

/// The smallest text buffer.
constexpr size_t min_text_cap = 64;

/// Above this, text buffers are whole pages.
constexpr size_t page = 4096;

/// The entry buffer a shrink keeps at least.
constexpr size_t min_entries = 16;

/// The first entry buffer: a process that never prints holds the line of
/// its start and little more (24 bytes an entry).
constexpr size_t first_entries = 4;

/// The text buffer for `text` bytes held: room for a quarter more (and a
/// short line's worth), so that the bytes skipped at the end when a line
/// does not fit there rarely force a copy; a power of two up to a page,
/// whole pages above. A ring that holds the line of a start (a `sleep`
/// that said "run 2 started") takes 64 bytes of text and 96 of entries:
/// with 10,000 quiet processes, 1.6 MB in all (two pages each were 80 MB;
/// 256 bytes and 16 entries, 9 MB).
size_t text_cap_for(size_t text) {
  auto cap = text + text / 4 + 32;
  if (cap <= page)
    return std::bit_ceil(std::max(cap, min_text_cap));
  return (cap + page - 1) / page * page;
}

} // namespace

log_ring::log_ring(size_t max_lines, size_t max_bytes)
  : max_lines_(max_lines == 0 ? 1 : max_lines),
    max_bytes_(std::min(max_bytes, max_byte_budget)) {
  // nop
}

void log_ring::push(const log_line& line) {
  const auto len = std::min(line.text.size(), max_text);
  const auto cost = len + line_overhead;
  while (count_ > 0 && (count_ + 1 > max_lines_ || bytes_ + cost > max_bytes_))
    pop_front();
  if (count_ == 0)
    seq_base_ = line.seq;
  else if (line.seq - seq_base_ > UINT32_MAX)
    rebase_seq(line.seq);
  // A ring that holds far less than its buffers (a burst has passed, or
  // the lines got shorter) gives the rest back.
  if (cap_ > 2 * text_cap_for(text_ + len))
    relayout(text_cap_for(text_ + len));
  if (ecap_ > 4 * min_entries && count_ * 4 < ecap_)
    resize_entries(std::max(min_entries, count_ * 2));
  auto at = place(len);
  if (len > 0)
    std::memcpy(buf_.get() + at % cap_, line.text.data(), len);
  if (count_ == ecap_)
    resize_entries(std::min(ecap_ < min_entries
                              ? std::max(first_entries, 2 * ecap_)
                              : ecap_ + ecap_ / 2,
                            std::max(max_lines_, count_ + 1)));
  ents_[(first_ + count_) % ecap_] = entry{
    line.time_ms, static_cast<uint32_t>(line.seq - seq_base_),
    static_cast<uint32_t>(at),
    static_cast<uint32_t>(len) | static_cast<uint32_t>(line.stream) << 24,
    line.run_id};
  ++count_;
  bytes_ += cost;
  text_ += len;
}

void log_ring::clear() noexcept {
  ents_.reset();
  buf_.reset();
  ecap_ = first_ = count_ = cap_ = 0;
  bytes_ = text_ = 0;
  pos_ = 0;
}

void log_ring::pop_front() noexcept {
  const auto& e = ents_[first_];
  bytes_ -= e.len() + line_overhead;
  text_ -= e.len();
  first_ = (first_ + 1) % ecap_;
  --count_;
}

uint64_t log_ring::place(size_t len) {
  if (len == 0)
    return pos_;
  auto fits = [&](uint64_t start) {
    auto oldest = count_ > 0 ? ent(0).pos : start;
    return start + len - oldest <= cap_;
  };
  // Positions are 32 bits in an entry: compact them from 0 (the text
  // buffer holds less than 2 GiB) before they would pass 2^32.
  if (cap_ > 0 && pos_ + cap_ + len > UINT32_MAX)
    relayout(cap_);
  auto start = pos_;
  if (cap_ > 0 && start % cap_ + len > cap_)
    start += cap_ - start % cap_; // no line wraps around the end
  if (cap_ == 0 || !fits(start)) {
    relayout(std::max(text_cap_for(text_ + len), cap_ + cap_ / 2));
    start = pos_;
  }
  pos_ = start + len;
  return start;
}

void log_ring::relayout(size_t cap) {
  auto fresh = std::make_unique<char[]>(cap);
  uint64_t at = 0;
  for (size_t i = 0; i < count_; ++i) {
    auto& e = ents_[(first_ + i) % ecap_];
    if (e.len() > 0)
      std::memcpy(fresh.get() + at, buf_.get() + e.pos % cap_, e.len());
    e.pos = static_cast<uint32_t>(at);
    at += e.len();
  }
  buf_ = std::move(fresh);
  cap_ = cap;
  pos_ = at;
}

void log_ring::resize_entries(size_t cap) {
  auto fresh = std::make_unique<entry[]>(cap);
  for (size_t i = 0; i < count_; ++i)
    fresh[i] = ents_[(first_ + i) % ecap_];
  ents_ = std::move(fresh);
  ecap_ = cap;
  first_ = 0;
}

void log_ring::rebase_seq(uint64_t seq) noexcept {
  while (count_ > 0 && seq - seq_of(ent(0)) > UINT32_MAX)
    pop_front();
  auto base = count_ > 0 ? seq_of(ent(0)) : seq;
  for (size_t i = 0; i < count_; ++i) {
    auto& e = ents_[(first_ + i) % ecap_];
    e.seq_off = static_cast<uint32_t>(seq_base_ + e.seq_off - base);
  }
  seq_base_ = base;
}

log_line_view log_ring::at(size_t i) const noexcept {
  const auto& e = ent(i);
  std::string_view text;
  if (e.len() > 0)
    text = {buf_.get() + e.pos % cap_, e.len()};
  return {seq_of(e), e.time_ms, static_cast<log_stream>(e.len_stream >> 24),
          e.run_id, text};
}

uint64_t log_ring::first_seq() const noexcept {
  return count_ == 0 ? 0 : seq_of(ent(0));
}

uint64_t log_ring::last_seq() const noexcept {
  return count_ == 0 ? 0 : seq_of(ent(count_ - 1));
}

std::vector<log_line> log_ring::tail(size_t n) const {
  n = std::min(n, count_);
  std::vector<log_line> result;
  result.reserve(n);
  for (size_t i = count_ - n; i < count_; ++i)
    result.push_back(at(i).to_line());
  return result;
}

std::vector<log_line> log_ring::after(uint64_t seq, size_t limit) const {
  // The first line with a seq greater than `seq` (seqs increase).
  size_t lo = 0;
  size_t hi = count_;
  while (lo < hi) {
    auto mid = lo + (hi - lo) / 2;
    if (seq_of(ent(mid)) <= seq)
      lo = mid + 1;
    else
      hi = mid;
  }
  auto n = std::min(limit, count_ - lo);
  std::vector<log_line> result;
  result.reserve(n);
  for (size_t i = lo; i < lo + n; ++i)
    result.push_back(at(i).to_line());
  return result;
}

size_t log_ring::capacity_bytes() const noexcept {
  return cap_ + ecap_ * sizeof(entry);
}

} // namespace hummel
