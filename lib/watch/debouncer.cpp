#include "watch/debouncer.hpp"

#include <algorithm>

namespace hummel::watch {

namespace {

/// Distinct paths remembered per burst; beyond it `more` still counts
/// every change (a path may then count twice).
constexpr size_t max_seen = 10000;

} // namespace

std::string reason_of(const burst& b) {
  if (b.first.empty())
    return "files changed (events lost: inotify queue overflow)";
  std::string result = "file changed: " + b.first;
  if (b.overflow)
    result += " and more (events lost: inotify queue overflow)";
  else if (b.more > 0)
    result += " (+" + std::to_string(b.more) + " more)";
  return result;
}

debouncer::window& debouncer::touch(const std::string& key,
                                    clock_type::time_point now,
                                    std::chrono::milliseconds delay) {
  auto [it, fresh] = windows_.try_emplace(key);
  auto& w = it->second;
  if (fresh) {
    w.what.key = key;
    w.deadline = now + delay * max_wait_factor;
  }
  w.due = std::min(now + delay, w.deadline);
  return w;
}

void debouncer::note(const std::string& key, std::string_view path,
                     clock_type::time_point now,
                     std::chrono::milliseconds delay) {
  auto& w = touch(key, now, delay);
  if (w.what.first.empty()) {
    w.what.first = std::string{path};
    w.seen.insert(w.what.first);
    return;
  }
  if (w.seen.size() >= max_seen) {
    ++w.what.more;
    return;
  }
  if (w.seen.insert(std::string{path}).second)
    ++w.what.more;
}

void debouncer::note_overflow(const std::string& key,
                              clock_type::time_point now,
                              std::chrono::milliseconds delay) {
  touch(key, now, delay).what.overflow = true;
}

std::vector<burst> debouncer::take_due(clock_type::time_point now) {
  std::vector<burst> result;
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (it->second.due <= now) {
      result.push_back(std::move(it->second.what));
      it = windows_.erase(it);
    } else {
      ++it;
    }
  }
  return result;
}

std::optional<clock_type::time_point> debouncer::next_due() const {
  std::optional<clock_type::time_point> result;
  for (const auto& [key, w] : windows_)
    if (!result || w.due < *result)
      result = w.due;
  return result;
}

} // namespace hummel::watch
