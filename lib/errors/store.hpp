#pragma once

#include "errors/detector.hpp"

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

/// The error records of one process: bounded (the newest kept), and a
/// repeat of an error (same kind, message and location) counts up on its
/// record instead of adding one.
///
/// Thread safety: none; owned by one PROCESS actor.
namespace hummel::errors {

/// One error record.
struct record {
  /// Unique within the store, increasing; a repeat keeps its id.
  uint64_t id = 0;
  /// The run in which it was last seen.
  uint32_t run = 0;
  std::string stream;
  /// When first and last seen (wall clock, ms).
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  uint32_t count = 1;
  /// The last occurrence's fields and lines.
  group found;
};

class store {
public:
  explicit store(size_t capacity = 200);

  /// Adds `g`, found in `run` on `stream` at `now_ms`: a repeat updates its
  /// record (count, time, run, lines) and makes it the newest. Returns the
  /// record.
  const record& add(group g, uint32_t run, std::string_view stream,
                    int64_t now_ms);

  /// Records newest first: at most `limit`, last seen at or after
  /// `since_ms`, at least as severe as `min` (error < warning < info).
  std::vector<record> newest_first(size_t limit,
                                   std::optional<int64_t> since_ms = {},
                                   std::optional<severity> min = {}) const;

  /// The newest record, or nullptr.
  const record* newest() const;

  /// Number of records kept.
  size_t size() const noexcept {
    return order_.size();
  }

  /// Number of records of severity error kept.
  size_t errors() const noexcept {
    return errors_;
  }

  /// Forgets every record (the process's logs were cleared); ids go on.
  void clear();

private:
  static std::string key_of(const group& g);

  size_t capacity_;
  uint64_t next_id_ = 1;
  size_t errors_ = 0;
  /// Newest at the front.
  std::list<record> order_;
  std::unordered_map<std::string, std::list<record>::iterator> by_key_;
};

} // namespace hummel::errors
