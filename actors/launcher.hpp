#pragma once

// What PROCESS actors need from the outside world, as interfaces, so that
// unit tests can replace the real child processes with fakes.
//
// Thread safety: a launcher and a line_printer are called from PROCESS
// actors, which run on any CAF worker thread; implementations must be
// thread-safe.

#include "logs/log_file.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace hummel::errors {
class rule_set;
} // namespace hummel::errors

namespace hummel {

/// One child to start.
struct launch_request {
  /// Unique per run: (process index << 32) | run id.
  uint64_t child = 0;
  std::vector<std::string> argv;
  std::filesystem::path cwd;
  /// Complete environment, "K=V".
  std::vector<std::string> env;
  /// Exported as HUMMEL_RUN so that every descendant can be traced.
  std::string marker;
};

/// launcher::spawn's answer when the pid comes later, in a message.
inline constexpr int spawn_queued = 0;

/// Starts and stops children; reports their events to the actor that
/// launched them as PROCESS actor messages (started, output, exited, usage).
class launcher {
public:
  virtual ~launcher() = default;

  /// Starts a child for `owner` (a process_actor handle as caf::actor);
  /// answers the pid, a clear error ("command not found: x"), or
  /// `spawn_queued`: the start is under way without blocking the caller,
  /// and its outcome comes to the owner as a message, `started` with the
  /// pid or `started` with the error.
  virtual std::variant<int, std::string> spawn(launch_request req,
                                               const caf::actor& owner)
    = 0;

  /// Sends `signal` to the child's tree, then SIGKILL after `grace`.
  virtual void stop(uint64_t child, int signal, std::chrono::milliseconds grace)
    = 0;

  /// The owner has handled an `output` message of `child` carrying `bytes`
  /// (each line's size plus one): reading the child's pipes pauses while
  /// too much of its output is unhandled (reactor::options::
  /// max_unconsumed). Any thread.
  virtual void consumed(uint64_t child, size_t bytes) {
    (void)child;
    (void)bytes;
  }
};

/// Prints output lines for people (the foreground daemon's console).
class line_printer {
public:
  virtual ~line_printer() = default;

  /// Prints `lines` of process `name`; `stream` 2 marks stderr.
  virtual void print(const std::string& name, uint8_t stream,
                     const std::vector<std::string>& lines)
    = 0;
};

/// Everything a PROCESS actor gets from the daemon.
struct process_context {
  launcher* launch = nullptr;
  /// Optional; nullptr prints nothing.
  line_printer* printer = nullptr;
  /// Folder of the per-process log files; empty keeps logs in memory only.
  std::filesystem::path log_dir;
  uint64_t log_file_max_bytes = 10u << 20;
  uint32_t log_file_count = 5;
  /// How log files are written; nullptr is `::write` (tests inject full
  /// disks here).
  log_file::write_fn log_write = nullptr;
  /// Prefix of every run marker: "<project-id>/".
  std::string marker_prefix;
  /// The daemon's own environment, "K=V", the base of every child's.
  std::vector<std::string> base_env;
  /// Readiness probes (tcp/http) are retried this often.
  std::chrono::milliseconds probe_interval{250};
  /// Error matchers (built-in and [errors] matchers); null: built-in only.
  std::shared_ptr<const errors::rule_set> error_rules;
};

} // namespace hummel
