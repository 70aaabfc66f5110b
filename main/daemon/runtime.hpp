#pragma once

// The running core of one project: the actor system, the reactor, the view
// cell, the STATUS CACHE and the SUPERVISOR, started and stopped in order.
// Used by the daemon and by system tests.
//
// Thread safety: construct and destroy on one thread. `cell()` may be read
// from any thread; `supervisor()` and `cache()` are actor handles (send to
// them from anywhere). `shutdown` blocks the calling thread.

#include "actors/cluster_link.hpp"
#include "actors/launcher.hpp"
#include "config/project_config.hpp"
#include "messages/cluster_view.hpp"
#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hummel {

class audit_log;
struct cluster_node_config;
class reactor_launcher;
class file_watch;
struct tls_module;

/// How to run a project.
struct runtime_options {
  /// State folder (logs/, children); must exist.
  std::filesystem::path state_dir;
  /// Where output lines go; nullptr prints nothing.
  line_printer* printer = nullptr;
  /// Node name carried by every view (default: the host name).
  std::string node;
  /// Path of hummel-spawn, exec'd before every child if set (the daemon
  /// leaves it empty: the reactor sets the parent-death signal itself).
  std::filesystem::path trampoline;
  /// Extra CAF worker threads (0 = CAF's default).
  size_t workers = 0;
  /// CAF's scheduler policy: "sharing" (one job queue; an idle worker
  /// sleeps on a condition variable until a job arrives) or "stealing"
  /// (CAF's default: per-worker queues, idle workers poll and steal).
  /// Sharing by default: docs/BENCHMARKS.md "Scheduler policy".
  std::string scheduler = "sharing";
  /// This node in a cluster (publish, peers, TLS); default: alone.
  cluster_settings cluster;
  /// Benchmark only: false gives every process no error matcher.
  bool error_detection = true;
  /// False: no children's descriptors in io_uring (daemon.hpp).
  bool fd_bank = true;
  /// Where the local hub links to this node (a unix socket; empty: not
  /// published). main/daemon/cluster/unix_transport.hpp.
  std::filesystem::path hub_socket;
  /// The local hub (`hummel hub`): peers are added at run time and linked
  /// over unix sockets.
  bool hub = false;
};

/// One project's actors and threads.
class runtime {
public:
  runtime(std::shared_ptr<const project_config> config, runtime_options opts);

  /// Calls shutdown() if it has not run.
  ~runtime();

  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  caf::actor_system& system();
  const view_cell<status_view>& cell() const;
  supervisor_actor supervisor() const;
  status_cache_actor cache() const;
  const project_config& config() const;
  std::shared_ptr<const project_config> config_ptr() const;

  /// The published cluster view (this node and its peers).
  const view_cell<cluster_view>& cluster_cell() const;
  /// The CLUSTER VIEW actor.
  cluster_view_actor cluster() const;

  /// Publishes this node's cluster interface when `[cluster] listen` is
  /// set; returns why it failed. The bound port is then `cluster_port()`.
  std::optional<std::string> start_cluster();
  uint16_t cluster_port() const {
    return cluster_port_;
  }

  /// The credential the local hub's commands must carry (published with
  /// the node at `runtime_options::hub_socket`); empty when not published.
  const std::string& hub_credential() const {
    return hub_credential_;
  }
  /// The socket of the hub link, or empty when not published.
  std::filesystem::path hub_socket() const {
    return hub_credential_.empty() ? std::filesystem::path{} : opts_.hub_socket;
  }

  /// Waits until the view holds every configured process (each PROCESS
  /// actor publishes its first snapshot as it starts), so a first request
  /// does not see an empty project; false after `timeout`.
  bool wait_for_view(std::chrono::milliseconds timeout) const;

  /// Starts the autostart processes; false on timeout.
  bool boot();

  /// Stops everything in reverse dependency order and ends every actor;
  /// blocks up to twice the longest grace period plus 10 s.
  void shutdown();

  /// SIGKILL to every child's tree now.
  void kill_all();

  /// Watches the files `config`'s `watch` globs name (call again after a
  /// reload; the constructor does it for the first configuration).
  void watch_files(const project_config& config);

  /// The audit record (<state dir>/audit.jsonl).
  audit_log* audit() const {
    return audit_.get();
  }

private:
  /// A CLUSTER NODE's configuration, without the remote-control choice.
  cluster_node_config node_config() const;
  /// Publishes the node the local hub links to (`hub_socket`).
  std::optional<std::string> start_hub_link();

  std::shared_ptr<const project_config> config_;
  runtime_options opts_;
  /// The audit record; outlives the actor system (declared before it).
  std::unique_ptr<audit_log> audit_;
  process_context ctx_;
  /// hummel-tls.so when `[cluster] tls` is set, or why it could not be
  /// loaded (then `start_cluster` fails with it).
  const tls_module* tls_ = nullptr;
  std::string tls_error_;
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::unique_ptr<reactor_launcher> launch_;
  std::unique_ptr<view_cell<status_view>> cell_;
  status_cache_actor cache_;
  supervisor_actor supervisor_;
  watch_actor watch_;
  std::unique_ptr<file_watch> files_;
  std::unique_ptr<view_cell<cluster_view>> cluster_cell_;
  cluster_view_actor cluster_;
  cluster_node_actor node_;
  uint16_t cluster_port_ = 0;
  /// The node the local hub links to, and its credential.
  cluster_node_actor hub_node_;
  std::string hub_credential_;
  bool down_ = false;
};

/// The environment of the calling process, "K=V".
std::vector<std::string> current_environment();

/// The host name.
std::string host_name();

} // namespace hummel
