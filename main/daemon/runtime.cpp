#include "main/daemon/runtime.hpp"

#include "actors/cluster_node.hpp"
#include "actors/cluster_view.hpp"
#include "actors/detail/command_timeout.hpp"
#include "actors/detail/process_errors.hpp"
#include "actors/status_cache.hpp"
#include "actors/supervisor.hpp"
#include "actors/watch.hpp"
#include "common/audit.hpp"
#include "common/log.hpp"
#include "main/daemon/cluster/cluster_net.hpp"
#include "main/daemon/cluster/tls_module.hpp"
#include "main/daemon/cluster/unix_transport.hpp"
#include "main/daemon/file_watch.hpp"
#include "main/daemon/mcp_gateway_channels.hpp"
#include "main/daemon/reactor_launcher.hpp"
#include "messages/error.hpp"
#include "messages/prepare.hpp"
#include "net/runtime_dir.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/scoped_actor.hpp>

#include "errors/rule_set.hpp"
#include <unistd.h>

#include <limits>
#include <thread>

extern char** environ;

namespace hummel {

std::vector<std::string> current_environment() {
  std::vector<std::string> result;
  for (auto** p = environ; p != nullptr && *p != nullptr; ++p)
    result.emplace_back(*p);
  return result;
}

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof(buf) - 1);
  return buf;
}

namespace {

/// The longest grace period of the daemon and its processes.
std::chrono::milliseconds max_grace_period(const project_config& config) {
  auto result = config.daemon.grace_period;
  for (const auto& def : config.processes)
    result = std::max(result, def.grace_period);
  return result;
}

} // namespace

runtime::runtime(std::shared_ptr<const project_config> config,
                 runtime_options opts)
  : config_(std::move(config)), opts_(std::move(opts)) {
  if (opts_.node.empty())
    opts_.node = host_name();
  std::error_code err;
  std::filesystem::create_directories(opts_.state_dir / "logs", err);
  audit_ = std::make_unique<audit_log>(opts_.state_dir / "audit.jsonl");
  if (!audit_->error().empty())
    HUMMEL_LOG_WARN(daemon, "{}", audit_->error());
  ctx_.printer = opts_.printer;
  ctx_.log_dir = opts_.state_dir / "logs";
  ctx_.log_file_max_bytes = config_->daemon.log_file_max_bytes;
  ctx_.log_file_count = config_->daemon.log_file_count;
  ctx_.marker_prefix = config_->project_id + "/";
  ctx_.base_env = current_environment();
  // Checked by load_config (main/daemon/startup.cpp): a bad file never
  // gets here; the built-in matchers alone if it changed since.
  auto rules = detail::rules_with(config_->errors.matchers, config_->dir);
  if (auto* ok = std::get_if<0>(&rules))
    ctx_.error_rules = *ok;
  if (!opts_.error_detection) // make bench: detection's cost side by side
    if (auto none = errors::rule_set::compile({}, "none");
        std::holds_alternative<std::shared_ptr<const errors::rule_set>>(none))
      ctx_.error_rules = std::get<0>(none);
  cfg_ = std::make_unique<caf::actor_system_config>();
  prepare(*cfg_);
  cfg_->set("logger.console-verbosity", caf::atom("quiet"));
  if (opts_.workers > 0)
    cfg_->set("scheduler.max-threads", opts_.workers);
  // Work stealing polls after every job (100 tries, then 500 with 50 us
  // sleeps) before its workers sleep: 23 ms of CPU a second for an idle
  // daemon with 100 processes, 2 ms with sharing, and 17 such daemons on
  // two cores starved each other and the cluster's links.
  cfg_->set("scheduler.policy", opts_.scheduler == "stealing"
                                  ? caf::atom("stealing")
                                  : caf::atom("sharing"));
  // Every daemon loads the middleman: the local hub links to it over a
  // unix socket (TLS and TCP only when [cluster] asks for them).
  if (opts_.cluster.tls.enabled()) {
    auto tls = load_tls_module();
    if (auto* module = std::get_if<const tls_module*>(&tls))
      tls_ = *module;
    else
      tls_error_ = std::get<std::string>(tls);
  }
  configure_cluster(*cfg_, opts_.cluster, tls_);
  sys_ = std::make_unique<caf::actor_system>(*cfg_);
  reactor::options ropts;
  ropts.trampoline = opts_.trampoline;
  ropts.parent_death = true; // children die with the reactor thread
  ropts.registry = opts_.state_dir / "children";
  // A child's output the PROCESS actor has not handled yet: past 4 MiB
  // (about a second of a 50k lines/s flood) its pipes wait.
  ropts.max_unconsumed = 4u << 20;
  if (!opts_.fd_bank)
    ropts.bank_from_fd = std::numeric_limits<int>::max();
  launch_ = std::make_unique<reactor_launcher>(std::move(ropts));
  ctx_.launch = launch_.get();
  cell_ = std::make_unique<view_cell<status_view>>(make_empty_view(opts_.node));
  cache_ = sys_->spawn(status_cache, cell_.get(), opts_.node);
  supervisor_ = sys_->spawn(hummel::supervisor, config_, &ctx_, cache_);
  watch_
    = sys_->spawn(file_watch_actor, supervisor_,
                  detail::command_timeout(max_grace_period(*config_),
                                          detail::command_waiter::client, 2));
  files_ = std::make_unique<file_watch>(watch_);
  files_->configure(*config_);
  const auto& cl = opts_.cluster;
  cluster_cell_ = std::make_unique<view_cell<cluster_view>>(
    cell_->with([&](const status_view& v) {
      return make_local_cluster_view(v, cl.listen);
    }));
  cluster_view_config vc;
  vc.local = cell_.get();
  vc.cell = cluster_cell_.get();
  vc.cache = cache_;
  vc.listen = cl.listen;
  vc.remote_control = cl.tls.enabled() && cl.allow_remote_control;
  vc.tls = cl.tls.enabled();
  if (tls_error_.empty()) // else start_cluster fails: no plain links
    vc.peers = cl.peers;
  if (opts_.hub) {
    vc.link.connector = unix_connector(*sys_);
    vc.unix_port = unix_link_port;
  } else if (!vc.peers.empty()) {
    vc.link.tls = cl.tls.enabled();
    vc.link.connector = cluster_connector(*sys_, tls_);
    vc.link.explain = [tls = tls_](const std::string& address) {
      return explain_tls_failure(tls, address);
    };
  }
  cluster_ = sys_->spawn(cluster_viewer, std::move(vc));
}

cluster_node_config runtime::node_config() const {
  cluster_node_config nc;
  nc.cell = cell_.get();
  nc.supervisor = supervisor_;
  nc.cache = cache_;
  nc.audit = audit_.get();
  nc.command_timeout = detail::command_timeout(config_->daemon.grace_period,
                                               detail::command_waiter::client);
  return nc;
}

std::optional<std::string> runtime::start_hub_link() {
  if (opts_.hub_socket.empty())
    return std::nullopt;
  if (auto why = net::ensure_private_dir(opts_.hub_socket.parent_path()))
    return why;
  auto nc = node_config();
  nc.remote_control = true; // with the credential, checked per command
  nc.credential = random_hex(24);
  hub_node_ = sys_->spawn(cluster_node, nc);
  auto sigs = sys_->message_types<node_actor>();
  auto port = publish_unix(*sys_, unix_connector(*sys_),
                           caf::actor_cast<caf::strong_actor_ptr>(hub_node_),
                           std::move(sigs), opts_.hub_socket);
  if (auto* err = std::get_if<std::string>(&port))
    return "cannot publish the hub link at " + opts_.hub_socket.string() + ": "
           + *err;
  hub_credential_ = std::move(nc.credential);
  return std::nullopt;
}

std::optional<std::string> runtime::start_cluster() {
  if (!tls_error_.empty())
    return tls_error_;
  if (auto why = start_hub_link())
    return why;
  const auto& cl = opts_.cluster;
  if (cl.listen.empty())
    return std::nullopt;
  auto nc = node_config();
  nc.remote_control = cl.tls.enabled() && cl.allow_remote_control;
  node_ = sys_->spawn(cluster_node, std::move(nc));
  auto port = publish_node(*sys_, caf::actor_cast<node_actor>(node_), cl, tls_);
  if (auto* err = std::get_if<std::string>(&port))
    return *err;
  cluster_port_ = std::get<uint16_t>(port);
  return std::nullopt;
}

const view_cell<cluster_view>& runtime::cluster_cell() const {
  return *cluster_cell_;
}

cluster_view_actor runtime::cluster() const {
  return cluster_;
}

runtime::~runtime() {
  shutdown();
}

caf::actor_system& runtime::system() {
  return *sys_;
}

const view_cell<status_view>& runtime::cell() const {
  return *cell_;
}

supervisor_actor runtime::supervisor() const {
  return supervisor_;
}

status_cache_actor runtime::cache() const {
  return cache_;
}

const project_config& runtime::config() const {
  return *config_;
}

std::shared_ptr<const project_config> runtime::config_ptr() const {
  return config_;
}

bool runtime::wait_for_view(std::chrono::milliseconds timeout) const {
  auto want = config_->processes.size();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // Snapshots arrive in any order; the names count those that did.
  auto have = [](const status_view& v) -> size_t {
    return v.names ? v.names->size() : 0;
  };
  while (cell().with(have) < want) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return true;
}

bool runtime::boot() {
  caf::scoped_actor self{*sys_, true};
  bool ok = false;
  self->request(supervisor_, std::chrono::seconds{10}, atom::boot_v)
    .receive([&](bool) { ok = true; }, [&](caf::error&) {});
  return ok;
}

void runtime::kill_all() {
  if (launch_)
    launch_->kill_all();
}

void runtime::watch_files(const project_config& config) {
  if (files_)
    files_->configure(config);
}

void runtime::shutdown() {
  if (down_)
    return;
  down_ = true;
  files_.reset(); // no restart from here on
  auto max_grace = config_->daemon.grace_period;
  for (const auto& def : config_->processes)
    max_grace = std::max(max_grace, def.grace_period);
  {
    caf::scoped_actor self{*sys_, true};
    // Peers first: no remote command may start anything from here on, and
    // they see this node go (stale) at once.
    if (node_)
      self->send_exit(node_, caf::exit_reason::user_shutdown);
    if (hub_node_)
      self->send_exit(hub_node_, caf::exit_reason::user_shutdown);
    if (cluster_)
      self->send_exit(cluster_, caf::exit_reason::user_shutdown);
    self
      ->request(
        supervisor_,
        detail::command_timeout(max_grace, detail::command_waiter::client, 2),
        atom::shutdown_v)
      .receive([](bool) {}, [](caf::error&) {});
    // Barrier: the last snapshots are in the STATUS CACHE's mailbox; two
    // round trips let it fold them, run its flush and send the final deltas
    // to subscribers before anything exits.
    for (int i = 0; i < 2; ++i)
      self->request(cache_, std::chrono::seconds{5}, atom::status_v)
        .receive([](uint64_t) {}, [](caf::error&) {});
    self->send_exit(watch_, caf::exit_reason::user_shutdown);
    self->send_exit(supervisor_, caf::exit_reason::user_shutdown);
    self->send_exit(cache_, caf::exit_reason::user_shutdown);
  }
  supervisor_ = nullptr;
  watch_ = nullptr;
  cache_ = nullptr;
  node_ = nullptr;
  hub_node_ = nullptr;
  cluster_ = nullptr;
  // Actors first (they call the launcher), then the reactor (it sends to
  // actors), then the actor system, then the view cell.
  sys_->await_all_actors_done();
  launch_.reset();
  sys_.reset();
  cluster_cell_.reset();
  cell_.reset();
}

} // namespace hummel
