#include "actors/mcp_backend.hpp"

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "logs/log_file.hpp"
#include "messages/error.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <chrono>

namespace hummel {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// How long a command may take beyond the process's grace period.
constexpr auto command_slack = std::chrono::seconds{15};

} // namespace

std::string describe(caf::actor_system& sys, const caf::error& err,
                     const std::string& name) {
  if (err.category() == caf::atom("hummel")) {
    switch (static_cast<ec>(err.code())) {
    case ec::unknown_process:
      return "no process or script named '" + name + "'";
    case ec::shutting_down:
      return "the daemon is shutting down";
    default:
      break;
    }
    auto text = sys.render(err);
    // The context carries the reason as a quoted string.
    auto open = text.find("(\"");
    auto close = text.rfind("\")");
    if (open != std::string::npos && close != std::string::npos && close > open)
      return text.substr(open + 2, close - open - 2);
    return text;
  }
  if (err == caf::sec::request_timeout)
    return "timed out waiting for '" + name + "'";
  return sys.render(err);
}

mcp_backend::mcp_backend(self_ptr self, const mcp_context* ctx)
  : self_(self), ctx_(ctx) {
  // nop
}

mcp_backend::~mcp_backend() = default;

uint64_t mcp_backend::view_version() {
  return ctx_->cell->read()->version;
}

std::vector<std::string> mcp_backend::process_names() {
  std::vector<std::string> result;
  auto view = ctx_->cell->read();
  view->processes.for_each([&](const snapshot_ptr& x) {
    if (x)
      result.push_back(x->name);
  });
  return result;
}

std::optional<mcp::backend::resource_text>
mcp_backend::read_resource(const std::string& uri) {
  constexpr std::string_view procs = "hummel://processes";
  constexpr std::string_view logs = "hummel://logs/";
  auto now = wall_ms();
  if (uri == procs) {
    auto view = ctx_->cell->read();
    return resource_text{"application/json", view_json(*view, now).dump()};
  }
  if (uri.rfind(std::string{procs} + "/", 0) == 0) {
    auto name = uri.substr(procs.size() + 1);
    auto view = ctx_->cell->read();
    auto* x = view->find(name);
    if (x == nullptr)
      return std::nullopt;
    return resource_text{"application/json", status_json(*x, now).dump()};
  }
  if (uri.rfind(logs, 0) == 0) {
    auto name = uri.substr(logs.size());
    if (ctx_->cell->read()->find(name) == nullptr)
      return std::nullopt;
    auto lines = json::array();
    if (!ctx_->log_dir.empty())
      for (const auto& l : log_file::read_tail(ctx_->log_dir / (name + ".log"),
                                               100, ctx_->log_file_count))
        lines.push_back(line_json(l, name));
    return resource_text{"application/json",
                         json{{"lines", std::move(lines)}}.dump()};
  }
  return std::nullopt;
}

mcp::cancel_fn mcp_backend::call_tool(const std::string& name, const json& args,
                                      const mcp::call_origin& origin,
                                      mcp::tool_progress progress,
                                      mcp::tool_done done) {
  auto now = wall_ms();
  if (name == "cluster_status") {
    cluster_status(std::move(done));
    return {};
  }
  if (auto node = args.value("node", std::string{});
      !node.empty() && !is_local_node(node)) {
    on_node(name, node, args, std::move(done));
    return {};
  }
  if (name == "scripts_list") {
    auto view = ctx_->cell->read();
    auto items = json::array();
    view->processes.for_each([&](const snapshot_ptr& x) {
      if (x)
        items.push_back(list_item_json(*x));
    });
    done(tool_ok(
      {{"processes", std::move(items)}, {"view_version", view->version}}));
    return {};
  }
  if (name == "scripts_status") {
    auto only = args.value("name", std::string{});
    if (ctx_->read_by_message) {
      // The comparison path: ask the STATUS CACHE instead of reading.
      auto cell = ctx_->cell;
      auto reply = [done, cell, only](std::vector<snapshot_ptr> xs) {
        auto now = wall_ms();
        auto items = json::array();
        for (auto& x : xs)
          if (x && (only.empty() || x->name == only))
            items.push_back(status_json(*x, now));
        if (!only.empty() && items.empty())
          return done(tool_fail("no process or script named '" + only + "'"));
        auto view = cell->read();
        done(tool_ok({{"processes", std::move(items)},
                      {"view_version", view->version},
                      {"view_age_ms", 0},
                      {"node", view->node}}));
      };
      if (!only.empty()) {
        self_->request(ctx_->cache, 5s, atom::status_v, only)
          .then(
            [reply](snapshot_ptr& x) { reply({x}); },
            [done](caf::error&) { done(tool_fail("status cache timeout")); });
      } else {
        self_->request(ctx_->cache, 5s, atom::status_v, atom::all_v)
          .then(
            [reply](std::vector<snapshot_ptr>& xs) { reply(xs); },
            [done](caf::error&) { done(tool_fail("status cache timeout")); });
      }
      return {};
    }
    auto view = ctx_->cell->read();
    if (!only.empty()) {
      auto* x = view->find(only);
      if (x == nullptr) {
        done(tool_fail("no process or script named '" + only + "'"));
        return {};
      }
      auto result
        = json{{"processes", json::array({status_json(*x, now)})},
               {"view_version", view->version},
               {"view_age_ms", std::max<int64_t>(0, now - view->built_ms)},
               {"node", view->node}};
      done(tool_ok(std::move(result)));
      return {};
    }
    done(tool_ok(view_json(*view, now)));
    return {};
  }
  if (name == "scripts_run") {
    scripts_run(args, origin, std::move(done));
    return {};
  }
  if (name == "scripts_stop") {
    command(atom::stop_v, args.at("name").get<std::string>(), std::move(done));
    return {};
  }
  if (name == "scripts_restart") {
    command(atom::restart_v, args.at("name").get<std::string>(),
            std::move(done));
    return {};
  }
  if (name == "logs_stream")
    return logs_stream(args, std::move(progress), std::move(done));
  if (name == "logs_search") {
    logs_search(args, std::move(done));
    return {};
  }
  done(tool_fail("unknown tool '" + name + "'"));
  return {};
}

void mcp_backend::scripts_run(const json& args, const mcp::call_origin& origin,
                              mcp::tool_done done) {
  auto name = args.at("name").get<std::string>();
  auto sys = &self_->system();
  auto cell = ctx_->cell;
  auto reply = [done, cell](const snapshot_ptr& x, bool duplicate) {
    if (!x)
      return done(tool_fail("no status"));
    auto result = status_json(*x, wall_ms());
    result["duplicate"] = duplicate;
    done(tool_ok(std::move(result)));
  };
  auto on_error = [done, sys, name](caf::error& err) {
    done(tool_fail(describe(*sys, err, name)));
  };
  auto timeout = ctx_->config->daemon.grace_period + command_slack;
  if (!args.contains("command")) {
    {
      // Running already: answer from the view, start nothing.
      auto view = cell->read();
      if (auto* x = view->find(name); x != nullptr && is_alive(x->status)) {
        auto copy = std::make_shared<const process_snapshot>(*x);
        reply(copy, true);
        return;
      }
    }
    self_->request(ctx_->supervisor, timeout, atom::run_v, name)
      .then([reply](snapshot_ptr& x) { reply(x, false); }, on_error);
    return;
  }
  if (origin.transport == "http" && !origin.allow_commands) {
    done(tool_fail("ad-hoc commands are disabled over HTTP; set [mcp] "
                   "allow_commands = true in hummel.toml to allow them"));
    return;
  }
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
  std::filesystem::path cwd = ctx_->config->dir;
  if (auto i = args.find("cwd"); i != args.end()) {
    std::filesystem::path p = i->get<std::string>();
    cwd = p.is_absolute() ? p : ctx_->config->dir / p;
  }
  std::error_code err;
  if (!std::filesystem::is_directory(cwd, err)) {
    done(tool_fail("working directory does not exist: " + cwd.string()));
    return;
  }
  def.cwd = cwd;
  if (auto i = args.find("env"); i != args.end())
    for (auto& [k, v] : i->items())
      def.env.emplace_back(k, v.get<std::string>());
  def.grace_period = ctx_->config->daemon.grace_period;
  {
    auto view = cell->read();
    if (auto* x = view->find(name); x != nullptr && is_alive(x->status)) {
      reply(std::make_shared<const process_snapshot>(*x), true);
      return;
    }
  }
  self_->request(ctx_->supervisor, timeout, atom::run_v, name, std::move(def))
    .then([reply](snapshot_ptr& x) { reply(x, false); }, on_error);
}

void mcp_backend::command(atom::stop, const std::string& name,
                          mcp::tool_done done) {
  auto sys = &self_->system();
  auto timeout = ctx_->config->daemon.grace_period + command_slack;
  if (auto* def = [&]() -> const process_def* {
        for (const auto& d : ctx_->config->processes)
          if (d.name == name)
            return &d;
        return nullptr;
      }())
    timeout = def->grace_period + command_slack;
  self_->request(ctx_->supervisor, timeout, atom::stop_v, name)
    .then(
      [done](snapshot_ptr& x) { done(tool_ok(status_json(*x, wall_ms()))); },
      [done, sys, name](caf::error& err) {
        done(tool_fail(describe(*sys, err, name)));
      });
}

void mcp_backend::command(atom::restart, const std::string& name,
                          mcp::tool_done done) {
  auto sys = &self_->system();
  auto timeout = ctx_->config->daemon.grace_period * 2 + command_slack;
  self_->request(ctx_->supervisor, timeout, atom::restart_v, name)
    .then(
      [done](snapshot_ptr& x) { done(tool_ok(status_json(*x, wall_ms()))); },
      [done, sys, name](caf::error& err) {
        done(tool_fail(describe(*sys, err, name)));
      });
}

void mcp_backend::with_process(const std::string& name,
                               std::function<void(process_actor)> f,
                               std::function<void(std::string)> on_fail) {
  // Asked every time: an ad-hoc process may have been replaced.
  auto sys = &self_->system();
  self_->request(ctx_->supervisor, 5s, atom::logs_v, name)
    .then([f](process_actor& p) { f(p); },
          [on_fail, sys, name](caf::error& err) {
            on_fail(describe(*sys, err, name));
          });
}

} // namespace hummel
