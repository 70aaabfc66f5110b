#include "mcp/resources.hpp"

#include "mcp/jsonrpc.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hummel::mcp {

using nlohmann::json;

namespace {

constexpr std::string_view process_prefix = "hummel://processes/";
constexpr std::string_view logs_prefix = "hummel://logs/";
constexpr std::string_view process_template = "hummel://processes/{name}";
constexpr std::string_view logs_template = "hummel://logs/{name}";
constexpr std::string_view errors_prefix = "hummel://errors/";
constexpr std::string_view errors_template = "hummel://errors/{name}";

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view x) {
  std::string result;
  result.reserve(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] != '%') {
      result += x[i];
      continue;
    }
    if (i + 2 >= x.size())
      return std::nullopt;
    int hi = hex_value(x[i + 1]);
    int lo = hex_value(x[i + 2]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    result += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return result;
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
         || c == '~';
}

} // namespace

std::optional<resource_ref> parse_resource_uri(std::string_view uri) {
  if (uri == processes_uri)
    return resource_ref{resource_ref::kind::processes, {}};
  if (uri == errors_uri)
    return resource_ref{resource_ref::kind::all_errors, {}};
  resource_ref ref;
  if (uri.substr(0, process_prefix.size()) == process_prefix) {
    ref.what = resource_ref::kind::process;
    uri.remove_prefix(process_prefix.size());
  } else if (uri.substr(0, logs_prefix.size()) == logs_prefix) {
    ref.what = resource_ref::kind::logs;
    uri.remove_prefix(logs_prefix.size());
  } else if (uri.substr(0, errors_prefix.size()) == errors_prefix) {
    ref.what = resource_ref::kind::errors;
    uri.remove_prefix(errors_prefix.size());
  } else {
    return std::nullopt;
  }
  if (uri.empty() || uri.find('/') != std::string_view::npos)
    return std::nullopt;
  auto name = decode(uri);
  if (!name || name->empty())
    return std::nullopt;
  ref.name = std::move(*name);
  return ref;
}

std::string make_resource_uri(const resource_ref& ref) {
  if (ref.what == resource_ref::kind::processes)
    return std::string{processes_uri};
  if (ref.what == resource_ref::kind::all_errors)
    return std::string{errors_uri};
  std::string result{ref.what == resource_ref::kind::process ? process_prefix
                     : ref.what == resource_ref::kind::logs  ? logs_prefix
                                                             : errors_prefix};
  static constexpr char digits[] = "0123456789ABCDEF";
  for (unsigned char c : ref.name) {
    if (unreserved(static_cast<char>(c))) {
      result += static_cast<char>(c);
    } else {
      result += '%';
      result += digits[c >> 4];
      result += digits[c & 15];
    }
  }
  return result;
}

std::string canonical_resource_uri(std::string_view uri) {
  if (auto ref = parse_resource_uri(uri))
    return make_resource_uri(*ref);
  return std::string{uri};
}

const json& resource_list() {
  static const json list = json::array({
    {
      {"uri", processes_uri},
      {"name", "processes"},
      {"title", "All processes"},
      {"description", "The status view: every process with its current run, "
                      "the same objects scripts_status returns."},
      {"mimeType", "application/json"},
    },
    {
      {"uri", errors_uri},
      {"name", "errors"},
      {"title", "Errors in the output"},
      {"description", "The processes with errors found in their output: "
                      "error_count and the newest headline (logs_errors "
                      "returns the records)."},
      {"mimeType", "application/json"},
    },
  });
  return list;
}

const json& resource_templates() {
  static const json list = json::array({
    {{"uriTemplate", process_template},
     {"name", "process"},
     {"title", "One process"},
     {"description", "Status of one process (a scripts_status object)."},
     {"mimeType", "application/json"}},
    {{"uriTemplate", logs_template},
     {"name", "logs"},
     {"title", "Recent log lines"},
     {"description", "The last log lines of one process (like logs_stream)."},
     {"mimeType", "application/json"}},
    {{"uriTemplate", errors_template},
     {"name", "errors"},
     {"title", "Errors of one process"},
     {"description", "error_count and the newest error headline of one "
                     "process (logs_errors returns the records)."},
     {"mimeType", "application/json"}},
  });
  return list;
}

json complete(const json& params, backend& be, std::string& error) {
  const auto& ref = member(params, "ref");
  const auto& arg = member(params, "argument");
  if (!ref.is_object() || !arg.is_object() || !arg.contains("name")
      || !arg["name"].is_string()) {
    error = "completion/complete needs ref and argument {name, value}";
    return nullptr;
  }
  auto type = string_member(ref, "type");
  if (type == "ref/prompt") {
    error = "Unknown prompt: " + string_member(ref, "name");
    return nullptr;
  }
  if (type != "ref/resource") {
    error = "ref.type must be ref/resource or ref/prompt";
    return nullptr;
  }
  auto uri = string_member(ref, "uri");
  auto values = json::array();
  size_t total = 0;
  if ((uri == process_template || uri == logs_template)
      && arg["name"] == "name") {
    auto prefix = string_member(arg, "value");
    auto names = be.process_names();
    std::sort(names.begin(), names.end());
    for (auto& n : names) {
      if (n.compare(0, prefix.size(), prefix) != 0)
        continue;
      if (++total <= 100)
        values.push_back(std::move(n));
    }
  }
  return json{{"completion",
               {{"values", std::move(values)},
                {"total", total},
                {"hasMore", total > 100}}}};
}

} // namespace hummel::mcp
