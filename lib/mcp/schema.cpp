#include "mcp/schema.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace hummel::mcp {

using nlohmann::json;

namespace {

std::string join(std::string_view path, std::string_view key) {
  if (path.empty())
    return std::string{key};
  std::string result{path};
  result += '.';
  result += key;
  return result;
}

std::string type_name(const json& v) {
  switch (v.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "integer";
  case json::value_t::number_float:
    return "number";
  case json::value_t::string:
    return "string";
  case json::value_t::array:
    return "array";
  case json::value_t::object:
    return "object";
  default:
    return "invalid";
  }
}

// An integral float that fits int64 (5.0); converted when `fix` is set.
bool integral_float(json& v, bool fix) {
  if (!v.is_number_float())
    return false;
  double d = v.get<double>();
  if (!std::isfinite(d) || std::floor(d) != d || d < -9.2e18 || d > 9.2e18)
    return false;
  if (fix)
    v = static_cast<int64_t>(d);
  return true;
}

bool matches_type(std::string_view type, json& v, bool fix) {
  if (type == "object")
    return v.is_object();
  if (type == "array")
    return v.is_array();
  if (type == "string")
    return v.is_string();
  if (type == "integer")
    return v.is_number_integer() || integral_float(v, fix);
  if (type == "number")
    return v.is_number();
  if (type == "boolean")
    return v.is_boolean();
  if (type == "null")
    return v.is_null();
  return false;
}

std::string type_list(const json& t) {
  if (t.is_string())
    return t.get<std::string>();
  std::string result;
  for (const auto& x : t) {
    if (!result.empty())
      result += " or ";
    result += x.is_string() ? x.get<std::string>() : "?";
  }
  return result;
}

std::string where(std::string_view path) {
  return path.empty() ? std::string{"value"} : std::string{path};
}

std::string validate(const json& schema, json& v, std::string_view path,
                     bool fix);

std::string check_type(const json& schema, json& v, std::string_view path,
                       bool fix) {
  auto t = schema.find("type");
  if (t == schema.end())
    return {};
  bool ok = false;
  if (t->is_string()) {
    ok = matches_type(t->get<std::string>(), v, fix);
  } else if (t->is_array()) {
    for (const auto& x : *t)
      if (x.is_string() && matches_type(x.get<std::string>(), v, fix)) {
        ok = true;
        break;
      }
  }
  if (ok)
    return {};
  return where(path) + ": expected " + type_list(*t) + ", got " + type_name(v);
}

std::string check_bounds(const json& schema, const json& v,
                         std::string_view path) {
  if (v.is_number()) {
    double d = v.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && m->is_number())
      if (d < m->get<double>())
        return where(path) + ": must be at least " + m->dump();
    if (auto m = schema.find("maximum"); m != schema.end() && m->is_number())
      if (d > m->get<double>())
        return where(path) + ": must be at most " + m->dump();
  }
  if (v.is_string()) {
    if (auto m = schema.find("minLength");
        m != schema.end() && m->is_number_unsigned())
      if (v.get_ref<const std::string&>().size() < m->get<size_t>())
        return where(path) + ": must have at least " + m->dump()
               + " character(s)";
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    for (const auto& x : *e)
      if (x == v)
        return {};
    return where(path) + ": must be one of " + e->dump();
  }
  return {};
}

std::string check_object(const json& schema, json& v, std::string_view path,
                         bool fix) {
  static const json empty = json::object();
  auto p = schema.find("properties");
  const json& props = p != schema.end() && p->is_object() ? *p : empty;
  if (auto r = schema.find("required"); r != schema.end() && r->is_array())
    for (const auto& name : *r)
      if (name.is_string() && !v.contains(name.get<std::string>()))
        return join(path, name.get<std::string>()) + ": required";
  auto extra = schema.find("additionalProperties");
  for (auto& [key, item] : v.items()) {
    auto sub = props.find(key);
    if (sub != props.end()) {
      if (auto err = validate(*sub, item, join(path, key), fix); !err.empty())
        return err;
      continue;
    }
    if (extra == schema.end())
      continue;
    if (extra->is_boolean()) {
      if (!extra->get<bool>())
        return join(path, key) + ": unknown field";
      continue;
    }
    if (auto err = validate(*extra, item, join(path, key), fix); !err.empty())
      return err;
  }
  if (fix)
    for (const auto& [key, sub] : props.items())
      if (!v.contains(key) && sub.is_object())
        if (auto d = sub.find("default"); d != sub.end())
          v[key] = *d;
  return {};
}

/// `anyOf`: the first branch that accepts `v` (and its normalisation of
/// `v`); else the error of the first branch whose type fits `v`, or
/// "expected T1 or T2, got T" when none does.
std::string check_any_of(const json& branches, json& v, std::string_view path,
                         bool fix) {
  std::string types;
  for (const auto& b : branches) {
    json copy = v;
    auto err = validate(b, copy, path, fix);
    if (err.empty()) {
      if (fix)
        v = std::move(copy);
      return {};
    }
    auto t = b.is_object() ? b.find("type") : b.end();
    if (t == b.end())
      return err;
    json probe = v;
    if (auto type_err = check_type(b, probe, path, false); type_err.empty())
      return err; // the right type, a failed constraint
    types += (types.empty() ? "" : " or ") + type_list(*t);
  }
  return where(path) + ": expected " + types + ", got " + type_name(v);
}

std::string validate(const json& schema, json& v, std::string_view path,
                     bool fix) {
  if (!schema.is_object())
    return {};
  if (auto a = schema.find("anyOf"); a != schema.end() && a->is_array())
    if (auto err = check_any_of(*a, v, path, fix); !err.empty())
      return err;
  if (auto err = check_type(schema, v, path, fix); !err.empty())
    return err;
  if (auto err = check_bounds(schema, v, path); !err.empty())
    return err;
  if (v.is_object())
    return check_object(schema, v, path, fix);
  if (v.is_array()) {
    auto items = schema.find("items");
    if (items == schema.end())
      return {};
    for (size_t i = 0; i < v.size(); ++i) {
      auto sub = std::string{where(path)} + "[" + std::to_string(i) + "]";
      if (auto err = validate(*items, v[i], sub, fix); !err.empty())
        return err;
    }
  }
  return {};
}

} // namespace

std::string conform(const json& schema, json& value, std::string_view path) {
  try {
    return validate(schema, value, path, true);
  } catch (const std::exception& e) {
    return where(path) + ": " + e.what();
  }
}

std::string check(const json& schema, const json& value,
                  std::string_view path) {
  try {
    // validate() only writes when fixing; the cast keeps one code path.
    return validate(schema, const_cast<json&>(value), path, false);
  } catch (const std::exception& e) {
    return where(path) + ": " + e.what();
  }
}

} // namespace hummel::mcp
