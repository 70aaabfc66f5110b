#pragma once

// Canned tool results for the CLI's fake daemon, shaped exactly like the
// real daemon's answers (messages/status_json.cpp): the same fields, null
// for an empty `error`. tests/system/cli_golden_test.cpp
// checks these shapes against the real daemon's, field by field.
//
// Thread safety: pure functions.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace cli_test {

/// One process's status (scripts_status item; scripts_run/stop/restart).
inline nlohmann::json canned_status(const std::string& name,
                                    const std::string& state = "running") {
  bool alive = state == "running";
  return {{"name", name},
          {"kind", "service"},
          {"command", "./" + name + ".sh"},
          {"run_id", 2},
          {"status", state},
          {"pid", alive ? nlohmann::json(4242) : nlohmann::json(nullptr)},
          {"exit_code", alive ? nlohmann::json(nullptr) : nlohmann::json(0)},
          {"signal", nullptr},
          {"start_time", "2026-11-26T10:00:00.000Z"},
          {"end_time", alive ? nlohmann::json(nullptr)
                             : nlohmann::json("2026-11-26T10:01:05.000Z")},
          {"uptime_ms", alive ? 65000 : 0},
          {"restarts", 1},
          {"ready", alive},
          {"cpu_percent", alive ? 1.5 : 0.0},
          {"rss_bytes", alive ? 3 << 20 : 0},
          {"urls", alive ? nlohmann::json::array({"http://localhost:3000"})
                         : nlohmann::json::array()},
          {"error", nullptr},
          {"restart_reason", nullptr},
          {"log_degraded", nullptr},
          {"error_count", 0},
          {"last_error", nullptr}};
}

/// A scripts_status result.
inline nlohmann::json canned_statuses(nlohmann::json processes) {
  return {{"processes", std::move(processes)},
          {"view_version", 3},
          {"view_age_ms", 1},
          {"node", "n"}};
}

/// One scripts_list item.
inline nlohmann::json canned_list_item(const std::string& name,
                                       const std::string& state = "running") {
  return {{"name", name},
          {"kind", "service"},
          {"command", "./" + name + ".sh"},
          {"running", state == "running"},
          {"status", state}};
}

/// A scripts_list result.
inline nlohmann::json canned_list(nlohmann::json processes) {
  return {{"processes", std::move(processes)}, {"view_version", 1}};
}

/// One log line of `process` (time from `seq` unless given).
inline nlohmann::json canned_line(uint64_t seq, const std::string& text,
                                  const std::string& time = "",
                                  const std::string& process = "web") {
  char t[40];
  std::snprintf(t, sizeof(t), "2026-11-26T10:00:%02u.000Z",
                static_cast<unsigned>(seq % 60));
  return {{"seq", seq},         {"time", time.empty() ? std::string{t} : time},
          {"stream", "stdout"}, {"run_id", 1},
          {"process", process}, {"text", text}};
}

/// A logs_stream result.
inline nlohmann::json canned_lines(nlohmann::json lines, uint64_t next_seq) {
  return {{"lines", std::move(lines)}, {"next_seq", next_seq}};
}

/// A logs_search result.
inline nlohmann::json canned_matches(nlohmann::json matches,
                                     uint64_t searched) {
  return {{"matches", std::move(matches)}, {"searched_lines", searched}};
}

} // namespace cli_test
