#include "main/daemon/hub/hub.hpp"

#include "actors/cluster_view.hpp"
#include "common/defer.hpp"
#include "common/log.hpp"
#include "common/paths.hpp"
#include "config/load.hpp"
#include "main/daemon/daemon.hpp"
#include "main/daemon/hub/discovery.hpp"
#include "main/daemon/hub/forward.hpp"
#include "main/daemon/hub/summary.hpp"
#include "main/daemon/listeners.hpp"
#include "main/daemon/project_lock.hpp"
#include "main/daemon/runtime.hpp"
#include "main/daemon/runtime_file.hpp"
#include "main/daemon/signals.hpp"
#include "main/daemon/startup.hpp"
#include "net/runtime_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <cstring>

namespace hummel {

namespace {

constexpr const char* hub_id = "hub";

int failed(const std::string& why) {
  HUMMEL_LOG_ERROR(daemon, "{}", why);
  return 2;
}

/// The hub's own configuration: no processes, HTTP as asked (else the
/// default port, or the next free one).
std::shared_ptr<const project_config> hub_config() {
  auto c = std::make_shared<project_config>();
  c->dir = net::runtime_dir();
  c->project_id = hub_id;
  c->cluster.node = hub_id;
  return c;
}

hub_project to_hub_project(const found_project& p) {
  return {p.name, p.folder.string(),          p.link, p.socket,
          p.url,  static_cast<int64_t>(p.pid)};
}

} // namespace

int run_hub(const daemon_options& opts) {
  log::configure({opts.log_level, isatty(STDERR_FILENO) != 0});
  default_stop_signals();
  auto config = hub_config();
  if (auto why = net::ensure_private_dir(config->dir))
    return failed(*why);
  auto state_dir = opts.state_dir ? *opts.state_dir : default_state_dir(hub_id);
  std::error_code ec;
  std::filesystem::create_directories(state_dir / "logs", ec);
  stop_signals signals;
  project_lock lock;
  // One hub per runtime folder (the user's, or a test's own).
  if (auto why
      = lock.take(std::string{hub_id} + "-" + make_project_id(config->dir)))
    return failed("a hub already runs for this user (" + *why + ")");
  runtime_options ropts;
  ropts.state_dir = state_dir;
  ropts.node = hub_id;
  ropts.scheduler = opts.scheduler;
  ropts.hub = true;
  runtime rt{config, std::move(ropts)};
  auto stop_runtime = defer([&rt] { rt.shutdown(); });
  auto viewer = caf::actor_cast<cluster_viewer_actor>(rt.cluster());
  project_discovery::callbacks cb;
  cb.added = [viewer](const found_project& p) {
    HUMMEL_LOG_INFO(daemon, "hub: found {} in {} (pid {})", p.name,
                    p.folder.string(), p.pid);
    caf::anon_send(viewer, caf::put_atom_v, p.link, p.name, p.credential);
  };
  cb.removed = [viewer](const found_project& p) {
    HUMMEL_LOG_INFO(daemon, "hub: {} is gone (its runtime file {})", p.name,
                    p.dead ? "was cleaned" : "was removed");
    caf::anon_send(viewer, caf::delete_atom_v, p.link);
  };
  auto found = std::make_unique<project_discovery>(
    config->dir, std::string{hub_id} + ".json", std::move(cb),
    std::chrono::milliseconds{opts.hub_forget_ms});
  auto mctx = mcp_context_for(opts, rt, state_dir);
  mctx.hub_projects = [&found] {
    std::vector<hub_project> out;
    for (const auto& p : found->projects())
      out.push_back(to_hub_project(p));
    return out;
  };
  mctx.hub_call = call_project_daemon;
  mcp_listeners listeners{rt.system(), &mctx};
  if (auto why = listeners.start(opts, *config))
    return failed(*why);
  runtime_file file{config->dir / (std::string{hub_id} + ".json"),
                    {listeners.where().socket,
                     listeners.where().url,
                     listeners.where().token,
                     listeners.where().loopback_token,
                     config->dir,
                     {},
                     {}}};
  HUMMEL_LOG_INFO(daemon, "hub: MCP on {}{}; watching {} for daemons",
                  listeners.where().socket.string(),
                  listeners.where().url.empty()
                    ? std::string{}
                    : " and " + listeners.where().url,
                  config->dir.string());
  hub_summary summary{rt.cluster_cell(), stdout};
  release_start_up_pages();
  HUMMEL_LOG_INFO(daemon, "received {}; the hub stops",
                  strsignal(signals.wait()));
  return 0;
}

} // namespace hummel
