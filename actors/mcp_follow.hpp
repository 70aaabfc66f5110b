#pragma once

// One running `logs_stream` call with follow, and one scripts_run with
// wait (internal to mcp_backend; include from .cpp files only).

#include "actors/mcp_backend.hpp"
#include "logs/log_record.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hummel {

/// A successful tool outcome.
inline mcp::tool_outcome tool_ok(nlohmann::json x) {
  return {std::make_shared<nlohmann::json>(std::move(x)), {}};
}

/// A failed tool outcome (an `isError` result for the model).
inline mcp::tool_outcome tool_fail(std::string msg) {
  return {nullptr, std::move(msg)};
}

/// A follow call: where it reads, what it collected, how it reports.
struct mcp_backend::follow_call {
  std::string name;
  process_actor proc;
  uint64_t cursor = 0;
  uint8_t stream = 0;
  size_t limit = 100;
  std::chrono::steady_clock::time_point deadline;
  /// The lines for the result, kept as lines (about 150 bytes each) and
  /// made JSON at the end: as JSON objects the 10,000 lines of the CLI's
  /// 30 s follow held about 10 MB per follower until then.
  std::vector<log_line> lines;
  uint64_t progress = 0;
  mcp::tool_progress on_progress;
  mcp::tool_done done;
  bool truncated = false;
  /// Where the lines go: no more are fetched while its client has not
  /// read `follow_backlog` bytes of them.
  std::weak_ptr<mcp_channel> channel;
  /// Its client has taken every byte sent to it at least once: only then
  /// are lines fetched in full batches.
  bool reads = false;
};

/// One scripts_run with wait.
struct mcp_backend::run_wait {
  std::string name;
  mcp::tool_done done;
  /// Set by arm_wait: the run waited for.
  bool armed = false;
  uint32_t run_id = 0;
  /// The SUPERVISOR answered `waiting`: run `run_id` has not started yet.
  bool pending_start = false;
  bool duplicate = false;
};

} // namespace hummel
