#include "mcp/jsonrpc.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>

// quick_parse: the plain JSON a client usually sends (objects, arrays, ASCII
// strings without escapes, integers, true, false, null), parsed without
// nlohmann's lexer, which copies every byte of every token into a buffer
// one push_back at a time (35 % of a scripts_status answer's instructions
// went to the parse, 26 % to the lexer). Anything else it leaves to
// nlohmann::json::parse, so what it builds is what nlohmann builds for the
// same text: tests/mcp/quick_parse_test.cpp compares both on generated and
// hostile texts, and the mcp_engine fuzz target on everything it finds.

namespace hummel::mcp {

using nlohmann::json;

namespace {

/// A recursive-descent reader over `text`; every member is false when the
/// text leaves what it knows (the caller then asks nlohmann).
class reader {
public:
  explicit reader(std::string_view text)
    : p_(text.data()), end_(text.data() + text.size()) {
    // nop
  }

  bool document(json& out) {
    skip_space();
    if (!value(out, 0))
      return false;
    skip_space();
    return p_ == end_;
  }

private:
  void skip_space() {
    while (p_ != end_
           && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  bool value(json& out, size_t depth) {
    if (p_ == end_)
      return false;
    switch (*p_) {
    case '{':
      return object(out, depth + 1);
    case '[':
      return array(out, depth + 1);
    case '"': {
      std::string_view s;
      if (!string(s))
        return false;
      out = std::string{s};
      return true;
    }
    case 't':
      return word("true", json(true), out);
    case 'f':
      return word("false", json(false), out);
    case 'n':
      return word("null", json(nullptr), out);
    default:
      return number(out);
    }
  }

  /// A string without escapes, control bytes or bytes above 0x7F (the
  /// quotes not included); `p_` past the closing quote.
  bool string(std::string_view& out) {
    const char* start = ++p_;
    while (p_ != end_) {
      auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view{start, static_cast<size_t>(p_ - start)};
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80)
        return false;
      ++p_;
    }
    return false;
  }

  bool word(std::string_view w, json x, json& out) {
    if (static_cast<size_t>(end_ - p_) < w.size()
        || std::memcmp(p_, w.data(), w.size()) != 0)
      return false;
    p_ += w.size();
    out = std::move(x);
    return true;
  }

  /// An integer of at most 18 digits (no overflow to think of): unsigned
  /// as nlohmann keeps a non-negative one, signed with a minus (even -0).
  bool number(json& out) {
    bool negative = *p_ == '-';
    if (negative)
      ++p_;
    const char* digits = p_;
    uint64_t v = 0;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
      v = v * 10 + static_cast<uint64_t>(*p_++ - '0');
    auto n = static_cast<size_t>(p_ - digits);
    if (n == 0 || n > 18 || (digits[0] == '0' && n > 1))
      return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E'))
      return false;
    if (negative)
      out = static_cast<json::number_integer_t>(-static_cast<int64_t>(v));
    else
      out = static_cast<json::number_unsigned_t>(v);
    return true;
  }

  bool object(json& out, size_t depth) {
    if (depth > max_depth)
      return false;
    ++p_;
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      skip_space();
      std::string_view key;
      if (p_ == end_ || *p_ != '"' || !string(key))
        return false;
      skip_space();
      if (p_ == end_ || *p_ != ':')
        return false;
      ++p_;
      skip_space();
      // A repeated key takes the last value, as nlohmann's parser does.
      if (!value(members[std::string{key}], depth))
        return false;
      skip_space();
      if (p_ == end_)
        return false;
      if (*p_ == '}') {
        ++p_;
        return true;
      }
      if (*p_++ != ',')
        return false;
    }
  }

  bool array(json& out, size_t depth) {
    if (depth > max_depth)
      return false;
    ++p_;
    out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    skip_space();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      skip_space();
      if (!value(items.emplace_back(), depth))
        return false;
      skip_space();
      if (p_ == end_)
        return false;
      if (*p_ == ']') {
        ++p_;
        return true;
      }
      if (*p_++ != ',')
        return false;
    }
  }

  const char* p_;
  const char* end_;
};

} // namespace

bool quick_parse(std::string_view text, json& out) {
  return reader{text}.document(out);
}

} // namespace hummel::mcp
