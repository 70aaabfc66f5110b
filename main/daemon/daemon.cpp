#include "main/daemon/daemon.hpp"

#include "common/defer.hpp"
#include "common/loader_tables.hpp"
#include "common/log.hpp"
#include "main/daemon/console.hpp"
#include "main/daemon/listeners.hpp"
#include "main/daemon/project_lock.hpp"
#include "main/daemon/reload.hpp"
#include "main/daemon/reporter.hpp"
#include "main/daemon/runtime_file.hpp"
#include "main/daemon/signals.hpp"
#include "main/daemon/startup.hpp"
#include "net/runtime_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace hummel {

namespace {

int failed(const start_failure& f) {
  HUMMEL_LOG_ERROR(daemon, "{}", f.message);
  return 2;
}

std::vector<std::string> process_names(const project_config& config) {
  std::vector<std::string> names;
  for (const auto& def : config.processes)
    names.push_back(def.name);
  return names;
}

} // namespace

void release_start_up_pages() {
  [[maybe_unused]] auto released = release_loader_tables();
  HUMMEL_LOG_DEBUG(daemon,
                   "started; the loader's tables of {} objects "
                   "handed back ({} KiB)",
                   released.objects, released.bytes / 1024);
}

// The start-up, step by step (docs/architecture.md, "Start-up and
// shutdown"). Every start is followed at once by its stop (`defer`), so the
// shutdown is the exact reverse and no early return skips a step.
int run_daemon(const daemon_options& opts) {
  log::configure({opts.log_level, isatty(STDERR_FILENO) != 0});
  default_stop_signals(); // a signal while reading the config ends us
  if (opts.startup_delay_ms > 0)
    std::this_thread::sleep_for(
      std::chrono::milliseconds{opts.startup_delay_ms});
  std::shared_ptr<const project_config> config;
  if (auto f = load_config(opts, config))
    return failed(*f);
  std::filesystem::path state_dir;
  if (auto f = prepare_state_dir(opts, *config, state_dir))
    return failed(*f);
  stop_signals signals; // before the lock (undone on return) and any thread
  project_lock lock;
  if (auto why = lock.take(config->project_id))
    return failed({*why});
  end_leftovers(*config, state_dir);
  if (int sig = signals.pending())
    return failed({"received " + std::string{strsignal(sig)}
                   + " while starting; nothing started"});
  bool stopping = false;
  auto bye = defer([&stopping] {
    if (stopping)
      HUMMEL_LOG_INFO(daemon, "all processes stopped; bye");
  });
  console_printer printer{stdout, process_names(*config),
                          console_printer::want_color(stdout)};
  auto ropts = runtime_options_for(*config, state_dir,
                                   opts.print_output ? &printer : nullptr);
  ropts.error_detection = opts.error_detection;
  ropts.fd_bank = opts.fd_bank;
  ropts.scheduler = opts.scheduler;
  ropts.hub_socket = net::runtime_dir() / (config->project_id + ".link");
  runtime rt{config, std::move(ropts)};
  second_signal killer{[&rt](int sig) {
    HUMMEL_LOG_WARN(daemon, "second {}: killing every process now",
                    strsignal(sig));
    rt.kill_all();
  }};
  auto stop_runtime = defer([&rt] { rt.shutdown(); });
  if (auto f = start_cluster(rt, *config))
    return failed(*f);
  caf::anon_send(rt.cache(), atom::subscribe_v,
                 rt.system().spawn(reporter, rt.cache()));
  config_reloader reloader{opts, *config, rt.system(), rt.supervisor()};
  reloader.loaded = [&rt](const project_config& c) { rt.watch_files(c); };
  auto mctx = mcp_context_for(opts, rt, state_dir);
  mctx.load_config = [&reloader] { return reloader.load(); };
  if (!rt.wait_for_view(std::chrono::seconds{10}))
    HUMMEL_LOG_WARN(daemon, "the status view is not complete after 10 s");
  mcp_listeners listeners{rt.system(), &mctx}; // its destructor stops it
  if (auto why = listeners.start(opts, *config))
    return failed({*why});
  runtime_file file{net::runtime_dir() / (config->project_id + ".json"),
                    {listeners.where().socket, listeners.where().url,
                     listeners.where().token, listeners.where().loopback_token,
                     config->dir, rt.hub_socket(), rt.hub_credential()}};
  if (!rt.boot())
    HUMMEL_LOG_ERROR(daemon, "boot timed out");
  config_watch watch{reload_files(opts, *config),
                     [&reloader](reload_cause cause, const std::string& what) {
                       reloader.on_trigger(cause, what);
                     }};
  auto storm = start_storm(opts, rt, *config);
  auto stop_storm_actor = defer([&storm] { stop_storm(storm); });
  release_start_up_pages();
  HUMMEL_LOG_INFO(daemon, "received {}; stopping everything",
                  strsignal(signals.wait()));
  killer.arm();
  stopping = true;
  return 0; // the defers stop everything; the lock goes last
}

} // namespace hummel
