#include "main/cli/status_rows.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace hummel::cli {

namespace {

using nlohmann::json;

/// A string as is, another non-null value as JSON text (as `dump`).
std::optional<std::string> text_of(const json& p, const char* key) {
  auto i = p.find(key);
  if (i == p.end() || i->is_null())
    return std::nullopt;
  if (i->is_string())
    return i->get<std::string>();
  return i->dump();
}

std::optional<std::string> number_text(const json& p, const char* key) {
  auto i = p.find(key);
  if (i == p.end() || !i->is_number())
    return std::nullopt;
  return i->dump();
}

} // namespace

status_row status_row_from(const json& p) {
  status_row r;
  r.name = text_of(p, "name");
  r.status = text_of(p, "status");
  r.pid = text_of(p, "pid");
  r.exit_code = number_text(p, "exit_code");
  r.signal = number_text(p, "signal");
  r.node = text_of(p, "node");
  r.restart_reason = text_of(p, "restart_reason");
  r.log_degraded = text_of(p, "log_degraded");
  r.log_degraded_is_string = p.value("log_degraded", json()).is_string();
  r.ready = p.value("ready", false);
  r.uptime_ms = p.value("uptime_ms", int64_t{0});
  r.restarts = p.value("restarts", int64_t{0});
  r.error_count = p.value("error_count", int64_t{0});
  r.cpu_percent = p.value("cpu_percent", 0.0);
  r.rss_bytes = p.value("rss_bytes", uint64_t{0});
  if (auto u = p.find("urls"); u != p.end() && u->is_array() && !u->empty())
    r.first_url = (*u)[0].get<std::string>();
  return r;
}

std::vector<status_row> status_rows_from(const json& result) {
  std::vector<status_row> rows;
  auto columns = result.find("columns");
  auto values = result.find("rows");
  if (columns != result.end() && columns->is_array() && values != result.end()
      && values->is_array()) {
    // The compact form (mcp::meta::rows): each row as the item it stands
    // for.
    for (const auto& v : *values) {
      json item = json::object();
      for (size_t i = 0; i < columns->size() && v.is_array() && i < v.size();
           ++i)
        if ((*columns)[i].is_string())
          item[(*columns)[i].get<std::string>()] = v[i];
      rows.push_back(status_row_from(item));
    }
    return rows;
  }
  auto found = result.find("processes");
  if (found == result.end() || !found->is_array())
    return rows;
  rows.reserve(found->size());
  for (const auto& p : *found)
    rows.push_back(status_row_from(p));
  return rows;
}

status_line_kind status_rows_from_line(std::string_view line, int64_t id,
                                       std::vector<status_row>& rows) {
  rows.clear();
  auto kind = for_each_status_row(
    line, id, [&rows](const status_row& r) { rows.push_back(r); });
  if (kind != status_line_kind::rows)
    rows.clear();
  return kind;
}

} // namespace hummel::cli
