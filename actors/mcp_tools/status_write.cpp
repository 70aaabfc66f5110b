#include "actors/mcp_tools/status_write.hpp"

#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace hummel::mcp_tools {

namespace {

/// Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlong forms,
/// no surrogates, nothing past U+10FFFF, as nlohmann's decoder), or 0.
size_t utf8_length(const unsigned char* p, size_t n) {
  auto c = p[0];
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF)
    return cont(1) ? 2 : 0;
  if (c == 0xE0)
    return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED)
    return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0)
    return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3)
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4)
    return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

template <class T>
void append_int(std::string& out, T v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

/// A number as nlohmann's dump writes a double ("0.0", "12.5").
std::string double_text(double v) {
  return nlohmann::json(v).dump();
}

/// The two halves of the answer: the structured item and the text lines
/// of key_values (a field whose value is null is left out of the text).
struct writer {
  std::string& json;
  std::string text;
  bool ok = true;

  void key(std::string_view k) {
    json += '"';
    json += k;
    json += "\":";
  }
  void line(std::string_view k, std::string_view v) {
    text += k;
    text += ": ";
    text += v;
    text += '\n';
  }
  void null(std::string_view k) {
    key(k);
    json += "null,";
  }
  /// A string field; `clean`: sanitized as status_json does.
  void str(std::string_view k, std::string_view v, bool clean) {
    key(k);
    auto at = json.size();
    if (!append_json_string(json, v)) {
      if (!clean) {
        ok = false;
        return;
      }
      auto s = sanitize_utf8(v);
      json.resize(at);
      append_json_string(json, s);
      json += ',';
      line(k, s);
      return;
    }
    json += ',';
    line(k, v);
  }
  /// A string field that is null when empty.
  void opt_str(std::string_view k, std::string_view v) {
    if (v.empty())
      null(k);
    else
      str(k, v, true);
  }
  template <class T>
  void num(std::string_view k, T v) {
    key(k);
    auto at = json.size();
    append_int(json, v);
    line(k, std::string_view{json}.substr(at));
    json += ',';
  }
  template <class T>
  void opt_num(std::string_view k, bool present, T v) {
    if (present)
      num(k, v);
    else
      null(k);
  }
  void time(std::string_view k, int64_t ms) {
    if (ms <= 0)
      null(k);
    else
      str(k, iso_text(ms), false);
  }
};

} // namespace

bool append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  auto* p = reinterpret_cast<const unsigned char*>(s.data());
  auto n = s.size();
  out += '"';
  size_t i = 0;
  size_t run = 0; // start of the bytes not yet copied
  while (i < n) {
    auto c = p[i];
    if (c >= 0x80) {
      auto len = utf8_length(p + i, n - i);
      if (len == 0)
        return false;
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
    run = ++i;
  }
  out.append(s.data() + run, n - run);
  out += '"';
  return true;
}

bool write_one_status(const process_snapshot& x, int64_t now_ms,
                      std::string_view node, uint64_t version, int64_t age_ms,
                      mcp::rendered_result& out) {
  // status_table names the node only when it is "*" (every node).
  if (node == "*")
    return false;
  bool alive = is_alive(x.status);
  auto& s = out.structured;
  s.clear();
  s.reserve(512 + x.command.size());
  s += R"({"node":)";
  if (!append_json_string(s, node))
    return false;
  s += R"(,"processes":[{)";
  writer w{s, {}};
  auto status = to_string(x.status);
  w.text.reserve(256 + x.command.size());
  w.text += "1 process: 1 ";
  w.text += status;
  w.text += '\n';
  // Keys in dump's (sorted) order.
  w.str("command", x.command, true);
  w.key("cpu_percent");
  auto cpu = double_text(x.cpu_percent);
  s += cpu;
  s += ',';
  w.line("cpu_percent", cpu);
  w.time("end_time", alive ? 0 : x.end_ms);
  w.opt_str("error", x.error);
  w.num("error_count", x.error_count);
  w.opt_num("exit_code", !alive && x.exit_code >= 0, x.exit_code);
  w.str("kind", x.kind == process_kind::script ? "script" : "service", false);
  w.opt_str("last_error", x.last_error);
  w.opt_str("log_degraded", x.log_degraded);
  w.str("name", x.name, false);
  w.opt_num("pid", alive && x.pid > 0, x.pid);
  w.key("ready");
  s += x.ready ? "true," : "false,";
  w.line("ready", x.ready ? "yes" : "no");
  w.opt_str("restart_reason", x.restart_reason);
  w.num("restarts", x.restarts);
  w.num("rss_bytes", x.rss_bytes);
  w.num("run_id", x.run_id);
  w.opt_num("signal", x.signal != 0, x.signal);
  w.time("start_time", x.start_ms);
  w.str("status", status, false);
  w.num("uptime_ms", alive && x.start_ms > 0
                       ? std::max<int64_t>(0, now_ms - x.start_ms)
                       : int64_t{0});
  w.key("urls");
  s += '[';
  std::string urls;
  for (size_t i = 0; i < x.urls.size(); ++i) {
    if (i > 0) {
      s += ',';
      urls += ' ';
    }
    if (!append_json_string(s, x.urls[i]))
      return false;
    urls += x.urls[i];
  }
  s += "]}]";
  if (!x.urls.empty())
    w.line("urls", urls);
  if (!w.ok)
    return false;
  s += R"(,"view_age_ms":)";
  append_int(s, std::max<int64_t>(0, age_ms));
  s += R"(,"view_version":)";
  append_int(s, version);
  s += '}';
  out.text.clear();
  if (w.text.find('\x1B') != std::string::npos)
    return append_json_string(out.text, strip_ansi(w.text));
  return append_json_string(out.text, w.text);
}

} // namespace hummel::mcp_tools
