// The hub's tools that only a project's own daemon can answer (its logs,
// its configuration): logs_stream (without `follow`), logs_search and
// config_reload are forwarded, as one tools/call, to the daemon's MCP unix
// socket (the runtime file names it; the socket is this user's, 0600), and
// the daemon's answer is passed on as it is. The socket I/O (the hub's
// `mcp_context::hub_call`, main/daemon/hub/forward.cpp) blocks, so it runs
// on an actor of its own thread (detached), one per call; the answer comes
// back to the SESSION as a message.

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "mcp/jsonrpc.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>

namespace hummel::mcp_tools {

using nlohmann::json;

namespace {

constexpr auto forward_timeout = std::chrono::seconds{60};

/// Runs the daemon's blocking `call` once, on its own thread.
caf::behavior forwarder(caf::event_based_actor* self, hub_call_fn call) {
  return {[self, call](const std::string& socket, const std::string& line) {
    self->quit();
    return call(socket, line);
  }};
}

/// The outcome the daemon's answer `line` carries.
mcp::tool_outcome outcome_of(const std::string& line) {
  auto j = json::parse(line, nullptr, false);
  if (!j.is_object())
    return tool_fail("the project's daemon sent an invalid answer");
  if (auto e = j.find("error"); e != j.end())
    return tool_fail(e->value("message", std::string{"failed"}));
  const auto& r = j.value("result", json::object());
  std::string text;
  if (auto c = r.find("content"); c != r.end() && c->is_array() && !c->empty())
    text = c->front().value("text", std::string{});
  if (r.value("isError", false))
    return tool_fail(text);
  auto out = std::make_shared<mcp::rendered_result>();
  out->structured = mcp::dump(r.value("structuredContent", json::object()));
  out->text = mcp::dump(json(text));
  mcp::tool_outcome o;
  o.rendered = std::move(out);
  return o;
}

} // namespace

mcp::cancel_fn forward_to_project(mcp_backend& be, mcp::tool_call call) {
  auto fail = [&call](std::string why) {
    call.done(tool_fail(std::move(why)));
    return mcp::cancel_fn{};
  };
  auto& args = call.args;
  std::string project;
  for (const char* key : {"project", "node"})
    if (auto p = args.find(key); p != args.end()) {
      project = p->get<std::string>();
      args.erase(p);
    }
  if (project.empty() || project == "*")
    return fail("name the project (`project`; projects_list shows them): "
                "this is read on its own daemon");
  if (args.value("follow", false))
    return fail("`follow` runs on the project's own daemon: connect to it "
                "(hummel mcp --dir FOLDER)");
  std::string socket;
  for (const auto& p : be.ctx().hub_projects())
    if (p.name == project)
      socket = p.socket;
  if (socket.empty())
    return fail("no project named '" + project + "' (see projects_list)");
  json req{{"jsonrpc", "2.0"},
           {"id", 2},
           {"method", "tools/call"},
           {"params", {{"name", call.def->name}, {"arguments", args}}}};
  if (!be.ctx().hub_call)
    return fail("this hub cannot reach its projects' daemons");
  auto fwd = be.self()->spawn<caf::detached>(forwarder, be.ctx().hub_call);
  auto done = std::move(call.done);
  be.self()
    ->request(fwd, forward_timeout + std::chrono::seconds{10}, socket,
              req.dump())
    .then([done](std::string& line) { done(outcome_of(line)); },
          [done, &be](caf::error& err) {
            done(tool_fail("forwarding failed: "
                           + be.self()->system().render(err)));
          });
  return {};
}

} // namespace hummel::mcp_tools
