#include "main/daemon/daemon.hpp"
#include "common/paths.hpp"

#include "actors/storm.hpp"
#include "config/load.hpp"
#include "main/daemon/console.hpp"
#include "main/daemon/mcp_gateway.hpp"
#include "main/daemon/runtime.hpp"
#include "main/daemon/cluster/tls_watch.hpp"
#include "messages/error.hpp"
#include "net/http_server.hpp"
#include "net/runtime_dir.hpp"
#include "reactor/leftovers.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace hummel {

namespace {

namespace fs = std::filesystem;

/// Prints lifecycle changes ("web: started, pid 42") from status deltas.
status_subscriber_actor::behavior_type
reporter(status_subscriber_actor::pointer self,
         std::shared_ptr<spdlog::logger> lg, status_cache_actor cache) {
  // Ends with the STATUS CACHE.
  self->link_to(cache);
  struct seen {
    process_status status = process_status::idle;
    bool ready = false;
    uint32_t run_id = 0;
  };
  auto last = std::make_shared<std::unordered_map<std::string, seen>>();
  return {
    [lg, last](atom::delta, const status_delta& d) {
      for (const auto& snap : d.changed) {
        auto& prev = (*last)[snap->name];
        bool same_state
          = prev.status == snap->status && prev.run_id == snap->run_id;
        bool became_ready = snap->ready && !prev.ready;
        prev = {snap->status, snap->ready, snap->run_id};
        if (same_state) {
          if (became_ready && snap->status == process_status::running)
            lg->info("{}: ready", snap->name);
          continue;
        }
        switch (snap->status) {
        case process_status::idle:
          break;
        case process_status::running:
          lg->info("{}: started, pid {}{}", snap->name, snap->pid,
                   became_ready ? ", ready" : "");
          break;
        case process_status::failed:
        case process_status::succeeded:
        case process_status::stopped:
          if (!snap->error.empty())
            lg->warn("{}: {}: {}", snap->name, to_string(snap->status),
                     snap->error);
          else if (snap->signal != 0)
            lg->info("{}: {} by signal {}", snap->name, to_string(snap->status),
                     snap->signal);
          else
            lg->info("{}: {} with exit code {}", snap->name,
                     to_string(snap->status), snap->exit_code);
          break;
        case process_status::backoff:
          lg->info(
            "{}: restart {} in {} ms", snap->name, snap->restarts + 1,
            std::max<int64_t>(0, snap->restart_due_ms
                                   - std::max(snap->end_ms, snap->start_ms)));
          break;
        case process_status::crashed:
          lg->error("{}: crashed: {}", snap->name, snap->error);
          break;
        default:
          lg->info("{}: {}", snap->name, to_string(snap->status));
        }
      }
    },
  };
}

/// Takes the project's daemon lock: one daemon per project and user, however
/// XDG_RUNTIME_DIR or --state-dir are set. Returns the open lock fd, or -1
/// with `why` set. The kernel releases the lock when the daemon dies, even by
/// SIGKILL, so a stale lock cannot exist.
int take_project_lock(const std::string& project_id, std::string& why) {
  fs::path dir = "/tmp/hummel-" + std::to_string(getuid()) + "-locks";
  if (auto err = net::ensure_private_dir(dir)) {
    why = *err;
    return -1;
  }
  auto path = dir / (project_id + ".lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    why = "cannot open " + path.string() + ": " + std::strerror(errno);
    return -1;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    auto n = pread(fd, buf, sizeof(buf) - 1, 0);
    why = "another hummel daemon runs for this project (pid "
          + std::string{buf, static_cast<size_t>(std::max<ssize_t>(n, 0))}
          + "); use `hummel down` or the running one";
    ::close(fd);
    return -1;
  }
  auto pid = std::to_string(getpid());
  if (ftruncate(fd, 0) == 0)
    (void)!pwrite(fd, pid.data(), pid.size(), 0);
  return fd;
}

/// Writes the runtime file (0600): how clients reach this daemon.
void write_runtime_file(const fs::path& path, const fs::path& sock,
                        const std::string& url, const std::string& token,
                        const fs::path& dir) {
  std::ifstream stat{"/proc/self/stat"};
  std::string text;
  std::getline(stat, text);
  // Field 22 (start time) counted after the ")" that ends the command name.
  std::istringstream rest{text.substr(text.rfind(')') + 2)};
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    ;
  nlohmann::json j{
    {"pid", getpid()},
    {"start_time", std::stoull(field.empty() ? "0" : field)},
    {"socket", sock.string()},
    {"http", url.empty() ? nlohmann::json() : nlohmann::json(url)},
    {"dir", dir.string()}};
  if (!token.empty())
    j["token"] = token;
  auto tmp = path;
  tmp += ".tmp";
  {
    auto old = umask(077);
    std::ofstream out{tmp};
    out << j.dump(2) << '\n';
    umask(old);
  }
  std::error_code err;
  fs::rename(tmp, path, err);
}

/// `[cluster]` with the command-line flags applied.
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

} // namespace

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
  loaded.config.cluster = merged_cluster(loaded.config.cluster, opts);
  if (auto why = check_cluster(loaded.config.cluster)) {
    lg->error("{}", *why);
    lg->error("configuration refused; nothing started");
    return 2;
  }
  if (opts.monitor && !loaded.config.processes.empty()) {
    lg->info("monitor: ignoring the {} process(es) of {}",
             loaded.config.processes.size(), loaded.config.dir.string());
    loaded.config.processes.clear();
  }
  auto config
    = std::make_shared<const project_config>(std::move(loaded.config));
  auto state_dir
    = opts.state_dir ? *opts.state_dir : default_state_dir(config->project_id);
  std::error_code err;
  fs::create_directories(state_dir / "logs", err);
  if (err) {
    lg->error("cannot create state directory {}: {}", state_dir.string(),
              err.message());
    return 1;
  }
  ::chmod(state_dir.c_str(), 0700);
  // One daemon per project: a second one would end the first one's
  // children as "leftovers".
  std::string lock_error;
  int lock_fd = take_project_lock(config->project_id, lock_error);
  if (lock_fd < 0) {
    lg->error("{}", lock_error);
    return 1;
  }
  auto registry = state_dir / "children";
  auto marker_prefix = config->project_id + "/";
  if (auto n = reactor::end_leftovers(registry, marker_prefix,
                                      config->daemon.grace_period))
    lg->warn("ended {} leftover process(es) of a previous daemon", n);
  lg->info("project {} in {}: {} process(es); state in {}", config->project_id,
           config->dir.string(), config->processes.size(), state_dir.string());
  std::vector<std::string> names;
  for (const auto& def : config->processes)
    names.push_back(def.name);
  console_printer printer{stdout, names, console_printer::want_color(stdout)};
  runtime_options ropts;
  ropts.state_dir = state_dir;
  ropts.node = config->cluster.node;
  ropts.cluster = config->cluster;
  ropts.cluster_log = [lg](bool warning, const std::string& line) {
    if (warning)
      lg->warn("{}", line);
    else
      lg->info("{}", line);
  };
  tls_watch::install([lg](const std::string& line) { lg->warn("{}", line); });
  ropts.printer = opts.print_output ? &printer : nullptr;
  auto trampoline = self_dir() / "hummel-spawn";
  if (fs::exists(trampoline))
    ropts.trampoline = trampoline;
  else
    lg->warn("{} not found: children get no parent-death signal",
             trampoline.string());
  runtime rt{config, std::move(ropts)};
  if (auto why = rt.start_cluster()) {
    lg->error("{}", *why);
    rt.shutdown();
    return 1;
  }
  if (config->cluster.enabled()) {
    const auto& cl = config->cluster;
    auto host = cl.listen.substr(0, cl.listen.rfind(':'));
    lg->info("cluster: node {}{}{}, {} peer(s){}", rt.cell().read()->node,
             cl.listen.empty() ? "" : ", listening on ",
             cl.listen.empty() ? ""
                               : host + ":" + std::to_string(rt.cluster_port()),
             cl.peers.size(),
             cl.tls.enabled() ? ", mutual TLS" : ", plain (loopback only)");
  }
  auto rep = rt.system().spawn(reporter, lg, rt.cache());
  caf::anon_send(rt.cache(), atom::subscribe_v, rep);
  // MCP: the unix socket (CLI, `hummel mcp`) and Streamable HTTP.
  mcp_context mctx;
  mctx.cell = &rt.cell();
  mctx.supervisor = rt.supervisor();
  mctx.cache = rt.cache();
  mctx.config = config;
  mctx.log_dir = state_dir / "logs";
  mctx.log_file_count = config->daemon.log_file_count;
  mctx.read_by_message = opts.read_path == "messages";
  mctx.cluster_cell = &rt.cluster_cell();
  mctx.cluster = rt.cluster();
  line_gateway lines{rt.system(), &mctx};
  auto sock = net::socket_path(config->project_id);
  net::line_server unix_server{sock, lines};
  if (auto err = unix_server.start()) {
    lg->error("{}", *err);
    rt.shutdown();
    return 1;
  }
  auto http_addr = opts.http.empty() ? config->daemon.http : opts.http;
  http_gateway http{rt.system(), &mctx, config->mcp.allow_commands};
  std::unique_ptr<net::http_server> http_server;
  std::string token = config->mcp.token;
  std::string mcp_url;
  if (http_addr != "off") {
    net::http_options hopts;
    auto colon = http_addr.rfind(':');
    hopts.address = http_addr.substr(0, colon);
    if (hopts.address.size() > 2 && hopts.address.front() == '[')
      hopts.address = hopts.address.substr(1, hopts.address.size() - 2);
    hopts.port = static_cast<uint16_t>(std::stoi(http_addr.substr(colon + 1)));
    bool loopback = hopts.address == "127.0.0.1" || hopts.address == "::1"
                    || hopts.address == "localhost";
    if (!loopback && token.empty())
      token = random_hex(24);
    if (!loopback)
      hopts.loopback_only_hosts = false;
    hopts.bearer_token = loopback ? config->mcp.token : token;
    http_server = std::make_unique<net::http_server>(hopts, http);
    if (auto err = http_server->start()) {
      lg->error("{}", *err);
      unix_server.stop();
      rt.shutdown();
      return 1;
    }
    mcp_url = "http://" + http_addr.substr(0, colon) + ":"
              + std::to_string(http_server->port()) + "/mcp";
    lg->info("MCP over HTTP on {}", mcp_url);
  }
  lg->info("MCP over the unix socket {}", sock.string());
  auto runtime_file = net::runtime_dir() / (config->project_id + ".json");
  write_runtime_file(runtime_file, sock, mcp_url, token, config->dir);
  if (!rt.boot())
    lg->error("boot timed out");
  // Benchmark only: synthetic state changes (--storm RATE).
  storm_actor storm_gen;
  if (opts.storm_rate > 0) {
    storm_options so;
    so.rate = opts.storm_rate;
    so.first_index = static_cast<uint32_t>(config->processes.size());
    so.on_report = [lg, rate = opts.storm_rate](const storm_report& r) {
      lg->info("storm: requested {:.0f}/s, sent {} in {:.3f} s ({:.0f}/s), "
               "total {} in {:.3f} s",
               rate, r.sent, r.seconds, r.sent / r.seconds, r.total, r.elapsed);
    };
    lg->warn("storm (benchmark only): {:.0f} synthetic changes/s for {} "
             "processes storm-0..",
             so.rate, so.processes);
    storm_gen = rt.system().spawn(storm, rt.cache(), std::move(so));
  }
  int sig = 0;
  sigwait(&sigs, &sig);
  lg->info("received {}; stopping everything", strsignal(sig));
  // A second signal during the orderly stop kills everything at once.
  std::thread forcer{[&force_sigs, &rt, lg] {
    int sig2 = 0;
    if (sigwait(&force_sigs, &sig2) == 0 && sig2 != SIGUSR2) {
      lg->warn("second {}: killing every process now", strsignal(sig2));
      rt.kill_all();
    }
  }};
  // Stop taking requests, end the sessions, then the processes.
  std::error_code ignored;
  fs::remove(runtime_file, ignored);
  if (http_server)
    http_server->stop();
  unix_server.stop();
  http.shutdown();
  lines.shutdown();
  if (storm_gen)
    caf::anon_send_exit(storm_gen, caf::exit_reason::user_shutdown);
  rt.shutdown();
  pthread_kill(forcer.native_handle(), SIGUSR2);
  forcer.join();
  ::close(lock_fd);
  lg->info("all processes stopped; bye");
  return 0;
}

} // namespace hummel
