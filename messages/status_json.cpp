#include "messages/status_json.hpp"

#include "logs/text.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace hummel {

nlohmann::json iso_time(int64_t ms) {
  if (ms <= 0)
    return nullptr;
  return iso_text(ms);
}

std::string iso_text(int64_t ms) {
  // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil,
  // inverted), without the C library's locale and time zone machinery.
  int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
  int64_t rest = ms - days * 86'400'000;
  int64_t z = days + 719'468;
  int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  auto doe = static_cast<unsigned>(z - era * 146'097);
  unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  int64_t year = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned day = doy - (153 * mp + 2) / 5 + 1;
  unsigned month = mp < 10 ? mp + 3 : mp - 9;
  year += month <= 2 ? 1 : 0;
  auto h = static_cast<unsigned>(rest / 3'600'000);
  auto mi = static_cast<unsigned>(rest / 60'000 % 60);
  auto sec = static_cast<unsigned>(rest / 1000 % 60);
  auto milli = static_cast<unsigned>(rest % 1000);
  if (year < 0 || year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                  static_cast<long long>(year), month, day, h, mi, sec, milli);
    return std::string{buf};
  }
  // The digits by hand: snprintf's format parsing and locale lookup were
  // 3 % of a scripts_status request's CPU on the io thread.
  struct part {
    unsigned value;
    unsigned digits;
    char after;
  };
  const part parts[] = {{static_cast<unsigned>(year), 4, '-'},
                        {month, 2, '-'},
                        {day, 2, 'T'},
                        {h, 2, ':'},
                        {mi, 2, ':'},
                        {sec, 2, '.'},
                        {milli, 3, 'Z'}};
  std::string out;
  out.reserve(24);
  for (auto [value, digits, after] : parts) {
    char buf[4];
    for (auto i = digits; i > 0; --i, value /= 10)
      buf[i - 1] = static_cast<char>('0' + value % 10);
    out.append(buf, digits);
    out += after;
  }
  return out;
}

nlohmann::json status_json(const process_snapshot& x, int64_t now_ms) {
  bool alive = is_alive(x.status);
  return {
    {"name", x.name},
    {"kind", x.kind == process_kind::script ? "script" : "service"},
    {"command", sanitize_utf8(x.command)},
    {"run_id", x.run_id},
    {"status", std::string{to_string(x.status)}},
    {"pid", alive && x.pid > 0 ? nlohmann::json(x.pid) : nlohmann::json()},
    {"exit_code", !alive && x.exit_code >= 0 ? nlohmann::json(x.exit_code)
                                             : nlohmann::json()},
    {"signal", x.signal != 0 ? nlohmann::json(x.signal) : nlohmann::json()},
    {"start_time", iso_time(x.start_ms)},
    {"end_time", alive ? nlohmann::json() : iso_time(x.end_ms)},
    {"uptime_ms",
     alive && x.start_ms > 0 ? std::max<int64_t>(0, now_ms - x.start_ms) : 0},
    {"restarts", x.restarts},
    {"ready", x.ready},
    {"cpu_percent", x.cpu_percent},
    {"rss_bytes", x.rss_bytes},
    {"urls", x.urls},
    {"error", x.error.empty() ? nlohmann::json()
                              : nlohmann::json(sanitize_utf8(x.error))},
    {"restart_reason", x.restart_reason.empty()
                         ? nlohmann::json()
                         : nlohmann::json(sanitize_utf8(x.restart_reason))},
    {"log_degraded", x.log_degraded.empty()
                       ? nlohmann::json()
                       : nlohmann::json(sanitize_utf8(x.log_degraded))},
    {"error_count", x.error_count},
    {"last_error", x.last_error.empty()
                     ? nlohmann::json()
                     : nlohmann::json(sanitize_utf8(x.last_error))},
  };
}

nlohmann::json list_item_json(const process_snapshot& x) {
  return {
    {"name", x.name},
    {"kind", x.kind == process_kind::script ? "script" : "service"},
    {"command", sanitize_utf8(x.command)},
    {"running", is_alive(x.status)},
    {"status", std::string{to_string(x.status)}},
  };
}

nlohmann::json line_json(const log_line& x, const std::string& process) {
  return {
    {"seq", x.seq},
    {"time", iso_time(x.time_ms)},
    {"stream", stream_name(x.stream)},
    {"run_id", x.run_id},
    {"process", process},
    {"text", sanitize_utf8(x.text)},
  };
}

nlohmann::json view_json(const status_view& v, int64_t now_ms) {
  auto procs = nlohmann::json::array();
  v.processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      procs.push_back(status_json(*x, now_ms));
  });
  return {
    {"processes", std::move(procs)},
    {"view_version", v.version},
    {"view_age_ms", std::max<int64_t>(0, now_ms - v.built_ms)},
    {"node", v.node},
  };
}

} // namespace hummel
