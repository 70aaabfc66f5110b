#include "main/cli/ui/logbuf.hpp"

#include "logs/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace hummel::ui {

using nlohmann::json;

namespace {

/// "HH:MM:SS" of "2026-11-26T10:00:00.000Z".
std::string clock_of(const json& time) {
  if (!time.is_string())
    return {};
  const auto& s = time.get_ref<const std::string&>();
  auto t = s.find('T');
  return t == std::string::npos || t + 9 > s.size() ? std::string{}
                                                    : s.substr(t + 1, 8);
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

} // namespace

std::string clean_text(std::string_view raw) {
  auto text = sanitize_utf8(strip_ansi(raw));
  std::string out;
  out.reserve(text.size());
  size_t column = 0;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\t') {
      auto n = 8 - column % 8;
      out.append(n, ' ');
      column += n;
      continue;
    }
    if (u < 0x20 || u == 0x7f) {
      out += '?';
      ++column;
      continue;
    }
    out += c;
    if ((u & 0xc0) != 0x80) // count code points, not continuation bytes
      ++column;
  }
  return out;
}

log_buffer::log_buffer(size_t capacity)
  : capacity_(std::max<size_t>(1, capacity)) {
  // nop
}

void log_buffer::reset(std::string process) {
  process_ = std::move(process);
  lines_.clear();
  last_seq_ = 0;
  offset_ = 0;
}

const std::string& log_buffer::process() const noexcept {
  return process_;
}

bool log_buffer::add(const json& line) {
  if (!line.is_object())
    return false;
  auto seq = line.value("seq", json(0)).is_number_unsigned()
               ? line["seq"].get<uint64_t>()
               : 0;
  if (seq != 0 && seq <= last_seq_)
    return false;
  last_seq_ = std::max(last_seq_, seq);
  log_entry e;
  e.seq = seq;
  e.clock = clock_of(line.value("time", json()));
  e.is_stderr = line.value("stream", json("")) == "stderr";
  auto text = line.value("text", json(""));
  e.text = clean_text(text.is_string() ? text.get_ref<const std::string&>()
                                       : std::string{});
  lines_.push_back(std::move(e));
  // Scrolled back: keep the same lines in view.
  if (offset_ > 0)
    ++offset_;
  while (lines_.size() > capacity_) {
    lines_.pop_front();
    offset_ = std::min(offset_, lines_.size());
  }
  return true;
}

const std::deque<log_entry>& log_buffer::lines() const noexcept {
  return lines_;
}

size_t log_buffer::offset() const noexcept {
  return offset_;
}

void log_buffer::scroll(int64_t n, size_t height) {
  auto max = lines_.size() > height ? lines_.size() - height : 0;
  auto next = static_cast<int64_t>(offset_) + n;
  offset_ = static_cast<size_t>(
    std::clamp<int64_t>(next, 0, static_cast<int64_t>(max)));
}

void log_buffer::follow() noexcept {
  offset_ = 0;
}

void log_buffer::set_search(std::string text) {
  search_ = std::move(text);
}

const std::string& log_buffer::search() const noexcept {
  return search_;
}

bool log_buffer::jump_to_match(bool older, size_t height) {
  if (search_.empty() || lines_.empty())
    return false;
  // The bottom line of the pane now.
  auto bottom
    = static_cast<int64_t>(lines_.size()) - 1 - static_cast<int64_t>(offset_);
  auto step = older ? -1 : 1;
  for (auto i = bottom + step;
       i >= 0 && i < static_cast<int64_t>(lines_.size()); i += step) {
    if (matches(lines_[static_cast<size_t>(i)].text).empty())
      continue;
    auto want = static_cast<int64_t>(lines_.size()) - 1 - i;
    offset_ = static_cast<size_t>(want);
    scroll(0, height); // clamp
    return true;
  }
  return false;
}

std::vector<std::pair<size_t, size_t>>
log_buffer::matches(std::string_view text) const {
  std::vector<std::pair<size_t, size_t>> out;
  if (search_.empty() || search_.size() > text.size())
    return out;
  for (size_t i = 0; i + search_.size() <= text.size();) {
    bool hit = true;
    for (size_t k = 0; k < search_.size() && hit; ++k)
      hit = lower(text[i + k]) == lower(search_[k]);
    if (hit) {
      out.emplace_back(i, i + search_.size());
      i += search_.size();
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<std::string> error_lines(const json& result) {
  std::vector<std::string> out;
  if (!result.is_object())
    return out;
  for (const auto& r : result.value("records", json::array())) {
    if (!r.is_object())
      continue;
    auto line = clock_of(r.value("time", json())) + "  "
                + r.value("kind", std::string{});
    auto count = r.value("count", json(1));
    if (count.is_number_integer() && count.get<int64_t>() > 1)
      line += "  x" + std::to_string(count.get<int64_t>());
    line += "  " + r.value("message", std::string{});
    if (auto f = r.value("file", json()); f.is_string()) {
      line += "  " + f.get<std::string>();
      if (auto l = r.value("line", json()); l.is_number())
        line += ":" + l.dump();
    }
    out.push_back(clean_text(line));
    for (const auto& l : r.value("lines", json::array()))
      if (l.is_string())
        out.push_back("    " + clean_text(l.get<std::string>()));
  }
  return out;
}

} // namespace hummel::ui
