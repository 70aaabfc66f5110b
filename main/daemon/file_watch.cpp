#include "main/daemon/file_watch.hpp"

#include "common/log.hpp"

#include <caf/send.hpp>

namespace hummel {

std::vector<watch::watch_spec> watch_specs_of(const project_config& config) {
  std::vector<watch::watch_spec> out;
  for (const auto& def : config.processes)
    if (!def.watch.empty())
      out.push_back(
        {def.name, def.cwd, def.watch, def.watch_ignore, def.watch_debounce});
  return out;
}

file_watch::file_watch(watch_actor target) : target_(std::move(target)) {
  // nop
}

file_watch::~file_watch() {
  // Joins the thread before anything the sink uses goes away.
  watcher_.reset();
}

void file_watch::configure(const project_config& config) {
  auto specs = watch_specs_of(config);
  std::lock_guard<std::mutex> guard{mtx_};
  if (specs.empty() && !watcher_)
    return;
  if (!watcher_)
    watcher_ = std::make_unique<watch::watcher>(
      static_cast<watch::watch_sink&>(*this));
  HUMMEL_LOG_INFO(daemon, "watching files for {} process(es)", specs.size());
  watcher_->configure(std::move(specs));
}

void file_watch::changed(const std::string& name, const std::string& reason) {
  caf::anon_send(target_, atom::changed_v, name, reason);
}

void file_watch::failed(const std::string& name, const std::string& why) {
  if (why.empty())
    HUMMEL_LOG_INFO(daemon, "{}: file watching works again", name);
  else
    HUMMEL_LOG_ERROR(daemon, "{}: {}", name, why);
  caf::anon_send(target_, atom::watch_v, name, why);
}

} // namespace hummel
