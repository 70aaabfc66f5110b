#pragma once

// One running `logs_stream` call with follow (internal to mcp_backend; include
// from .cpp files only).

#include "actors/mcp_backend.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace hummel {

/// A follow call: where it reads, what it collected, how it reports.
struct mcp_backend::follow_call {
  std::string name;
  process_actor proc;
  uint64_t cursor = 0;
  uint8_t stream = 0;
  size_t limit = 100;
  std::chrono::steady_clock::time_point deadline;
  nlohmann::json lines = nlohmann::json::array();
  uint64_t progress = 0;
  mcp::tool_progress on_progress;
  mcp::tool_done done;
  bool truncated = false;
};

} // namespace hummel
