#include "main/cli/protocol.hpp"

#include "mcp/protocol.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace hummel::cli {

using nlohmann::json;

namespace {

const json& member(const json& x, const char* key) {
  static const json null;
  if (!x.is_object())
    return null;
  auto i = x.find(key);
  return i == x.end() ? null : *i;
}

/// Reads exactly `n` digits at `pos`; advances `pos`.
std::optional<int> digits(std::string_view s, size_t& pos, size_t n) {
  if (pos + n > s.size())
    return std::nullopt;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9')
      return std::nullopt;
    v = v * 10 + (c - '0');
  }
  pos += n;
  return v;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c)
    return false;
  ++pos;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return true;
}

} // namespace

json make_tool_call(int64_t id, std::string_view tool, json arguments,
                    bool progress_token, bool rows) {
  if (!arguments.is_object())
    arguments = json::object();
  json meta{{mcp::meta::protocol_version, mcp::modern_version},
            {mcp::meta::client_capabilities, json::object()},
            {mcp::meta::client_info,
             {{"name", "hummel-cli"}, {"version", mcp::server_version}}}};
  // The CLI prints from structuredContent: the text's summary line is
  // enough (a listing's text table is megabytes with thousands).
  meta[mcp::meta::brief_text] = true;
  if (rows)
    meta[mcp::meta::rows] = true;
  if (progress_token)
    meta["progressToken"] = id;
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"method", "tools/call"},
              {"params",
               {{"name", tool},
                {"arguments", std::move(arguments)},
                {"_meta", std::move(meta)}}}};
}

incoming classify_line(std::string_view line) {
  incoming in;
  in.message = json::parse(line, nullptr, false);
  if (in.message.is_discarded() || !in.message.is_object()) {
    in.message = nullptr;
    return in;
  }
  const auto& m = in.message;
  if (m.contains("id") && !m.contains("method")
      && (m.contains("result") || m.contains("error")))
    in.kind = message_kind::response;
  else if (member(m, "method") == "notifications/progress")
    in.kind = message_kind::progress;
  else
    in.kind = message_kind::notification;
  return in;
}

call_result parse_tool_response(json response) {
  call_result r;
  const auto& error = member(response, "error");
  if (!error.is_null()) {
    r.exit = exit_failed;
    const auto& msg = member(error, "message");
    r.error = msg.is_string() ? msg.get<std::string>() : error.dump();
    if (const auto& code = member(error, "code"); code.is_number_integer())
      r.error = "daemon error " + code.dump() + ": " + r.error;
    return r;
  }
  const auto& result = member(response, "result");
  if (!result.is_object()) {
    r.exit = exit_failed;
    r.error = "malformed response from the daemon (no result)";
    return r;
  }
  if (member(result, "isError") == true) {
    r.exit = exit_failed;
    for (const auto& c : member(result, "content")) {
      const auto& text = member(c, "text");
      if (!text.is_string())
        continue;
      if (!r.error.empty())
        r.error += '\n';
      r.error += text.get<std::string>();
    }
    if (r.error.empty())
      r.error = "the tool failed without a message";
    return r;
  }
  const auto& sc = member(result, "structuredContent");
  if (!sc.is_object()) {
    r.exit = exit_failed;
    r.error = "malformed response from the daemon (no structuredContent)";
    return r;
  }
  // Moved, not copied: a listing of 10,000 processes is a big tree.
  r.structured = std::move(response["result"]["structuredContent"]);
  return r;
}

std::optional<json> progress_line(const json& message) {
  const auto& line
    = member(member(member(message, "params"), "_meta"), mcp::meta::log_line);
  if (!line.is_object())
    return std::nullopt;
  return line;
}

std::optional<int64_t> progress_token(const json& message) {
  const auto& t = member(member(message, "params"), "progressToken");
  if (!t.is_number_integer())
    return std::nullopt;
  return t.get<int64_t>();
}

int exit_code_for(net::client_errc code) {
  return code == net::client_errc::no_daemon ? exit_no_daemon : exit_failed;
}

std::optional<int64_t> parse_time(std::string_view s) {
  size_t pos = 0;
  std::tm tm{};
  auto y = digits(s, pos, 4);
  if (!y || !expect(s, pos, '-'))
    return std::nullopt;
  auto mo = digits(s, pos, 2);
  if (!mo || !expect(s, pos, '-'))
    return std::nullopt;
  auto d = digits(s, pos, 2);
  if (!d || pos >= s.size() || (s[pos] != 'T' && s[pos] != ' '))
    return std::nullopt;
  ++pos;
  auto h = digits(s, pos, 2);
  if (!h || !expect(s, pos, ':'))
    return std::nullopt;
  auto mi = digits(s, pos, 2);
  if (!mi)
    return std::nullopt;
  int sec = 0;
  int ms = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    auto se = digits(s, pos, 2);
    if (!se)
      return std::nullopt;
    sec = *se;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      int scale = 100;
      size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        ms += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start)
        return std::nullopt;
    }
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59
      || sec > 60)
    return std::nullopt;
  int64_t offset_min = 0;
  if (pos < s.size()) {
    char z = s[pos++];
    if (z == 'Z' || z == 'z') {
      // UTC
    } else if (z == '+' || z == '-') {
      auto oh = digits(s, pos, 2);
      if (!oh)
        return std::nullopt;
      expect(s, pos, ':');
      auto om = digits(s, pos, 2);
      if (!om || *oh > 23 || *om > 59)
        return std::nullopt;
      offset_min = (*oh * 60 + *om) * (z == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size())
    return std::nullopt;
  tm.tm_year = *y - 1900;
  tm.tm_mon = *mo - 1;
  tm.tm_mday = *d;
  tm.tm_hour = *h;
  tm.tm_min = *mi;
  tm.tm_sec = sec;
  auto t = static_cast<int64_t>(timegm(&tm));
  return (t - offset_min * 60) * 1000 + ms;
}

std::optional<since_value> parse_since(std::string_view text, int64_t now) {
  since_value v;
  if (all_digits(text)) {
    if (text.size() > 19)
      return std::nullopt;
    v.seq = std::stoull(std::string{text});
    return v;
  }
  if (text.size() >= 2 && all_digits(text.substr(0, text.size() - 1))
      && text.size() <= 10) {
    int64_t n = std::stoll(std::string{text.substr(0, text.size() - 1)});
    int64_t unit = 0;
    switch (text.back()) {
    case 's':
      unit = 1000;
      break;
    case 'm':
      unit = 60 * 1000;
      break;
    case 'h':
      unit = 3600 * 1000;
      break;
    case 'd':
      unit = 86400 * 1000;
      break;
    default:
      return std::nullopt;
    }
    v.time_ms = now - n * unit;
    return v;
  }
  if (auto t = parse_time(text)) {
    v.time_ms = *t;
    return v;
  }
  return std::nullopt;
}

std::string format_time(int64_t ms) {
  auto secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  auto rest = static_cast<int>(ms - static_cast<int64_t>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, rest);
  return buf;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
    .count();
}

void request_tracker::client_bytes(std::string_view bytes) {
  scan(client_buf_, bytes, true);
}

void request_tracker::server_bytes(std::string_view bytes) {
  scan(server_buf_, bytes, false);
}

size_t request_tracker::outstanding() const noexcept {
  return open_.size();
}

void request_tracker::scan(std::string& buf, std::string_view bytes,
                           bool from_client) {
  // A line longer than the daemon takes is not tracked (the daemon answers
  // it with an error whose id is null): skipped up to its end, never held.
  auto& skipping = from_client ? skip_client_ : skip_server_;
  if (skipping) {
    auto nl = bytes.find('\n');
    if (nl == std::string_view::npos)
      return;
    skipping = false;
    bytes.remove_prefix(nl + 1);
  }
  auto fresh = buf.size();
  buf.append(bytes);
  size_t start = 0;
  for (auto nl = buf.find('\n', fresh); nl != std::string::npos;
       nl = buf.find('\n', nl + 1)) {
    line(std::string_view{buf}.substr(start, nl - start), from_client);
    start = nl + 1;
  }
  buf.erase(0, start);
  if (buf.size() > (from_client ? max_tracked_line : 16 * max_tracked_line)) {
    buf.clear();
    skipping = true;
  }
}

void request_tracker::line(std::string_view text, bool from_client) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    return;
  auto one = [&](const json& m) {
    if (!m.is_object())
      return;
    // A cancelled request gets no response: stop waiting for it.
    if (from_client && m.value("method", "") == "notifications/cancelled") {
      auto params = m.find("params");
      if (params != m.end() && params->is_object()
          && params->contains("requestId"))
        open_.erase((*params)["requestId"].dump());
      return;
    }
    auto id = m.find("id");
    if (id == m.end() || id->is_null())
      return;
    bool request = m.contains("method");
    if (from_client && request)
      open_.insert(id->dump());
    else if (!from_client && !request)
      open_.erase(id->dump());
  };
  if (j.is_array())
    for (const auto& m : j)
      one(m);
  else
    one(j);
}

bool want_color(bool is_tty, const char* no_color) {
  return is_tty && (no_color == nullptr || *no_color == '\0');
}

bool want_color(std::string_view when, bool is_tty, const char* no_color) {
  if (when == "always")
    return true;
  if (when == "never")
    return false;
  return want_color(is_tty, no_color);
}

} // namespace hummel::cli
