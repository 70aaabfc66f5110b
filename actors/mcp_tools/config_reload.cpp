// config_reload: loads the configuration again (mcp_context::load_config)
// and hands it to the SUPERVISOR, which applies the difference; answers
// what changed, or the loader's "file:line: reason" (nothing changed then).

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>

namespace hummel::mcp_tools {

using nlohmann::json;

mcp::cancel_fn config_reload(mcp_backend& be, mcp::tool_call call) {
  auto done = std::move(call.done);
  const auto& ctx = be.ctx();
  if (!ctx.load_config) {
    done(tool_fail("this daemon cannot reload its configuration"));
    return {};
  }
  auto loaded = ctx.load_config();
  if (auto* why = std::get_if<std::string>(&loaded)) {
    done(tool_fail("configuration not reloaded: " + *why));
    return {};
  }
  auto next = std::get<std::shared_ptr<const project_config>>(loaded);
  auto unapplied = unapplied_changes(*ctx.config, *next);
  // Removed and changed processes end within their grace periods; the
  // SUPERVISOR bounds each stop, so a minute covers any sane file.
  be.self()
    ->request(ctx.supervisor, std::chrono::minutes{1}, atom::reload_v, next)
    .then(
      [&be, done, unapplied](config_diff& d) {
        auto result = json{{"added", d.added},
                           {"removed", d.removed},
                           {"changed", d.changed},
                           {"unchanged", d.unchanged.size()},
                           {"unapplied", unapplied}};
        // Read-your-writes: the view shows the reload before the answer.
        be.self()
          ->request(be.ctx().cache, std::chrono::seconds{5}, atom::sync_v)
          .then([done, result](uint64_t) { done(tool_ok(result)); },
                [done, result](caf::error&) { done(tool_ok(result)); });
      },
      [&be, done](caf::error& err) {
        done(tool_fail("configuration not reloaded: " + be.describe(err, "")));
      });
  return {};
}

} // namespace hummel::mcp_tools
