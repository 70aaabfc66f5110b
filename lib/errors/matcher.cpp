#include "errors/matcher.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace hummel::errors {

using json = nlohmann::json;

std::string_view to_string(severity s) noexcept {
  switch (s) {
  case severity::error:
    return "error";
  case severity::warning:
    return "warning";
  case severity::info:
    return "info";
  }
  return "error";
}

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
      return false;
  return true;
}

/// Throws a message for `where`; caught once in parse_matchers.
[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

int group_number(const json& obj, const char* key, const std::string& where) {
  auto i = obj.find(key);
  if (i == obj.end())
    return 0;
  if (!i->is_number_integer() || i->get<int64_t>() < 0
      || i->get<int64_t>() > 64)
    fail(where,
         std::string{"\""} + key + "\" must be a capture group number (0-64)");
  return i->get<int>();
}

line_pattern read_line(const json& obj, const std::string& where) {
  if (!obj.is_object())
    fail(where, "must be an object with \"regexp\"");
  auto re = obj.find("regexp");
  if (re == obj.end() || !re->is_string() || re->get<std::string>().empty())
    fail(where, "\"regexp\" must be a non-empty string");
  line_pattern lp;
  lp.regexp = re->get<std::string>();
  lp.file = group_number(obj, "file", where);
  lp.line = group_number(obj, "line", where);
  lp.column = group_number(obj, "column", where);
  lp.location = group_number(obj, "location", where);
  lp.severity = group_number(obj, "severity", where);
  lp.code = group_number(obj, "code", where);
  lp.message = group_number(obj, "message", where);
  if (auto l = obj.find("loop"); l != obj.end()) {
    if (!l->is_boolean())
      fail(where, "\"loop\" must be true or false");
    lp.loop = l->get<bool>();
  }
  if (auto l = obj.find("context"); l != obj.end()) {
    if (!l->is_boolean())
      fail(where, "\"context\" must be true or false");
    lp.context = l->get<bool>();
  }
  if (auto l = obj.find("take"); l != obj.end()) {
    if (!l->is_string() || (*l != "first" && *l != "last" && *l != "fallback"))
      fail(where, "\"take\" must be \"first\", \"last\" or \"fallback\"");
    lp.last_wins = *l == "last";
    lp.fallback = *l == "fallback";
  }
  return lp;
}

std::vector<line_pattern> read_lines(const json& value,
                                     const std::string& where) {
  std::vector<line_pattern> out;
  if (value.is_object()) {
    out.push_back(read_line(value, where + " pattern 1"));
    return out;
  }
  if (!value.is_array() || value.empty())
    fail(where, "must be an object or a non-empty array");
  for (size_t i = 0; i < value.size(); ++i)
    out.push_back(read_line(value[i], where + " " + std::to_string(i + 1)));
  return out;
}

void read_extension(const json& ext, matcher& m, const std::string& where) {
  if (!ext.is_object())
    fail(where, "\"hummel\" must be an object");
  if (auto k = ext.find("kind"); k != ext.end()) {
    if (!k->is_string() || k->get<std::string>().empty())
      fail(where, "\"hummel.kind\" must be a non-empty string");
    m.kind = k->get<std::string>();
  }
  if (auto f = ext.find("follow"); f != ext.end())
    m.follow = read_lines(*f, where + " follow");
  if (auto c = ext.find("close"); c != ext.end())
    m.close = read_line(*c, where + " close");
  if (auto r = ext.find("resume"); r != ext.end()) {
    if (!r->is_string() || r->get<std::string>().empty())
      fail(where, "\"hummel.resume\" must be a non-empty regexp");
    m.resume = r->get<std::string>();
  }
  if (auto r = ext.find("tail"); r != ext.end()) {
    if (!r->is_string() || r->get<std::string>().empty())
      fail(where, "\"hummel.tail\" must be a non-empty regexp");
    m.tail = r->get<std::string>();
  }
  if (auto r = ext.find("stop"); r != ext.end()) {
    if (!r->is_string() || r->get<std::string>().empty())
      fail(where, "\"hummel.stop\" must be a non-empty regexp");
    m.stop = r->get<std::string>();
  }
  if (auto r = ext.find("hold"); r != ext.end()) {
    if (!r->is_string() || r->get<std::string>().empty())
      fail(where, "\"hummel.hold\" must be a non-empty regexp");
    m.hold = r->get<std::string>();
  }
  if (auto r = ext.find("prefix"); r != ext.end()) {
    if (!r->is_boolean())
      fail(where, "\"hummel.prefix\" must be true or false");
    m.prefix = r->get<bool>();
  }
  if (auto r = ext.find("ignore"); r != ext.end()) {
    if (!r->is_boolean())
      fail(where, "\"hummel.ignore\" must be true or false");
    m.ignore = r->get<bool>();
  }
  if (auto n = ext.find("max_lines"); n != ext.end()) {
    if (!n->is_number_unsigned() || n->get<uint64_t>() == 0
        || n->get<uint64_t>() > 10000)
      fail(where, "\"hummel.max_lines\" must be a number from 1 to 10000");
    m.max_lines = n->get<uint32_t>();
  }
}

matcher read_matcher(const json& obj, const std::string& source, size_t index) {
  std::string where = source + ": matcher " + std::to_string(index + 1);
  if (!obj.is_object())
    fail(where, "must be an object");
  auto owner = obj.find("owner");
  if (owner == obj.end() || !owner->is_string()
      || owner->get<std::string>().empty())
    fail(where, "needs an \"owner\" (its name)");
  matcher m;
  m.source = source;
  m.owner = owner->get<std::string>();
  m.kind = m.owner;
  where = source + ": matcher '" + m.owner + "'";
  if (auto s = obj.find("severity"); s != obj.end()) {
    if (!s->is_string())
      fail(where, "\"severity\" must be a string");
    m.default_severity = parse_severity(s->get<std::string>(), severity::error);
  }
  auto pattern = obj.find("pattern");
  if (pattern == obj.end())
    fail(where, "needs a \"pattern\"");
  m.pattern = read_lines(*pattern, where + " pattern");
  for (size_t i = 0; i + 1 < m.pattern.size(); ++i)
    if (m.pattern[i].loop)
      fail(where, "only the last pattern may \"loop\"");
  if (auto ext = obj.find("hummel"); ext != obj.end())
    read_extension(*ext, m, where);
  return m;
}

} // namespace

severity parse_severity(std::string_view word, severity fallback) noexcept {
  for (auto p : {"err", "fatal", "crit", "panic", "emerg", "alert"})
    if (starts_with_ci(word, p))
      return severity::error;
  if (starts_with_ci(word, "warn"))
    return severity::warning;
  for (auto p : {"info", "note", "hint"})
    if (starts_with_ci(word, p))
      return severity::info;
  return fallback;
}

std::variant<std::vector<matcher>, std::string>
parse_matchers(std::string_view json_text, std::string_view source) {
  std::string src{source};
  auto doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded())
    return src + ": not valid JSON";
  try {
    const json* list = &doc;
    if (doc.is_object() && doc.contains("problemMatcher"))
      list = &doc["problemMatcher"];
    std::vector<matcher> out;
    if (list->is_object()) {
      out.push_back(read_matcher(*list, src, 0));
    } else if (list->is_array()) {
      for (size_t i = 0; i < list->size(); ++i)
        out.push_back(read_matcher((*list)[i], src, i));
    } else {
      return src
             + ": expected a matcher, an array of them or "
               "{\"problemMatcher\": [...]}";
    }
    if (out.empty())
      return src + ": no matchers";
    return out;
  } catch (const std::exception& e) {
    return std::string{e.what()};
  }
}

} // namespace hummel::errors
