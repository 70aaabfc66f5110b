#pragma once

// The error detection of one process (no CAF): a detector per output
// stream (stdout, stderr; hummel's own event lines are not fed) and the
// store of its records, kept across runs. The PROCESS actor feeds every
// line, ticks at `deadline()`, finishes at run end and reads records.
//
// Thread safety: none; owned by one PROCESS actor.

#include "messages/error_entry.hpp"
#include "messages/process_snapshot.hpp"

#include "errors/detector.hpp"
#include "errors/store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hummel::detail {

class process_errors {
public:
  /// `rules` null: the built-in matchers only.
  process_errors(std::string process,
                 std::shared_ptr<const errors::rule_set> rules);

  /// Takes one line of run `run` on `stream` (1 stdout, 2 stderr; anything
  /// else is ignored). True if a record was added or counted up.
  bool feed(uint8_t stream, std::string_view text, uint64_t seq, uint32_t run,
            int64_t now_ms);

  /// Ends the groups that had no line for the gap. True on a change.
  bool tick(int64_t now_ms);

  /// Ends every open group (the run ended). True on a change.
  bool finish();

  /// When `tick` would end an open group; nullopt if none is open.
  std::optional<int64_t> deadline() const;

  /// Copies the error count and newest headline into `snap`; true.
  bool to_snapshot(process_snapshot& snap) const;

  /// The run of `snap` ended (its status set): ends every open group,
  /// updates `snap`, and gives a failed run without an `error` its newest
  /// error headline.
  void finish_run(process_snapshot& snap);

  /// Forgets every record and open group (the logs were cleared).
  void clear();

  /// Records newest first, filtered by `q`.
  error_page query(const error_query& q) const;

  /// Records kept, warnings included.
  size_t records() const noexcept {
    return store_.size();
  }
  /// Records of severity error kept.
  uint32_t error_count() const noexcept {
    return static_cast<uint32_t>(store_.errors());
  }

  /// The newest error's headline (severity error), or "".
  std::string last_error() const;

  /// The newest error headline of run `run`, or "".
  std::string last_error_of(uint32_t run) const;

private:
  bool take(std::vector<errors::group>& found, size_t stream, int64_t now_ms);

  std::string process_;
  std::shared_ptr<const errors::rule_set> rules_;
  /// [0] stdout, [1] stderr.
  std::vector<errors::detector> detectors_;
  /// The run each detector's open group belongs to.
  uint32_t run_[2] = {0, 0};
  errors::store store_;
  std::vector<errors::group> scratch_;
};

/// `r` of `process` as readers see it.
error_entry to_entry(const errors::record& r, const std::string& process);

/// The built-in rule set, compiled once per program.
std::shared_ptr<const errors::rule_set> builtin_rules();

/// The built-in matchers and those of `files` ([errors] matchers); null
/// when there are no files (built-in only). A file that cannot be read,
/// parsed or compiled gives the reason naming the file (as shown relative
/// to `dir`) and the matcher, e.g. "ci/m.json: matcher 'x' pattern 1: RE2
/// cannot take it (…)".
std::variant<std::shared_ptr<const errors::rule_set>, std::string>
rules_with(const std::vector<std::filesystem::path>& files,
           const std::filesystem::path& dir);

} // namespace hummel::detail
