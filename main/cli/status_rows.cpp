#include "main/cli/status_rows.hpp"

#include <nlohmann/json.hpp>

#include <simdjson.h>

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
  auto found = result.find("processes");
  if (found == result.end() || !found->is_array())
    return rows;
  rows.reserve(found->size());
  for (const auto& p : *found)
    rows.push_back(status_row_from(p));
  return rows;
}

namespace {

namespace od = simdjson::ondemand;

/// Thrown nowhere: every step returns false when the line is not what the
/// fast path expects, and the caller reads it the general way.
class line_reader {
public:
  explicit line_reader(std::vector<status_row>& rows) : rows_(rows) {
    // nop
  }

  status_line_kind read(std::string& line, int64_t id) {
    if (line.capacity() < line.size() + simdjson::SIMDJSON_PADDING)
      line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    simdjson::padded_string_view in{line.data(), line.size(), line.capacity()};
    od::parser parser;
    od::document doc;
    od::object top;
    if (parser.iterate(in).get(doc) || doc.get_object().get(top))
      return status_line_kind::general;
    std::optional<int64_t> seen_id;
    for (auto field : top) {
      std::string_view key;
      if (field.unescaped_key().get(key))
        return status_line_kind::general;
      if (key == "method")
        return seen_id ? status_line_kind::general : status_line_kind::other;
      if (key == "id") {
        int64_t x = 0;
        if (field.value().get_int64().get(x) || x != id)
          return status_line_kind::general;
        seen_id = x;
      } else if (key == "result") {
        od::object result;
        if (!seen_id || field.value().get_object().get(result)
            || !read_result(result))
          return status_line_kind::general;
        return status_line_kind::rows;
      } else if (key == "error") {
        return status_line_kind::general;
      }
    }
    return status_line_kind::general;
  }

private:
  bool read_result(od::object& result) {
    for (auto field : result) {
      std::string_view key;
      if (field.unescaped_key().get(key))
        return false;
      if (key == "isError") {
        bool failed = false;
        if (field.value().get_bool().get(failed) || failed)
          return false;
      } else if (key == "structuredContent") {
        od::object sc;
        if (field.value().get_object().get(sc))
          return false;
        for (auto inner : sc) {
          std::string_view k;
          if (inner.unescaped_key().get(k))
            return false;
          if (k != "processes")
            continue;
          od::array procs;
          if (inner.value().get_array().get(procs))
            return false;
          for (auto p : procs) {
            od::object item;
            if (p.get_object().get(item) || !read_item(item))
              return false;
          }
          return true;
        }
        return true; // no processes: an empty table
      }
    }
    return false;
  }

  /// A string as is, a whole number as its text, null as nullopt; false
  /// for anything else (the general path dumps it).
  static bool text(od::value v, std::optional<std::string>& out) {
    od::json_type t;
    if (v.type().get(t))
      return false;
    if (t == od::json_type::null) {
      out.reset();
      return !v.is_null().error();
    }
    if (t == od::json_type::string) {
      std::string_view s;
      if (v.get_string().get(s))
        return false;
      out.emplace(s);
      return true;
    }
    return t == od::json_type::number && whole_number(v, out);
  }

  static bool whole_number(od::value v, std::optional<std::string>& out) {
    od::number_type nt;
    if (v.get_number_type().get(nt)
        || nt == od::number_type::floating_point_number)
      return false;
    std::string_view raw = v.raw_json_token();
    while (!raw.empty()
           && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r'
               || raw.back() == '\t'))
      raw.remove_suffix(1);
    out.emplace(raw);
    return true;
  }

  /// exit_code and signal: only a number counts.
  static bool number(od::value v, std::optional<std::string>& out) {
    od::json_type t;
    if (v.type().get(t))
      return false;
    out.reset();
    if (t == od::json_type::number)
      return whole_number(v, out);
    return true;
  }

  bool read_item(od::object& item) {
    auto& r = rows_.emplace_back();
    for (auto field : item) {
      std::string_view key;
      if (field.unescaped_key().get(key))
        return false;
      od::value v;
      if (field.value().get(v))
        return false;
      if (!read_field(key, v, r))
        return false;
    }
    return true;
  }

  static bool read_field(std::string_view key, od::value& v, status_row& r) {
    if (key == "name")
      return text(v, r.name);
    if (key == "status")
      return text(v, r.status);
    if (key == "pid")
      return text(v, r.pid);
    if (key == "exit_code")
      return number(v, r.exit_code);
    if (key == "signal")
      return number(v, r.signal);
    if (key == "node")
      return text(v, r.node);
    if (key == "restart_reason")
      return text(v, r.restart_reason);
    if (key == "log_degraded") {
      od::json_type t;
      if (v.type().get(t))
        return false;
      r.log_degraded_is_string = t == od::json_type::string;
      return text(v, r.log_degraded);
    }
    if (key == "ready")
      return !v.get_bool().get(r.ready);
    if (key == "uptime_ms")
      return !v.get_int64().get(r.uptime_ms);
    if (key == "restarts")
      return !v.get_int64().get(r.restarts);
    if (key == "error_count")
      return !v.get_int64().get(r.error_count);
    if (key == "cpu_percent")
      return !v.get_double().get(r.cpu_percent);
    if (key == "rss_bytes")
      return !v.get_uint64().get(r.rss_bytes);
    if (key == "urls")
      return first_url(v, r.first_url);
    return true; // a field the table does not show
  }

  static bool first_url(od::value& v, std::optional<std::string>& out) {
    od::json_type t;
    if (v.type().get(t))
      return false;
    if (t != od::json_type::array)
      return true;
    od::array urls;
    if (v.get_array().get(urls))
      return false;
    for (auto u : urls) {
      std::string_view s;
      if (u.get_string().get(s))
        return false; // the general path fails on it the same way
      out.emplace(s);
      break;
    }
    return true;
  }

  std::vector<status_row>& rows_;
};

} // namespace

status_line_kind status_rows_from_line(std::string& line, int64_t id,
                                       std::vector<status_row>& rows) {
  rows.clear();
  // An item is at least ~100 bytes of the line: room for all of them at
  // once instead of copying the rows at each doubling.
  rows.reserve(line.size() / 100);
  auto kind = line_reader{rows}.read(line, id);
  if (kind != status_line_kind::rows)
    rows.clear();
  return kind;
}

} // namespace hummel::cli
