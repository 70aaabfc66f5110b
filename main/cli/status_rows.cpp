#include "main/cli/status_rows.hpp"

#include <nlohmann/json.hpp>

#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
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

namespace rj = rapidjson;

/// rapidjson's SAX events for one response line, kept to the fields the
/// table shows. A handler that returns false stops the parse: the line is
/// then not what this path expects, and the caller reads it the general way
/// (or skips it, when `kind` says it is a notification). Numbers arrive as
/// their text (kParseNumbersAsStringsFlag), so a whole number is shown as
/// the daemon wrote it and a fraction where a count belongs is refused.
class line_handler : public rj::BaseReaderHandler<rj::UTF8<>, line_handler> {
public:
  explicit line_handler(std::vector<status_row>& rows) : rows_(rows) {
    // nop
  }

  /// What the whole line held, once the parse has finished without error.
  status_line_kind verdict(int64_t id) const {
    if (saw_method_ || id_ != id || !saw_content_)
      return status_line_kind::general;
    return status_line_kind::rows;
  }

  /// Set when the handler stopped the parse because the line is a
  /// notification (a method and no id so far).
  bool stopped_for_notification() const {
    return stopped_other_;
  }

  // -- rapidjson's handler interface ----------------------------------------

  bool Null() {
    return scalar(value_kind::null, {});
  }

  bool Bool(bool b) {
    return scalar(b ? value_kind::yes : value_kind::no, {});
  }

  bool RawNumber(const char* s, rj::SizeType n, bool) {
    return scalar(value_kind::number, {s, n});
  }

  bool String(const char* s, rj::SizeType n, bool) {
    return scalar(value_kind::string, {s, n});
  }

  bool Key(const char* s, rj::SizeType n, bool) {
    // A copy: the reader parses the next string or number into the same
    // buffer (every key the table reads fits the string's own storage).
    key_.assign(s, n);
    if (where() == frame::top && key_ == "method") {
      saw_method_ = true;
      stopped_other_ = !id_;
      return id_.has_value(); // no id: a notification, nothing more to read
    }
    return true;
  }

  bool StartObject() {
    return open(true);
  }

  bool EndObject(rj::SizeType) {
    stack_.pop_back();
    return true;
  }

  bool StartArray() {
    return open(false);
  }

  bool EndArray(rj::SizeType) {
    stack_.pop_back();
    return true;
  }

private:
  /// Where a value is: which object or array holds it.
  enum class frame { top, result, content, processes, item, urls, skip };

  enum class value_kind { null, yes, no, number, string };

  frame where() const {
    return stack_.empty() ? frame::top : stack_.back();
  }

  /// An object or array begins: what it is follows from where it is.
  bool open(bool object) {
    if (stack_.empty()) {
      // The line itself: only an object is a response.
      stack_.push_back(object ? frame::top : frame::skip);
      return object;
    }
    auto next = frame::skip;
    switch (stack_.back()) {
    case frame::top:
      if (key_ == "result") {
        if (!object)
          return false;
        next = frame::result;
      } else if (key_ == "error" || key_ == "id") {
        return false;
      }
      break;
    case frame::result:
      if (key_ == "structuredContent") {
        if (!object)
          return false;
        saw_content_ = true;
        next = frame::content;
      } else if (key_ == "isError") {
        return false;
      }
      break;
    case frame::content:
      if (key_ == "processes") {
        if (object)
          return false;
        next = frame::processes;
      }
      break;
    case frame::processes:
      if (!object)
        return false;
      rows_.emplace_back();
      next = frame::item;
      break;
    case frame::item:
      if (!nested_field())
        return false;
      if (!object && key_ == "urls")
        next = frame::urls;
      break;
    case frame::urls:
      if (!url_seen_)
        return false; // urls[0] must be a string
      break;
    case frame::skip:
      break;
    }
    if (next == frame::urls)
      url_seen_ = false;
    stack_.push_back(next);
    return true;
  }

  /// An object or array as the value of an item's field: fine where the
  /// table shows no value of that kind (exit_code and signal show only a
  /// number, urls only an array's first string), not for a shown field.
  bool nested_field() const {
    static constexpr std::string_view shown[]
      = {"name",      "status",         "pid",
         "node",      "ready",          "uptime_ms",
         "restarts",  "error_count",    "cpu_percent",
         "rss_bytes", "restart_reason", "log_degraded"};
    for (auto k : shown)
      if (key_ == k)
        return false;
    return true;
  }

  bool scalar(value_kind kind, std::string_view text) {
    switch (where()) {
    case frame::top:
      if (key_ == "id")
        return kind == value_kind::number && parse(text, id_);
      return key_ != "error";
    case frame::result:
      if (key_ == "isError")
        return kind == value_kind::no;
      if (key_ == "structuredContent")
        return false;
      return true;
    case frame::content:
      return key_ != "processes"; // not an array
    case frame::processes:
      return false; // an item that is not an object
    case frame::item:
      return field(kind, text, rows_.back());
    case frame::urls:
      if (url_seen_)
        return true;
      url_seen_ = true;
      if (kind != value_kind::string)
        return false;
      rows_.back().first_url.emplace(text);
      return true;
    case frame::skip:
      return true;
    }
    return false;
  }

  bool field(value_kind kind, std::string_view v, status_row& r) {
    if (key_ == "name")
      return text(kind, v, r.name);
    if (key_ == "status")
      return text(kind, v, r.status);
    if (key_ == "pid")
      return text(kind, v, r.pid);
    if (key_ == "exit_code")
      return number(kind, v, r.exit_code);
    if (key_ == "signal")
      return number(kind, v, r.signal);
    if (key_ == "node")
      return text(kind, v, r.node);
    if (key_ == "restart_reason")
      return text(kind, v, r.restart_reason);
    if (key_ == "log_degraded") {
      r.log_degraded_is_string = kind == value_kind::string;
      return text(kind, v, r.log_degraded);
    }
    if (key_ == "ready") {
      r.ready = kind == value_kind::yes;
      return kind == value_kind::yes || kind == value_kind::no;
    }
    if (key_ == "uptime_ms")
      return kind == value_kind::number && parse(v, r.uptime_ms);
    if (key_ == "restarts")
      return kind == value_kind::number && parse(v, r.restarts);
    if (key_ == "error_count")
      return kind == value_kind::number && parse(v, r.error_count);
    if (key_ == "cpu_percent")
      return kind == value_kind::number && parse(v, r.cpu_percent);
    if (key_ == "rss_bytes")
      return kind == value_kind::number && parse(v, r.rss_bytes);
    return true; // a field the table does not show (urls: not an array)
  }

  /// The whole text is one number of type T (a fraction or an exponent
  /// fails for an integer type, as does a value out of its range).
  template <class T>
  static bool parse(std::string_view v, T& out) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc{} && end == v.data() + v.size();
  }

  template <class T>
  static bool parse(std::string_view v, std::optional<T>& out) {
    T x{};
    if (!parse(v, x))
      return false;
    out = x;
    return true;
  }

  static bool is_integer(std::string_view v) {
    return v.find_first_of(".eE") == std::string_view::npos;
  }

  /// A string as is, a whole number as its text, null as nullopt; false
  /// for anything else (the general path dumps it).
  static bool text(value_kind kind, std::string_view v,
                   std::optional<std::string>& out) {
    switch (kind) {
    case value_kind::null:
      out.reset();
      return true;
    case value_kind::string:
      out.emplace(v);
      return true;
    case value_kind::number:
      if (!is_integer(v))
        return false;
      out.emplace(v);
      return true;
    default:
      return false;
    }
  }

  /// exit_code and signal: only a number counts, and only a whole one.
  static bool number(value_kind kind, std::string_view v,
                     std::optional<std::string>& out) {
    out.reset();
    if (kind != value_kind::number)
      return true;
    if (!is_integer(v))
      return false;
    out.emplace(v);
    return true;
  }

  std::vector<status_row>& rows_;
  std::vector<frame> stack_;
  std::string key_;
  std::optional<int64_t> id_;
  bool saw_method_ = false;
  bool stopped_other_ = false;
  bool saw_content_ = false;
  bool url_seen_ = false;
};

} // namespace

status_line_kind status_rows_from_line(std::string& line, int64_t id,
                                       std::vector<status_row>& rows) {
  rows.clear();
  // An item is at least ~100 bytes of the line: room for all of them at
  // once instead of copying the rows at each doubling.
  rows.reserve(line.size() / 100);
  line_handler handler{rows};
  rj::MemoryStream in{line.data(), line.size()};
  rj::Reader reader;
  constexpr unsigned flags
    = rj::kParseNumbersAsStringsFlag | rj::kParseValidateEncodingFlag;
  auto kind = status_line_kind::general;
  if (reader.Parse<flags>(in, handler))
    kind = handler.verdict(id);
  else if (handler.stopped_for_notification())
    kind = status_line_kind::other;
  if (kind != status_line_kind::rows)
    rows.clear();
  return kind;
}

} // namespace hummel::cli
