#include "main/daemon/startup.hpp"

#include "actors/detail/process_errors.hpp"
#include "actors/mcp_session.hpp"
#include "common/log.hpp"
#include "common/paths.hpp"
#include "config/load.hpp"
#include "reactor/leftovers.hpp"
#include "reactor/reactor.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hummel {

namespace fs = std::filesystem;

cluster_settings merged_cluster(const cluster_settings& file,
                                const daemon_options& opts) {
  auto c = file;
  if (!opts.node.empty())
    c.node = opts.node;
  if (!opts.cluster_listen.empty())
    c.listen = opts.cluster_listen == "off" ? "" : opts.cluster_listen;
  if (!opts.peers.empty())
    c.peers = opts.peers;
  if (!opts.tls_cert.empty())
    c.tls.cert = fs::absolute(opts.tls_cert);
  if (!opts.tls_key.empty())
    c.tls.key = fs::absolute(opts.tls_key);
  if (!opts.tls_ca.empty())
    c.tls.ca = fs::absolute(opts.tls_ca);
  if (opts.allow_remote_control)
    c.allow_remote_control = true;
  return c;
}

namespace {

start_failure refused(std::string why) {
  HUMMEL_LOG_ERROR(daemon, "{}", why);
  return {"configuration refused; nothing started"};
}

} // namespace

start_check load_config(const daemon_options& opts,
                        std::shared_ptr<const project_config>& out) {
  auto loaded = load_project(opts.dir, opts.config);
  if (!loaded.ok()) {
    for (size_t i = 0; i + 1 < loaded.errors.size(); ++i)
      HUMMEL_LOG_ERROR(daemon, "{}", loaded.errors[i].to_string());
    return refused(loaded.errors.back().to_string());
  }
  loaded.config.cluster = merged_cluster(loaded.config.cluster, opts);
  if (auto why = check_cluster(loaded.config.cluster))
    return refused(*why);
  auto rules
    = detail::rules_with(loaded.config.errors.matchers, loaded.config.dir);
  if (auto* why = std::get_if<std::string>(&rules))
    return refused("hummel.toml: [errors] matchers: " + *why);
  if (opts.monitor && !loaded.config.processes.empty()) {
    HUMMEL_LOG_INFO(daemon, "monitor: ignoring the {} process(es) of {}",
                    loaded.config.processes.size(), loaded.config.dir.string());
    loaded.config.processes.clear();
  }
  out = std::make_shared<const project_config>(std::move(loaded.config));
  return std::nullopt;
}

start_check prepare_state_dir(const daemon_options& opts,
                              const project_config& config, fs::path& out) {
  out = opts.state_dir ? *opts.state_dir : default_state_dir(config.project_id);
  std::error_code err;
  fs::create_directories(out / "logs", err);
  if (err)
    return start_failure{"cannot create state directory " + out.string() + ": "
                         + err.message()};
  ::chmod(out.c_str(), 0700);
  // Present is not enough: the logs are written there (read-only mounts).
  auto probe = out / "logs" / ".hummel-probe";
  int fd
    = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return start_failure{"cannot write in state directory " + out.string()
                         + ": " + std::strerror(errno)};
  ::close(fd);
  ::unlink(probe.c_str());
  return std::nullopt;
}

void end_leftovers(const project_config& config, const fs::path& state_dir) {
  if (auto n
      = reactor::end_leftovers(state_dir / "children", config.project_id + "/",
                               config.daemon.grace_period))
    HUMMEL_LOG_WARN(daemon,
                    "ended {} leftover process(es) of a previous "
                    "daemon",
                    n);
  HUMMEL_LOG_INFO(daemon, "project {} in {}: {} process(es); state in {}",
                  config.project_id, config.dir.string(),
                  config.processes.size(), state_dir.string());
  if (config.processes.empty() && !config.cluster.enabled())
    HUMMEL_LOG_WARN(daemon,
                    "no processes: add one to {}/hummel.toml "
                    "([processes.web] with command = \"npm run dev\") or a "
                    "\"scripts\" entry to package.json; {}",
                    config.dir.string(),
                    config.daemon.reload == "manual"
                      ? "then run `hummel reload`"
                      : "it is read as soon as it is saved");
}

runtime_options runtime_options_for(const project_config& config,
                                    const fs::path& state_dir,
                                    line_printer* printer) {
  runtime_options ropts;
  ropts.state_dir = state_dir;
  ropts.node = config.cluster.node;
  ropts.cluster = config.cluster;
  ropts.printer = printer;
  // Each running process holds descriptors of the daemon (its pipes and
  // pidfd): take every one the system allows before anything is opened.
  auto lim = reactor::raise_descriptor_limit();
  if (lim.soft < lim.nr_open)
    HUMMEL_LOG_INFO(daemon,
                    "descriptor limit {} (hard {}; fs.nr_open {} needs "
                    "CAP_SYS_RESOURCE): about {} processes",
                    lim.soft, lim.hard, lim.nr_open,
                    lim.soft / reactor::descriptors_per_child);
  return ropts;
}

start_check start_cluster(runtime& rt, const project_config& config) {
  if (auto why = rt.start_cluster())
    return start_failure{*why};
  const auto& cl = config.cluster;
  if (!config.cluster.enabled())
    return std::nullopt;
  std::string listen;
  if (auto hp = split_host_port(cl.listen))
    listen = ", listening on " + join_host_port(hp->host, rt.cluster_port());
  HUMMEL_LOG_INFO(cluster, "cluster: node {}{}, {} peer(s){}",
                  rt.cell().with([](const status_view& v) { return v.node; }),
                  listen, cl.peers.size(),
                  cl.tls.enabled() ? ", mutual TLS"
                                   : ", plain (loopback only)");
  return std::nullopt;
}

mcp_context mcp_context_for(const daemon_options& opts, runtime& rt,
                            const fs::path& state_dir) {
  mcp_context mctx;
  mctx.cell = &rt.cell();
  mctx.supervisor = rt.supervisor();
  mctx.cache = rt.cache();
  mctx.config = rt.config_ptr();
  mctx.log_dir = state_dir / "logs";
  mctx.log_file_count = rt.config().daemon.log_file_count;
  mctx.read_by_message = opts.read_path == "messages";
  mctx.read_floor = opts.read_path == "floor";
  mctx.cluster_cell = &rt.cluster_cell();
  mctx.cluster = rt.cluster();
  mctx.audit = rt.audit();
  return mctx;
}

storm_actor start_storm(const daemon_options& opts, runtime& rt,
                        const project_config& config) {
  if (opts.storm_rate <= 0)
    return {};
  storm_options so;
  so.rate = opts.storm_rate;
  so.first_index = static_cast<uint32_t>(config.processes.size());
  so.on_report = [rate = opts.storm_rate](const storm_report& r) {
    HUMMEL_LOG_INFO(daemon,
                    "storm: requested {:.0f}/s, sent {} in {:.3f} s "
                    "({:.0f}/s), total {} in {:.3f} s",
                    rate, r.sent, r.seconds, r.sent / r.seconds, r.total,
                    r.elapsed);
  };
  HUMMEL_LOG_WARN(daemon,
                  "storm (benchmark only): {:.0f} synthetic changes/s for {} "
                  "processes storm-0..",
                  so.rate, so.processes);
  return rt.system().spawn(storm, rt.cache(), std::move(so));
}

void stop_storm(const storm_actor& storm) {
  if (storm)
    caf::anon_send_exit(storm, caf::exit_reason::user_shutdown);
}

} // namespace hummel
