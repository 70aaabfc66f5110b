// Fields and the status filter of scripts_status and scripts_list.

#include "mcp/tools.hpp"

#include <algorithm>

namespace hummel::mcp {

namespace {

constexpr const char* every_status_field[]
  = {"name",       "kind",      "command",        "run_id",       "status",
     "ready",      "pid",       "exit_code",      "signal",       "start_time",
     "end_time",   "uptime_ms", "restarts",       "cpu_percent",  "rss_bytes",
     "urls",       "error",     "restart_reason", "log_degraded", "error_count",
     "last_error", "node"};

// What a list shows without `fields`: enough to see what runs and what
// failed; 100 processes fit in a few KB (the text table shows the same).
// (log_degraded only when the log file fails, error_count only when not
// 0: status_item and status_write leave the others out.)
constexpr const char* list_status_fields[] = {
  "name", "status", "pid", "exit_code", "error_count", "log_degraded", "node"};

constexpr const char* every_list_field[]
  = {"name", "kind", "command", "running", "status", "node"};

template <class Pred>
void keep_if(nlohmann::json& item, Pred keep) {
  if (!item.is_object())
    return;
  for (auto i = item.begin(); i != item.end();) {
    if (i.key() == "name" || keep(i.key()))
      ++i;
    else
      i = item.erase(i);
  }
}

} // namespace

std::span<const char* const> status_fields() {
  return every_status_field;
}

std::span<const char* const> status_list_fields() {
  return list_status_fields;
}

std::span<const char* const> list_fields() {
  return every_list_field;
}

void keep_fields(nlohmann::json& item, const nlohmann::json& fields) {
  if (!fields.is_array())
    return;
  keep_if(item, [&](const std::string& key) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const nlohmann::json& f) { return f == key; });
  });
}

void keep_fields(nlohmann::json& item, std::span<const char* const> fields) {
  keep_if(item, [&](const std::string& key) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const char* f) { return key == f; });
  });
}

bool status_matches(const nlohmann::json& filter, std::string_view status) {
  if (filter.is_string())
    return filter.get_ref<const std::string&>() == status;
  if (filter.is_array())
    return std::any_of(filter.begin(), filter.end(), [&](const auto& x) {
      return x.is_string()
             && x.template get_ref<const std::string&>() == status;
    });
  return true;
}

} // namespace hummel::mcp
