// scripts_stop: stop a process through the SUPERVISOR; answers once the
// run has ended and the view shows it.

#include "actors/detail/command_timeout.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"

#include <caf/event_based_actor.hpp>

namespace hummel::mcp_tools {

mcp::cancel_fn scripts_stop(mcp_backend& be, mcp::tool_call call) {
  auto done = std::move(call.done);
  if (auto node = be.remote_node(call.args); !node.empty()) {
    be.remote_command(atom::stop_v, node, call.args, std::move(done));
    return {};
  }
  auto name = call.args.at("name").get<std::string>();
  auto timeout = detail::command_timeout(be.grace_of(name),
                                         detail::command_waiter::client);
  be.self()
    ->request(be.ctx().supervisor, timeout, atom::stop_v, name)
    .then(
      [&be, done](snapshot_ptr& x) {
        be.answer_command(std::move(x), std::nullopt, done);
      },
      [&be, done, name](caf::error& err) {
        done(tool_fail(be.describe(err, name)));
      });
  return {};
}

} // namespace hummel::mcp_tools
