#pragma once

// A small JSON Schema (2020-12 subset) checker for tests, independent of the
// daemon's own code: the schemas come from the daemon's `tools/list`, the
// values from the CLI or the gateways. A keyword it does not know is an
// error, so a schema can never pass by being misunderstood.
//
// Thread safety: pure functions.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bin_test {

namespace detail {

inline bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "null")
    return v.is_null();
  if (type == "boolean")
    return v.is_boolean();
  if (type == "object")
    return v.is_object();
  if (type == "array")
    return v.is_array();
  if (type == "string")
    return v.is_string();
  if (type == "number")
    return v.is_number();
  if (type == "integer")
    return v.is_number_integer()
           || (v.is_number_float()
               && v.get<double>()
                    == static_cast<double>(
                      static_cast<long long>(v.get<double>())));
  return false;
}

inline void check(const nlohmann::json& schema, const nlohmann::json& v,
                  const std::string& at, std::vector<std::string>& errors) {
  if (schema.is_boolean()) {
    if (!schema.get<bool>())
      errors.push_back(at + ": not allowed here");
    return;
  }
  if (!schema.is_object()) {
    errors.push_back(at + ": the schema is not an object");
    return;
  }
  static const std::vector<std::string> annotations{
    "description", "title", "default", "examples", "$schema", "format"};
  static const std::vector<std::string> known{
    "type",     "properties", "required",  "additionalProperties",
    "items",    "enum",       "const",     "minimum",
    "maximum",  "minLength",  "maxLength", "minItems",
    "maxItems", "anyOf",      "oneOf"};
  for (const auto& [key, _] : schema.items()) {
    bool ok = false;
    for (const auto& k : annotations)
      ok = ok || k == key;
    for (const auto& k : known)
      ok = ok || k == key;
    if (!ok)
      errors.push_back(at + ": unsupported schema keyword '" + key + "'");
  }
  if (auto t = schema.find("type"); t != schema.end()) {
    bool match = false;
    if (t->is_string())
      match = has_type(v, t->get<std::string>());
    for (const auto& one : t->is_array() ? *t : nlohmann::json::array())
      match = match || has_type(v, one.get<std::string>());
    if (!match) {
      errors.push_back(at + ": " + v.dump() + " is not of type " + t->dump());
      return;
    }
  }
  if (auto e = schema.find("enum"); e != schema.end()) {
    bool found = false;
    for (const auto& x : *e)
      found = found || x == v;
    if (!found)
      errors.push_back(at + ": " + v.dump() + " is not one of " + e->dump());
  }
  if (auto c = schema.find("const"); c != schema.end() && *c != v)
    errors.push_back(at + ": " + v.dump() + " is not " + c->dump());
  if (v.is_number()) {
    auto x = v.get<double>();
    if (auto m = schema.find("minimum");
        m != schema.end() && x < m->get<double>())
      errors.push_back(at + ": " + v.dump() + " < minimum " + m->dump());
    if (auto m = schema.find("maximum");
        m != schema.end() && x > m->get<double>())
      errors.push_back(at + ": " + v.dump() + " > maximum " + m->dump());
  }
  if (v.is_string()) {
    auto n = v.get<std::string>().size();
    if (auto m = schema.find("minLength");
        m != schema.end() && n < m->get<size_t>())
      errors.push_back(at + ": shorter than " + m->dump());
    if (auto m = schema.find("maxLength");
        m != schema.end() && n > m->get<size_t>())
      errors.push_back(at + ": longer than " + m->dump());
  }
  if (v.is_array()) {
    if (auto m = schema.find("minItems");
        m != schema.end() && v.size() < m->get<size_t>())
      errors.push_back(at + ": fewer items than " + m->dump());
    if (auto m = schema.find("maxItems");
        m != schema.end() && v.size() > m->get<size_t>())
      errors.push_back(at + ": more items than " + m->dump());
    if (auto items = schema.find("items"); items != schema.end())
      for (size_t i = 0; i < v.size(); ++i)
        check(*items, v[i], at + "/" + std::to_string(i), errors);
  }
  if (v.is_object()) {
    auto props = schema.value("properties", nlohmann::json::object());
    for (const auto& r : schema.value("required", nlohmann::json::array()))
      if (!v.contains(r.get<std::string>()))
        errors.push_back(at + ": missing required \"" + r.get<std::string>()
                         + "\"");
    auto extra = schema.find("additionalProperties");
    for (const auto& [key, value] : v.items()) {
      if (props.contains(key))
        check(props[key], value, at + "/" + key, errors);
      else if (extra != schema.end())
        check(*extra, value, at + "/" + key, errors);
    }
  }
  for (const char* kw : {"anyOf", "oneOf"}) {
    auto alts = schema.find(kw);
    if (alts == schema.end())
      continue;
    size_t passing = 0;
    for (const auto& alt : *alts) {
      std::vector<std::string> sub;
      check(alt, v, at, sub);
      passing += sub.empty() ? 1 : 0;
    }
    bool ok = std::string{kw} == "anyOf" ? passing > 0 : passing == 1;
    if (!ok)
      errors.push_back(at + ": " + std::to_string(passing) + " branches of "
                       + kw + " match");
  }
}

} // namespace detail

/// The ways `value` breaks `schema` ("" path = the root); empty if valid.
inline std::vector<std::string> schema_errors(const nlohmann::json& schema,
                                              const nlohmann::json& value) {
  std::vector<std::string> errors;
  detail::check(schema, value, "", errors);
  return errors;
}

/// The errors joined for a test message.
inline std::string joined(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors)
    out += e + "\n";
  return out;
}

} // namespace bin_test
