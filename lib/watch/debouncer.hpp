#pragma once

// Debouncing of file changes, per key (a process name), with the time
// passed in so that tests need no clock.
//
// Trailing edge: a burst fires once its key has seen no change for `delay`
// (measured from the last change), so writes spread over a second with
// gaps shorter than the delay restart a process once. A burst that never
// pauses fires anyway `max_wait_factor` × delay after its first change, so
// a file written for ever cannot starve the restart.
//
// Thread safety: none; one thread owns a debouncer.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hummel::watch {

using clock_type = std::chrono::steady_clock;

/// One debounced burst of changes of one key.
struct burst {
  std::string key;
  /// The first path that changed in the burst ("" if only an overflow).
  std::string first;
  /// How many other distinct paths changed.
  size_t more = 0;
  /// Events were lost (inotify queue overflow): anything may have changed.
  bool overflow = false;
};

/// "file changed: src/app.ts", "file changed: src/app.ts (+2 more)", or
/// for an overflow "files changed (events lost: inotify queue overflow)".
std::string reason_of(const burst& b);

/// Collects changes per key and tells which bursts are due.
class debouncer {
public:
  /// A burst fires at the latest this many delays after its first change.
  static constexpr int max_wait_factor = 10;

  /// Records a change of `path` for `key` at `now`.
  void note(const std::string& key, std::string_view path,
            clock_type::time_point now, std::chrono::milliseconds delay);

  /// Records lost events for `key` at `now`.
  void note_overflow(const std::string& key, clock_type::time_point now,
                     std::chrono::milliseconds delay);

  /// Removes and returns the bursts due at `now`, by key.
  std::vector<burst> take_due(clock_type::time_point now);

  /// When the next burst is due; nullopt when none is pending.
  std::optional<clock_type::time_point> next_due() const;

  /// Drops every pending burst.
  void clear() {
    windows_.clear();
  }

private:
  struct window {
    clock_type::time_point due;
    clock_type::time_point deadline;
    burst what;
    std::unordered_set<std::string> seen;
  };

  window& touch(const std::string& key, clock_type::time_point now,
                std::chrono::milliseconds delay);

  std::map<std::string, window> windows_;
};

} // namespace hummel::watch
