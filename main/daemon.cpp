#include "main/daemon.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "actors/status_cache.hpp"
#include "actors/supervisor.hpp"
#include "config/load.hpp"
#include "main/console.hpp"
#include "main/reactor_launcher.hpp"
#include "messages/prepare.hpp"
#include "messages/error.hpp"

#include <csignal>
#include <cstdlib>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

extern char** environ;

namespace hummel {

namespace {

namespace fs = std::filesystem;

/// Prints lifecycle changes ("web: running (pid 42)") from status deltas.
status_subscriber_actor::behavior_type
reporter(status_subscriber_actor::pointer self,
         std::shared_ptr<spdlog::logger> lg) {
  auto last = std::make_shared<std::unordered_map<std::string, std::string>>();
  return {
    [self, lg, last](atom::delta, const status_delta& d) {
      for (const auto& snap : d.changed) {
        std::string what{to_string(snap->status)};
        if (snap->status == process_status::running && snap->ready)
          what += " (ready)";
        auto& prev = (*last)[snap->name];
        if (prev == what)
          continue;
        prev = what;
        switch (snap->status) {
          case process_status::running:
            lg->info("{}: {} pid {}", snap->name, what, snap->pid);
            break;
          case process_status::failed:
          case process_status::succeeded:
          case process_status::stopped:
            if (!snap->error.empty())
              lg->warn("{}: {}: {}", snap->name, what, snap->error);
            else if (snap->signal != 0)
              lg->info("{}: {} (signal {})", snap->name, what, snap->signal);
            else
              lg->info("{}: {} (exit code {})", snap->name, what,
                       snap->exit_code);
            break;
          case process_status::backoff:
            lg->info("{}: restarting in {} ms (restart {})", snap->name,
                     std::max<int64_t>(0, snap->restart_due_ms - snap->end_ms),
                     snap->restarts);
            break;
          case process_status::crashed:
            lg->error("{}: crashed: {}", snap->name, snap->error);
            break;
          default:
            lg->info("{}: {}", snap->name, what);
        }
      }
      (void) self;
    },
  };
}

std::vector<std::string> current_environment() {
  std::vector<std::string> result;
  for (auto** p = environ; p != nullptr && *p != nullptr; ++p)
    result.emplace_back(*p);
  return result;
}

fs::path self_dir() {
  std::error_code err;
  auto exe = fs::read_symlink("/proc/self/exe", err);
  return err ? fs::path{} : exe.parent_path();
}

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof(buf) - 1);
  return buf;
}

} // namespace

fs::path default_state_dir(const std::string& project_id) {
  if (auto* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg)
    return fs::path{xdg} / "hummel" / project_id;
  auto* home = std::getenv("HOME");
  return fs::path{home != nullptr ? home : "/tmp"} / ".local" / "state"
         / "hummel" / project_id;
}

int run_daemon(const daemon_options& opts) {
  auto lg = spdlog::stderr_color_mt("hummel");
  lg->set_pattern("%H:%M:%S %^%l%$ %v");
  lg->set_level(spdlog::level::from_str(opts.log_level));
  // Signals are taken with sigwait: block them before any thread starts so
  // every thread inherits the mask.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  sigset_t force_sigs = sigs; // plus SIGUSR2, which wakes the forcer
  sigaddset(&force_sigs, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &force_sigs, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  auto loaded = load_project(opts.dir, opts.config);
  if (!loaded.ok()) {
    for (const auto& err : loaded.errors)
      lg->error("{}", err.to_string());
    lg->error("configuration refused; nothing started");
    return 2;
  }
  auto config = std::make_shared<const project_config>(
    std::move(loaded.config));
  auto state_dir = opts.state_dir ? *opts.state_dir
                                  : default_state_dir(config->project_id);
  std::error_code err;
  fs::create_directories(state_dir / "logs", err);
  if (err) {
    lg->error("cannot create state directory {}: {}", state_dir.string(),
              err.message());
    return 1;
  }
  ::chmod(state_dir.c_str(), 0700);
  auto registry = state_dir / "children";
  auto marker_prefix = config->project_id + "/";
  if (auto n = reactor::end_leftovers(registry, marker_prefix,
                                      config->daemon.grace_period))
    lg->warn("ended {} leftover process(es) of a previous daemon", n);
  lg->info("project {} in {}: {} process(es); state in {}",
           config->project_id, config->dir.string(), config->processes.size(),
           state_dir.string());
  reactor::options ropts;
  auto trampoline = self_dir() / "hummel-spawn";
  if (fs::exists(trampoline))
    ropts.trampoline = trampoline;
  else
    lg->warn("{} not found: children get no parent-death signal",
             trampoline.string());
  ropts.registry = registry;
  std::vector<std::string> names;
  for (const auto& def : config->processes)
    names.push_back(def.name);
  console_printer printer{stdout, names, console_printer::want_color(stdout)};
  process_context ctx;
  ctx.printer = opts.print_output ? &printer : nullptr;
  ctx.log_dir = state_dir / "logs";
  ctx.log_file_max_bytes = config->daemon.log_file_max_bytes;
  ctx.log_file_count = config->daemon.log_file_count;
  ctx.marker_prefix = marker_prefix;
  ctx.base_env = current_environment();
  caf::actor_system_config cfg;
  prepare(cfg);
  cfg.set("logger.console-verbosity", caf::atom("quiet"));
  caf::actor_system sys{cfg};
  auto launch = std::make_unique<reactor_launcher>(std::move(ropts));
  ctx.launch = launch.get();
  view_cell<status_view> cell{make_empty_view(host_name())};
  auto cache = sys.spawn(status_cache, &cell, host_name());
  auto sup = sys.spawn(supervisor, config, &ctx, cache);
  auto rep = sys.spawn(reporter, lg);
  caf::anon_send(cache, atom::subscribe_v, rep);
  {
    caf::scoped_actor self{sys, true};
    self->request(sup, std::chrono::seconds{10}, atom::boot_v)
      .receive([](bool) {},
               [&](caf::error& e) {
                 lg->error("boot failed: {}", sys.render(e));
               });
    int sig = 0;
    sigwait(&sigs, &sig);
    lg->info("received {}; stopping everything", strsignal(sig));
    // A second signal during the orderly stop kills everything at once.
    std::thread forcer{[&force_sigs, &launch, lg] {
      int sig2 = 0;
      if (sigwait(&force_sigs, &sig2) == 0 && sig2 != SIGUSR2) {
        lg->warn("second {}: killing every process now", strsignal(sig2));
        launch->kill_all();
      }
    }};
    auto max_grace = config->daemon.grace_period;
    for (const auto& def : config->processes)
      max_grace = std::max(max_grace, def.grace_period);
    self->request(sup, max_grace * 2 + std::chrono::seconds{10},
                  atom::shutdown_v)
      .receive([](bool) {},
               [&](caf::error& e) {
                 lg->error("orderly stop failed: {}", sys.render(e));
               });
    // Wake the forcer thread and join it.
    pthread_kill(forcer.native_handle(), SIGUSR2);
    forcer.join();
    self->send_exit(sup, caf::exit_reason::user_shutdown);
    self->send_exit(cache, caf::exit_reason::user_shutdown);
    self->send_exit(rep, caf::exit_reason::user_shutdown);
  }
  sys.await_all_actors_done();
  launch.reset();
  lg->info("all processes stopped; bye");
  return 0;
}

} // namespace hummel
