#include "main/daemon/reload.hpp"

#include "common/log.hpp"
#include "config/load.hpp"
#include "main/daemon/startup.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>

namespace hummel {

namespace {

std::string joined(const std::vector<std::string>& xs) {
  std::string result;
  for (const auto& x : xs)
    result += (result.empty() ? "" : ", ") + x;
  return result;
}

/// "added a, b; removed c; changed d; 7 unchanged".
std::string summary(const config_diff& d) {
  std::string result;
  auto part = [&](const char* what, const std::vector<std::string>& xs) {
    if (!xs.empty())
      result += std::string{what} + " " + joined(xs) + "; ";
  };
  part("added", d.added);
  part("removed", d.removed);
  part("changed", d.changed);
  return result + std::to_string(d.unchanged.size()) + " unchanged";
}

} // namespace

config_load load_config_again(const daemon_options& opts) {
  auto loaded = load_project(opts.dir, opts.config);
  if (!loaded.ok()) {
    std::string why;
    for (const auto& e : loaded.errors)
      why += (why.empty() ? "" : "\n") + e.to_string();
    return why;
  }
  loaded.config.cluster = merged_cluster(loaded.config.cluster, opts);
  if (auto why = check_cluster(loaded.config.cluster))
    return *why;
  if (opts.monitor)
    loaded.config.processes.clear();
  return std::make_shared<const project_config>(std::move(loaded.config));
}

std::vector<std::filesystem::path> reload_files(const daemon_options& opts,
                                                const project_config& config) {
  auto file = config.dir / "hummel.toml";
  if (opts.config)
    file
      = opts.config->is_absolute() ? *opts.config : config.dir / *opts.config;
  return {file, config.dir / "package.json"};
}

config_reloader::config_reloader(daemon_options opts,
                                 const project_config& initial,
                                 caf::actor_system& sys,
                                 supervisor_actor supervisor)
  : opts_(std::move(opts)),
    sys_(sys),
    supervisor_(std::move(supervisor)),
    auto_mode_(initial.daemon.reload != "manual") {
  // nop
}

config_load config_reloader::load() {
  auto result = load_config_again(opts_);
  if (auto* cfg = std::get_if<std::shared_ptr<const project_config>>(&result)) {
    auto_mode_ = (*cfg)->daemon.reload != "manual";
    if (loaded)
      loaded(**cfg);
  }
  return result;
}

void config_reloader::on_trigger(reload_cause cause, const std::string& what) {
  if (cause == reload_cause::file && !auto_mode_) {
    HUMMEL_LOG_DEBUG(daemon, "{} changed; [daemon] reload = \"manual\"", what);
    return;
  }
  auto why = cause == reload_cause::signal ? what : what + " changed";
  auto loaded = load();
  if (auto* err = std::get_if<std::string>(&loaded)) {
    HUMMEL_LOG_ERROR(daemon,
                     "reload ({}): configuration refused, nothing "
                     "changed: {}",
                     why, *err);
    return;
  }
  caf::scoped_actor self{sys_};
  self
    ->request(supervisor_, std::chrono::minutes{1}, atom::reload_v,
              std::get<std::shared_ptr<const project_config>>(loaded))
    .receive(
      [&](config_diff& d) {
        HUMMEL_LOG_INFO(daemon, "reload ({}): {}", why, summary(d));
      },
      [&](caf::error& err) {
        HUMMEL_LOG_ERROR(daemon, "reload ({}) failed: {}", why,
                         caf::to_string(err));
      });
}

} // namespace hummel
