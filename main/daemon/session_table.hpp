#pragma once

// The HTTP gateway's table of MCP sessions (Mcp-Session-Id -> session),
// bounded in size and in idleness: a session with no request in progress and
// no open stream is idle; idle past `idle_limit` it expires, and a new
// session beyond `capacity` ends the one idle longest. The table only
// decides; the caller ends what it returns.
//
// Thread safety: none; the gateway guards it with its mutex. Time is passed
// in (tests drive it).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hummel {

template <class T>
class session_table {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// At most `capacity` (at least 1) sessions; idle ones expire after
  /// `idle_limit`.
  session_table(size_t capacity, std::chrono::steady_clock::duration idle_limit)
    : capacity_(capacity > 0 ? capacity : 1), idle_limit_(idle_limit) {
    // nop
  }

  /// Returns the session `id` and, if `begin`, counts one more request or
  /// stream in progress on it (end it with `end`). Null if unknown.
  std::optional<T> use(const std::string& id, time_point now, bool begin) {
    auto i = map_.find(id);
    if (i == map_.end())
      return std::nullopt;
    i->second.last = now;
    if (begin)
      ++i->second.busy;
    return i->second.value;
  }

  /// Ends one request or stream on `id` (counted by `use`).
  void end(const std::string& id, time_point now) {
    if (auto i = map_.find(id); i != map_.end()) {
      if (i->second.busy > 0)
        --i->second.busy;
      i->second.last = now;
    }
  }

  /// Adds `id`; when full, removes the session idle longest first and puts
  /// it in `evicted`. Returns false (nothing added) when full of busy ones.
  bool add(const std::string& id, T value, time_point now,
           std::vector<T>& evicted) {
    if (map_.size() >= capacity_ && map_.find(id) == map_.end()) {
      auto oldest = map_.end();
      for (auto i = map_.begin(); i != map_.end(); ++i)
        if (i->second.busy == 0
            && (oldest == map_.end() || i->second.last < oldest->second.last))
          oldest = i;
      if (oldest == map_.end())
        return false;
      evicted.push_back(std::move(oldest->second.value));
      map_.erase(oldest);
    }
    map_.insert_or_assign(id, entry{std::move(value), now, 0});
    return true;
  }

  /// Removes `id`; returns its session, if it had one.
  std::optional<T> remove(const std::string& id) {
    auto i = map_.find(id);
    if (i == map_.end())
      return std::nullopt;
    auto value = std::move(i->second.value);
    map_.erase(i);
    return value;
  }

  /// Removes and returns the sessions idle for `idle_limit` or more.
  std::vector<T> expire(time_point now) {
    std::vector<T> out;
    for (auto i = map_.begin(); i != map_.end();) {
      if (i->second.busy == 0 && now - i->second.last >= idle_limit_) {
        out.push_back(std::move(i->second.value));
        i = map_.erase(i);
      } else {
        ++i;
      }
    }
    return out;
  }

  /// Removes and returns every session.
  std::vector<T> take_all() {
    std::vector<T> out;
    out.reserve(map_.size());
    for (auto& [id, e] : map_)
      out.push_back(std::move(e.value));
    map_.clear();
    return out;
  }

  size_t size() const {
    return map_.size();
  }

private:
  struct entry {
    T value;
    time_point last;
    size_t busy = 0;
  };

  size_t capacity_;
  std::chrono::steady_clock::duration idle_limit_;
  std::unordered_map<std::string, entry> map_;
};

} // namespace hummel
