// Methods both eras serve alike: tools/list, resources/list,
// resources/templates/list, resources/read, prompts/list, prompts/get and
// completion/complete; and the server's capabilities.

#include "mcp/detail/engine_impl.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/resources.hpp"
#include "mcp/tool.hpp"

namespace hummel::mcp {

using nlohmann::json;

namespace {

// Tool, resource and prompt lists change only with a new daemon build.
constexpr int64_t static_ttl_ms = 300000;

constexpr const char* default_instructions
  = "hummel supervises this project's processes (services from "
    "hummel.toml and package.json scripts). scripts_status and "
    "scripts_list read the current state; scripts_run, scripts_stop and "
    "scripts_restart change it and return once it has happened; logs_stream "
    "reads or follows output (continue with since_seq = next_seq); "
    "logs_search finds lines by substring or RE2 regex.";

reply listing(const char* key, const json& items) {
  reply r;
  r.result = {{key, items}};
  r.ttl_ms = static_ttl_ms;
  return r;
}

} // namespace

json engine::impl::capabilities() const {
  return {{"tools", {{"listChanged", false}}},
          {"resources", {{"subscribe", true}, {"listChanged", true}}},
          {"prompts", {{"listChanged", false}}},
          {"logging", json::object()},
          {"completions", json::object()}};
}

std::string engine::impl::instructions() const {
  return cfg.instructions.empty() ? default_instructions : cfg.instructions;
}

std::optional<reply> engine::impl::common(request& req) {
  const auto& m = req.method;
  bool is_list = m == "tools/list" || m == "resources/list"
                 || m == "resources/templates/list" || m == "prompts/list";
  if (is_list && !member(req.params, "cursor").is_null())
    return fail(code::invalid_params, "Invalid params: unknown cursor");
  if (m == "tools/list") {
    if (!req.modern && version < std::string_view{"2025-06-18"}) {
      // No outputSchema before 2025-06-18: such clients get no
      // structuredContent to check it against.
      if (!tools_list_plain) {
        tools_list_plain = tool_list(cfg.tools);
        for (auto& t : *tools_list_plain)
          t.erase("outputSchema");
      }
      return listing("tools", *tools_list_plain);
    }
    if (!tools_list)
      tools_list = tool_list(cfg.tools);
    return listing("tools", *tools_list);
  }
  if (m == "resources/list")
    return listing("resources", resource_list());
  if (m == "resources/templates/list")
    return listing("resourceTemplates", resource_templates());
  if (m == "prompts/list")
    return listing("prompts", json::array());
  if (m == "prompts/get")
    return fail(code::invalid_params,
                "Unknown prompt: " + string_member(req.params, "name"));
  if (m == "completion/complete") {
    std::string error;
    auto result = complete(req.params, be, error);
    if (!error.empty())
      return fail(code::invalid_params, "Invalid params: " + error);
    reply r;
    r.result = std::move(result);
    return r;
  }
  if (m == "resources/read") {
    const auto& uri = member(req.params, "uri");
    if (!uri.is_string())
      return fail(code::invalid_params,
                  "Invalid params: resources/read needs params.uri");
    const auto& u = uri.get_ref<const std::string&>();
    std::optional<backend::resource_text> text;
    if (parse_resource_uri(u))
      text = be.read_resource(u);
    if (!text)
      return fail(code::invalid_params, "Resource not found: " + u, 200,
                  {{"uri", u}});
    reply r;
    r.result = {{"contents", json::array({{{"uri", u},
                                           {"mimeType", text->mime_type},
                                           {"text", std::move(text->text)}}})}};
    r.ttl_ms = 0;
    r.public_cache = false;
    return r;
  }
  return std::nullopt;
}

} // namespace hummel::mcp
