#include "actors/mcp_tools/status_write.hpp"

#include "actors/mcp_tools/status_item.hpp"
#include "common/prefault.hpp"
#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <vector>

// The JSON half of the direct writer; the text half is status_text.cpp.

namespace hummel::mcp_tools {

using namespace detail;

namespace {

template <class T>
void append_int(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

/// A double as nlohmann's dump writes it (its own shortest round-trip
/// form; null when not finite), without a serializer per number.
std::string float_text(double v) {
  if (!std::isfinite(v))
    return "null";
  if (v == 0.0 && !std::signbit(v))
    return "0.0";
  char buf[64];
  auto* end = nlohmann::detail::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, end);
}

/// Writes one item's object (or its row of values) into `json`, and its
/// cells into `it` unless only its status is counted (a brief text).
class item_writer {
public:
  item_writer(std::string& json, item& it, const status_shape& shape)
    : json_(json), it_(it), rows_(shape.rows), cells_(!shape.brief_text) {
    // nop
  }

  bool ok = true;

  void null(field f) {
    key(f);
    json_ += "null";
    it_.nulls |= bit(f);
  }
  /// A string value; `clean`: sanitized as status_json does.
  void str(field f, std::string_view v, bool clean) {
    key(f);
    auto at = json_.size();
    if (append_json_string(json_, v)) {
      if (cells_ || f == f_status)
        it_.cell[f] = v;
      return;
    }
    if (!clean) {
      ok = false;
      return;
    }
    auto s = sanitize_utf8(v);
    json_.resize(at);
    append_json_string(json_, s);
    it_.cell[f] = std::move(s);
  }
  /// A string that is null when empty.
  void opt_str(field f, std::string_view v) {
    if (v.empty())
      null(f);
    else
      str(f, v, true);
  }
  /// A value already written as JSON (a number, true, false).
  void raw(field f, std::string_view text) {
    key(f);
    json_ += text;
    if (cells_)
      it_.cell[f] = text;
  }
  /// An integer, written once: its cell is a copy of what was written.
  template <class T>
  void number(field f, T v) {
    key(f);
    auto at = json_.size();
    append_int(json_, v);
    if (cells_)
      it_.cell[f].assign(json_, at);
  }
  void time(field f, int64_t ms) {
    if (ms <= 0)
      null(f);
    else
      str(f, iso_text(ms), false);
  }
  void urls(const std::vector<std::string>& xs) {
    key(f_urls);
    json_ += '[';
    for (size_t i = 0; i < xs.size(); ++i) {
      if (i > 0)
        json_ += ',';
      if (!append_json_string(json_, xs[i]))
        ok = false;
    }
    json_ += ']';
    if (!cells_)
      return;
    auto& joined = it_.cell[f_urls];
    for (size_t i = 0; i < xs.size(); ++i) {
      if (i > 0)
        joined += ' ';
      joined += xs[i];
    }
  }

private:
  void key(field f) {
    it_.present |= bit(f);
    if (rows_) {
      if (!first_)
        json_ += ',';
      first_ = false;
      return;
    }
    // `,"name":` in one append (three appends were half of key's cost).
    static const auto keys = [] {
      std::array<std::string, n_fields> out;
      for (unsigned i = 0; i < n_fields; ++i)
        out[i] = ",\"" + std::string{field_names[i]} + "\":";
      return out;
    }();
    std::string_view k = keys[f];
    json_ += first_ ? k.substr(1) : k;
    first_ = false;
  }

  std::string& json_;
  item& it_;
  bool rows_;
  bool cells_;
  bool first_ = true;
};

/// Writes the item of `x` with the fields of `shape` (status_json, then
/// keep_fields) into `json`; its cells into `it`.
bool write_item(std::string& json, const process_snapshot& x,
                const status_shape& shape, int64_t now, item& it) {
  it.x = &x;
  bool alive = is_alive(x.status);
  auto mask = shape.fields | bit(f_name);
  if (shape.list_set_only && !shape.rows) {
    if (x.log_degraded.empty())
      mask &= ~bit(f_log_degraded);
    if (x.error_count == 0)
      mask &= ~bit(f_error_count);
  }
  item_writer w{json, it, shape};
  json += shape.rows ? '[' : '{';
  for (unsigned i = 0; i < n_fields; ++i) {
    auto f = static_cast<field>(i);
    if ((mask & bit(f)) == 0)
      continue;
    switch (f) {
    case f_command:
      w.str(f, x.command, true);
      break;
    case f_cpu_percent:
      w.raw(f, float_text(x.cpu_percent));
      break;
    case f_end_time:
      w.time(f, alive ? 0 : x.end_ms);
      break;
    case f_error:
      w.opt_str(f, x.error);
      break;
    case f_error_count:
      w.number(f, x.error_count);
      break;
    case f_exit_code:
      if (!alive && x.exit_code >= 0)
        w.number(f, x.exit_code);
      else
        w.null(f);
      break;
    case f_kind:
      w.str(f, x.kind == process_kind::script ? "script" : "service", false);
      break;
    case f_last_error:
      w.opt_str(f, x.last_error);
      break;
    case f_log_degraded:
      w.opt_str(f, x.log_degraded);
      break;
    case f_name:
      w.str(f, x.name, false);
      break;
    case f_pid:
      if (alive && x.pid > 0)
        w.number(f, x.pid);
      else
        w.null(f);
      break;
    case f_ready:
      w.raw(f, x.ready ? "true" : "false");
      if (!shape.brief_text)
        it.cell[f] = x.ready ? "yes" : "no";
      break;
    case f_restart_reason:
      w.opt_str(f, x.restart_reason);
      break;
    case f_restarts:
      w.number(f, x.restarts);
      break;
    case f_rss_bytes:
      w.number(f, x.rss_bytes);
      break;
    case f_run_id:
      w.number(f, x.run_id);
      break;
    case f_signal:
      if (x.signal != 0)
        w.number(f, x.signal);
      else
        w.null(f);
      break;
    case f_start_time:
      w.time(f, x.start_ms);
      break;
    case f_status:
      w.str(f, to_string(x.status), false);
      break;
    case f_uptime_ms:
      it.uptime = alive && x.start_ms > 0
                    ? std::max<int64_t>(0, now - x.start_ms)
                    : int64_t{0};
      w.number(f, it.uptime);
      break;
    case f_urls:
      w.urls(x.urls);
      break;
    case n_fields:
      break;
    }
  }
  json += shape.rows ? ']' : '}';
  return w.ok;
}

} // namespace

field_mask every_field() noexcept {
  return (field_mask{1} << n_fields) - 1;
}

field_mask list_fields() noexcept {
  return bit(f_name) | bit(f_status) | bit(f_pid) | bit(f_exit_code)
         | bit(f_error_count) | bit(f_log_degraded);
}

field_mask field_bit(std::string_view name) noexcept {
  for (unsigned i = 0; i < n_fields; ++i)
    if (field_names[i] == name)
      return bit(static_cast<field>(i));
  return 0;
}

bool write_status(std::span<const process_snapshot* const> xs,
                  const status_shape& shape, int64_t now_ms,
                  std::string_view node, uint64_t version, int64_t age_ms,
                  mcp::rendered_result& out) {
  // status_table names the node only when it is "*" (every node).
  if (node == "*")
    return false;
  auto& s = out.structured;
  s.clear();
  // Enough for the usual item at once: each doubling on the way copied
  // the listing so far and faulted in fresh pages (a listing of 5,000 is
  // 1.4 MB); a big one is mapped in one call (common/prefault.hpp). Not
  // much more: every page reserved is mapped, and stays in the daemon's
  // RSS until the allocator gives it back (`hummel ps` of 10,000: 16 bytes
  // a field as an object, 5 in a row; 28 a field had grown the RSS by 6
  // MB over 40 listings).
  auto counted = shape.fields | bit(f_name);
  if (shape.list_set_only) // written for the few processes that have them
    counted &= ~(bit(f_error_count) | bit(f_log_degraded));
  auto fields = static_cast<size_t>(std::popcount(counted));
  auto per_item = shape.rows ? 16 + 6 * fields : 32 + 18 * fields;
  reserve_prefaulted(s, 64 + xs.size() * per_item);
  if (shape.rows) {
    s += R"({"columns":[)";
    auto mask = shape.fields | bit(f_name);
    const char* sep = "\"";
    for (unsigned i = 0; i < n_fields; ++i) {
      if ((mask & bit(static_cast<field>(i))) == 0)
        continue;
      s += sep;
      s += field_names[i];
      s += '"';
      sep = ",\"";
    }
    s += R"(],"node":)";
  } else {
    s += R"({"node":)";
  }
  if (!append_json_string(s, node))
    return false;
  s += shape.rows ? R"(,"rows":[)" : R"(,"processes":[)";
  // The text's cells of every item are kept for the table; a brief text
  // (`hummel ps`) needs only the statuses counted, so one item is reused:
  // 5,000 items of 22 cells each were 3.6 MB to build and fault in.
  std::vector<item> items(shape.brief_text ? 0 : xs.size());
  item one;
  status_tally tally;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i > 0)
      s += ',';
    if (shape.brief_text)
      one.reset();
    auto& it = shape.brief_text ? one : items[i];
    if (!write_item(s, *xs[i], shape, now_ms, it))
      return false;
    if (shape.brief_text)
      tally_status(tally, it);
  }
  s += R"(],"view_age_ms":)";
  append_int(s, std::max<int64_t>(0, age_ms));
  s += R"(,"view_version":)";
  append_int(s, version);
  s += '}';
  auto text = shape.brief_text ? status_summary(xs.size(), tally)
                               : status_text(items, false);
  out.text.clear();
  // Room for the quotes and a few escapes at once: grown by appends, the
  // text was copied five times on its way to 300 bytes.
  out.text.reserve(text.size() + text.size() / 8 + 16);
  if (text.find('\x1B') != std::string::npos)
    return append_json_string(out.text, strip_ansi(text));
  return append_json_string(out.text, text);
}

} // namespace hummel::mcp_tools
