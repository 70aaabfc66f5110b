#include "mcp/jsonrpc.hpp"

#include <nlohmann/json.hpp>

namespace hummel::mcp {

using nlohmann::json;

size_t nesting_depth(std::string_view text, size_t limit) noexcept {
  size_t depth = 0;
  size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
    case '"':
      in_string = true;
      break;
    case '[':
    case '{':
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit)
          return limit + 1;
      }
      break;
    case ']':
    case '}':
      if (depth > 0)
        --depth;
      break;
    default:
      break;
    }
  }
  return deepest;
}

namespace {

/// nlohmann's parse of `text`, whose nesting the caller checked; a
/// discarded value on any error.
json parse_checked(std::string_view text) {
  try {
    return json::parse(text.begin(), text.end(), nullptr, false);
  } catch (...) {
    return json(json::value_t::discarded);
  }
}

} // namespace

parse_status parse_request(std::string_view text, json& out) {
  // quick_parse refuses what nests deeper than max_depth itself, so the
  // guard's scan (5 % of a scripts_status answer) runs only when it
  // declines.
  try {
    if (quick_parse(text, out))
      return parse_status::parsed;
  } catch (...) {
    // left to nlohmann's parse, which says what it is
  }
  if (nesting_depth(text, max_depth) > max_depth)
    return parse_status::too_deep;
  out = parse_checked(text);
  return out.is_discarded() ? parse_status::invalid : parse_status::parsed;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool is_valid_id(const json& id) noexcept {
  return id.is_string() || id.is_number_integer();
}

const json& member(const json& obj, std::string_view key) {
  static const json null_value;
  if (!obj.is_object())
    return null_value;
  auto i = obj.find(key);
  return i != obj.end() ? *i : null_value;
}

std::string string_member(const json& obj, std::string_view key) {
  const auto& x = member(obj, key);
  return x.is_string() ? x.get<std::string>() : std::string{};
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, std::string_view message,
                const json& data) {
  json err{{"code", code}, {"message", message}};
  if (!data.is_null())
    err["data"] = data;
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(err)}};
}

json make_notification(std::string_view method, json params) {
  return json{
    {"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace hummel::mcp
