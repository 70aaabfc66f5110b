// scripts_run: start a defined process, or an ad-hoc command under a name,
// through the SUPERVISOR. A process that already runs is answered from the
// view with duplicate: true. (Whether ad-hoc commands are allowed on this
// transport was checked by the engine, from the tool's policy.) With
// wait, the call becomes a wait of the backend (mcp_backend_wait.cpp),
// armed with the SUPERVISOR's answer.

#include "actors/detail/command_timeout.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <filesystem>
#include <variant>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

/// The ad-hoc definition of `args`, or why there is none.
std::variant<process_def, std::string>
ad_hoc(const mcp_context& ctx, const std::string& name, const json& args) {
  process_def def;
  def.name = name;
  def.kind = process_kind::service;
  auto cmd = args.at("command").get<std::string>();
  if (args.contains("args")) {
    def.argv.push_back(cmd);
    for (const auto& a : args.at("args"))
      def.argv.push_back(a.get<std::string>());
  } else {
    def.command = cmd;
  }
  std::filesystem::path cwd = ctx.config->dir;
  if (auto i = args.find("cwd"); i != args.end()) {
    std::filesystem::path p = i->get<std::string>();
    cwd = p.is_absolute() ? p : ctx.config->dir / p;
  }
  std::error_code err;
  if (!std::filesystem::is_directory(cwd, err))
    return "working directory does not exist: " + cwd.string();
  def.cwd = cwd;
  if (auto i = args.find("env"); i != args.end())
    for (auto& [k, v] : i->items())
      def.env.emplace_back(k, v.get<std::string>());
  def.grace_period = ctx.config->daemon.grace_period;
  return def;
}

} // namespace

mcp::cancel_fn scripts_run(mcp_backend& be, mcp::tool_call call) {
  const auto& args = call.args;
  auto done = std::move(call.done);
  bool wait = args.value("wait", false);
  if (auto node = be.remote_node(args); !node.empty()) {
    if (wait)
      done(tool_fail("wait works on this node only; omit node"));
    else
      be.remote_command(atom::run_v, node, args, std::move(done));
    return {};
  }
  auto name = args.at("name").get<std::string>();
  std::optional<process_def> def;
  if (args.contains("command")) {
    auto x = ad_hoc(be.ctx(), name, args);
    if (auto* why = std::get_if<std::string>(&x)) {
      done(tool_fail(*why));
      return {};
    }
    def = std::move(std::get<process_def>(x));
  }
  // With wait, the call is a wait from now on: its timeout runs from here.
  uint64_t wait_id = 0;
  if (wait)
    wait_id = be.open_wait(
      name, std::chrono::milliseconds{args.value("timeout_ms", int64_t{50000})},
      std::move(done));
  mcp::cancel_fn cancel;
  if (wait)
    cancel = [&be, wait_id] { be.cancel_wait(wait_id); };
  {
    // Running already: answer from the view, start nothing.
    auto view = be.ctx().cell->read();
    if (auto* x = view->find(name); x != nullptr && is_alive(x->status)) {
      if (wait) {
        be.arm_wait(wait_id, std::make_shared<process_snapshot>(*x), true);
        return cancel;
      }
      auto result = status_json(*x, be.now_ms());
      result["duplicate"] = true;
      done(tool_ok(std::move(result)));
      return {};
    }
  }
  auto timeout = detail::command_timeout(be.grace_of(name),
                                         detail::command_waiter::client);
  auto on_reply = [&be, done, wait_id](snapshot_ptr& x) {
    if (wait_id != 0)
      be.arm_wait(wait_id, std::move(x), false);
    else
      be.answer_command(std::move(x), false, done);
  };
  auto on_error = [&be, done, name, wait_id](caf::error& err) {
    if (wait_id != 0)
      be.fail_wait(wait_id, be.describe(err, name));
    else
      done(tool_fail(be.describe(err, name)));
  };
  auto& sup = be.ctx().supervisor;
  if (def)
    be.self()
      ->request(sup, timeout, atom::run_v, name, std::move(*def))
      .then(on_reply, on_error);
  else
    be.self()
      ->request(sup, timeout, atom::run_v, name)
      .then(on_reply, on_error);
  return cancel;
}

} // namespace hummel::mcp_tools
