#include "mcp/tool.hpp"

#include "mcp/schema.hpp"

namespace hummel::mcp {

using nlohmann::json;

namespace {

const char* transport_name(transport_kind x) {
  switch (x) {
  case transport_kind::stdio:
    return "stdio";
  case transport_kind::unix_socket:
    return "the unix socket";
  case transport_kind::http:
    return "HTTP";
  }
  return "this transport";
}

/// The single policy check of a call (see tool_policy).
std::string policy_error(const tool_def& def, const json& args,
                         const call_origin& origin) {
  const auto& p = def.policy;
  if (!p.transports.contains(origin.transport))
    return "tool '" + def.name + "' is not available over "
           + transport_name(origin.transport);
  if (origin.allow_commands || p.ad_hoc_transports.contains(origin.transport))
    return {};
  for (const auto& key : p.ad_hoc_args)
    if (args.contains(key))
      return std::string{"ad-hoc commands and env are disabled over "}
             + transport_name(origin.transport)
             + "; set [mcp] allow_commands = true in hummel.toml to allow "
               "them";
  return {};
}

} // namespace

const tool* find_tool(tool_table tools, std::string_view name) {
  for (const auto& t : tools)
    if (t.def->name == name)
      return &t;
  return nullptr;
}

json definition(const tool_def& def) {
  json annotations{
    {"title", def.title},
    {"readOnlyHint", def.policy.access == tool_access::read_only},
    {"destructiveHint", def.destructive},
    {"idempotentHint", def.idempotent},
    {"openWorldHint", false}};
  return {{"name", def.name},
          {"title", def.title},
          {"description", def.description},
          {"inputSchema", def.input_schema},
          {"outputSchema", def.output_schema},
          {"annotations", std::move(annotations)}};
}

json tool_list(tool_table tools) {
  auto result = json::array();
  for (const auto& t : tools)
    result.push_back(definition(*t.def));
  return result;
}

std::string prepare_arguments(const tool_def& def, json& args,
                              const call_origin& origin) {
  if (!args.is_object())
    return "arguments must be an object";
  if (auto err = conform(def.input_schema, args, ""); !err.empty())
    return "invalid arguments: " + err;
  if (def.rules != nullptr)
    if (auto err = def.rules(args); !err.empty())
      return err;
  return policy_error(def, args, origin);
}

std::string check_result(const tool_def& def, const json& structured) {
  return check(def.output_schema, structured, "structuredContent");
}

} // namespace hummel::mcp
