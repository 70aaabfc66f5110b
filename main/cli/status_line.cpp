#include "main/cli/status_rows.hpp"
#include "main/cli/status_values.hpp"

#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <string_view>

// The fast path of `hummel ps`: the rows of one response line from
// rapidjson's SAX events, without a tree (status_rows.hpp).

namespace hummel::cli {

using namespace status_values;

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
  explicit line_handler(const status_row_fn& each) : each_(each) {
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
    return close();
  }

  bool StartArray() {
    return open(false);
  }

  bool EndArray(rj::SizeType) {
    return close();
  }

private:
  /// Where a value is: which object or array holds it. The compact form
  /// (mcp::meta::rows) has `columns`, then `rows` of `row`s of values.
  enum class frame {
    top,
    result,
    content,
    processes,
    item,
    urls,
    columns,
    rows,
    row,
    skip
  };

  /// A value of a row ends: the next one is the next column's. A row ends
  /// with every column given.
  bool close() {
    auto was = stack_.back();
    stack_.pop_back();
    if (was == frame::item || was == frame::row) {
      if (was == frame::row && col_ != col_ids_.size())
        return false;
      each_(row_);
      return true;
    }
    if (!stack_.empty() && stack_.back() == frame::row)
      ++col_;
    return true;
  }

  /// The field of the value at hand: its column's within a row (looked up
  /// once per column, not per value).
  fid key_id() const {
    if (where() == frame::row)
      return col_ < col_ids_.size() ? col_ids_[col_] : fid::other;
    return id_of(key_);
  }

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
      if (key_ == "processes" || key_ == "columns" || key_ == "rows") {
        if (object)
          return false;
        next = key_ == "processes" ? frame::processes
               : key_ == "columns" ? frame::columns
                                   : frame::rows;
      }
      break;
    case frame::processes:
    case frame::rows:
      if (object != (stack_.back() == frame::processes))
        return false;
      row_ = status_row{};
      next = object ? frame::item : frame::row;
      col_ = 0;
      break;
    case frame::item:
    case frame::row:
      if (col_ >= col_ids_.size() && stack_.back() == frame::row)
        return false;
      if (!nested_field())
        return false;
      if (!object && key_id() == fid::urls)
        next = frame::urls;
      break;
    case frame::columns:
      return false;
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
    auto id = key_id();
    return id == fid::other || id == fid::exit_code || id == fid::signal
           || id == fid::urls;
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
      // not an array
      return key_ != "processes" && key_ != "columns" && key_ != "rows";
    case frame::processes:
    case frame::rows:
      return false; // an item that is not an object, a row not an array
    case frame::item:
      return field(kind, text, row_);
    case frame::row:
      if (col_ >= col_ids_.size() || !field(kind, text, row_))
        return false;
      ++col_;
      return true;
    case frame::columns:
      if (kind != value_kind::string)
        return false;
      col_ids_.push_back(id_of(text));
      return true;
    case frame::urls:
      if (url_seen_)
        return true;
      url_seen_ = true;
      if (kind != value_kind::string)
        return false;
      row_.first_url.emplace(text);
      return true;
    case frame::skip:
      return true;
    }
    return false;
  }

  bool field(value_kind kind, std::string_view v, status_row& r) {
    switch (key_id()) {
    case fid::name:
      return text(kind, v, r.name);
    case fid::status:
      return text(kind, v, r.status);
    case fid::pid:
      return text(kind, v, r.pid);
    case fid::exit_code:
      return number(kind, v, r.exit_code);
    case fid::signal:
      return number(kind, v, r.signal);
    case fid::node:
      return text(kind, v, r.node);
    case fid::restart_reason:
      return text(kind, v, r.restart_reason);
    case fid::log_degraded:
      r.log_degraded_is_string = kind == value_kind::string;
      return text(kind, v, r.log_degraded);
    case fid::ready:
      r.ready = kind == value_kind::yes;
      return kind == value_kind::yes || kind == value_kind::no;
    case fid::uptime_ms:
      return kind == value_kind::number && parse(v, r.uptime_ms);
    case fid::restarts:
      return kind == value_kind::number && parse(v, r.restarts);
    case fid::error_count:
      return kind == value_kind::number && parse(v, r.error_count);
    case fid::cpu_percent:
      return kind == value_kind::number && parse(v, r.cpu_percent);
    case fid::rss_bytes:
      return kind == value_kind::number && parse(v, r.rss_bytes);
    case fid::urls:
    case fid::other:
      break;
    }
    return true; // a field the table does not show (urls: not an array)
  }

  const status_row_fn& each_;
  status_row row_;
  std::vector<frame> stack_;
  std::string key_;
  std::vector<fid> col_ids_;
  size_t col_ = 0;
  std::optional<int64_t> id_;
  bool saw_method_ = false;
  bool stopped_other_ = false;
  bool saw_content_ = false;
  bool url_seen_ = false;
};

} // namespace

status_line_kind for_each_status_row(std::string_view line, int64_t id,
                                     const status_row_fn& each) {
  line_handler handler{each};
  rj::MemoryStream in{line.data(), line.size()};
  rj::Reader reader;
  constexpr unsigned flags
    = rj::kParseNumbersAsStringsFlag | rj::kParseValidateEncodingFlag;
  if (reader.Parse<flags>(in, handler))
    return handler.verdict(id);
  if (handler.stopped_for_notification())
    return status_line_kind::other;
  return status_line_kind::general;
}

} // namespace hummel::cli
