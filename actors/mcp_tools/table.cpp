// THE tool table of the daemon: one line per tool, in `tools/list` order.
// A line pairs a definition (lib/mcp/tools/<name>.cpp: the contract, kept
// in the CAF-free engine library so the engine tests check the real
// schemas) with its handler (actors/mcp_tools/<name>.cpp: daemon code).

#include "actors/mcp_tools/tools.hpp"
#include "mcp/tools.hpp"
#include "messages/status_json.hpp"

#include <nlohmann/json.hpp>

namespace hummel::mcp_tools {

namespace {

/// Adapts a handler to the engine's signature. The engine hands back the
/// backend it was built with, which mcp_session makes an `mcp_backend`.
template <mcp::cancel_fn (*F)(mcp_backend&, mcp::tool_call)>
mcp::cancel_fn on(mcp::backend& be, mcp::tool_call call) {
  return F(static_cast<mcp_backend&>(be), std::move(call));
}

/// As `on`, for a command: its outcome goes to the audit record.
template <mcp::cancel_fn (*F)(mcp_backend&, mcp::tool_call)>
mcp::cancel_fn audited(mcp::backend& be, mcp::tool_call call) {
  auto& b = static_cast<mcp_backend&>(be);
  call.done = b.audit_command(call.def != nullptr ? call.def->name : "?",
                              call.args, std::move(call.done));
  return F(b, std::move(call));
}

constexpr mcp::tool tools[] = {
  {&mcp::scripts_list_tool, &on<scripts_list>},
  {&mcp::scripts_run_tool, &audited<scripts_run>},
  {&mcp::scripts_stop_tool, &audited<scripts_stop>},
  {&mcp::scripts_restart_tool, &audited<scripts_restart>},
  {&mcp::scripts_status_tool, &on<scripts_status>},
  {&mcp::logs_stream_tool, &on<logs_stream>},
  {&mcp::logs_search_tool, &on<logs_search>},
  {&mcp::logs_errors_tool, &on<logs_errors>},
  {&mcp::logs_clear_tool, &audited<logs_clear>},
  {&mcp::cluster_status_tool, &on<cluster_status>},
  {&mcp::config_reload_tool, &audited<config_reload>},
};

} // namespace

mcp::tool_table table() {
  return tools;
}

nlohmann::json status_item(const process_snapshot& x, int64_t now_ms,
                           const nlohmann::json& args, bool list) {
  if (auto f = args.find("status");
      f != args.end() && !mcp::status_matches(*f, to_string(x.status)))
    return nullptr;
  auto item = status_json(x, now_ms);
  if (auto f = args.find("fields"); f != args.end())
    mcp::keep_fields(item, *f);
  else if (list) {
    mcp::keep_fields(item, mcp::status_list_fields());
    // Named only when the log file fails, and when errors were found.
    if (auto d = item.find("log_degraded"); d != item.end() && d->is_null())
      item.erase(d);
    if (auto e = item.find("error_count"); e != item.end() && *e == 0)
      item.erase(e);
  }
  return item;
}

nlohmann::json list_item(const process_snapshot& x,
                         const nlohmann::json& args) {
  if (auto f = args.find("status");
      f != args.end() && !mcp::status_matches(*f, to_string(x.status)))
    return nullptr;
  auto item = list_item_json(x);
  if (auto f = args.find("fields"); f != args.end())
    mcp::keep_fields(item, *f);
  return item;
}

uint8_t stream_of(const nlohmann::json& args) {
  auto i = args.find("stream");
  if (i == args.end() || !i->is_string())
    return 0;
  return *i == "stderr" ? 2 : 1;
}

} // namespace hummel::mcp_tools
