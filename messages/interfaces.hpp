#pragma once

// Every typed actor interface of hummel, one comment per handler. The
// handlers marked "timer" are sent by an actor to itself (CAF 0.17 requires
// them in the interface); nobody else sends them.

#include "config/diff.hpp"
#include "messages/error_entry.hpp"
#include "messages/log_page.hpp"
#include "messages/mcp_channel.hpp"
#include "messages/process_snapshot.hpp"
#include "messages/status_delta.hpp"
#include "messages/type_ids.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hummel {

/// Anyone who wants the STATUS CACHE's deltas.
using status_subscriber_actor = caf::typed_actor<
  // Processes that changed from one published version to the next.
  caf::reacts_to<atom::delta, status_delta>>;

/// The STATUS CACHE: folds snapshots into published views.
using status_cache_actor = caf::typed_actor<
  // A PROCESS actor reports its new state; coalesced with every other
  // update waiting in the mailbox into one publish.
  caf::reacts_to<atom::update, snapshot_ptr>,
  // Timer: publishes everything folded since the last publish.
  caf::reacts_to<atom::flush>,
  // Adds a subscriber for deltas (removed when it goes down).
  caf::reacts_to<atom::subscribe, status_subscriber_actor>,
  // A reload removed process `index`: its slot of the view becomes empty
  // (null) and later updates of that index are ignored (indices are never
  // reused).
  caf::reacts_to<atom::remove, uint32_t>,
  // Message-passing read path: the current snapshot of one process.
  caf::replies_to<atom::status, std::string>::with<snapshot_ptr>,
  // Message-passing read path: every current snapshot, by index.
  caf::replies_to<atom::status, atom::all>::with<std::vector<snapshot_ptr>>,
  // The version of the last published view.
  caf::replies_to<atom::status>::with<uint64_t>,
  // Read-your-writes barrier: publishes what is folded but not yet
  // published, then answers the version of the published view. That view
  // holds every update enqueued before this request (a PROCESS actor
  // publishes before it replies, so a snapshot that reached the asker
  // through replies is in it, or a newer one of that process).
  caf::replies_to<atom::sync>::with<uint64_t>>;

/// Who hears about the runs of a process (the SUPERVISOR).
using run_listener_actor = caf::typed_actor<
  // A run started, became ready, ended, or could not start.
  caf::reacts_to<atom::event, run_event>>;

/// A PROCESS actor: one per definition; owns its state, runs and logs.
using process_actor = caf::typed_actor<
  // Starts a new run (restart count as kept by the SUPERVISOR); answers
  // with the snapshot after the spawn, or an error if it could not start.
  caf::replies_to<atom::start, uint32_t>::with<snapshot_ptr>,
  // The same, and the run's snapshot says why it was restarted
  // (`restart_reason`; an empty reason keeps the previous one).
  caf::replies_to<atom::start, uint32_t, std::string>::with<snapshot_ptr>,
  // Ends the current run (stop signal, grace, SIGKILL); answers once the
  // run has ended, with the final snapshot. Immediate when not running.
  caf::replies_to<atom::stop>::with<snapshot_ptr>,
  // The SUPERVISOR sets a state of its own (waiting, backoff, crashed,
  // idle) with a due time (backoff) and a reason (crashed).
  caf::reacts_to<atom::mark, process_status, int64_t, std::string>,
  // Reactor: the child of run `child` started with a pid at a time.
  caf::reacts_to<atom::started, uint64_t, int32_t, int64_t>,
  // Reactor: the child of run `child`, queued, could not start (why).
  caf::reacts_to<atom::started, uint64_t, std::string>,
  // Reactor: output lines of run `child` on stream 1 (out) or 2 (err).
  caf::reacts_to<atom::output, uint64_t, uint8_t, std::vector<std::string>>,
  // Reactor: run `child` ended: exit code, signal, whether requested.
  caf::reacts_to<atom::exited, uint64_t, int32_t, int32_t, bool>,
  // Reactor: CPU% and RSS of run `child`'s process tree.
  caf::reacts_to<atom::usage, uint64_t, double, uint64_t>,
  // Timer: probe readiness (tcp/http) of run `run_id`.
  caf::reacts_to<atom::probe, uint32_t>,
  // A readiness probe of run `run_id` answered (true = ready).
  caf::reacts_to<atom::probed, uint32_t, bool>,
  // The next run is a restart for `reason` ("file changed: src/app.ts"),
  // shown as the snapshot's restart_reason.
  caf::reacts_to<atom::restart, std::string>,
  // File watching of this process is incomplete (why), or works again
  // (empty); shown as the snapshot's error while no start error is there.
  caf::reacts_to<atom::watch, std::string>,
  // Timer: try the log file again after a failed write (a full disk).
  caf::reacts_to<atom::retry>,
  // Lines from the memory ring.
  caf::replies_to<atom::logs, log_query>::with<log_page>,
  // Error records found in the output (kept across runs), newest first.
  caf::replies_to<atom::errors, error_query>::with<error_page>,
  // Timer: error groups with no new line for the quiet gap end now.
  caf::reacts_to<atom::errors>,
  // Clears the error records and, unless `errors_only`, the logs (the
  // memory ring; the log file cut to nothing, the rotated ones removed).
  // Answers the lines that were in memory, the bytes that were on disk and
  // the error records (warnings included) that were kept.
  caf::replies_to<atom::clear, bool>::with<uint64_t, uint64_t, uint64_t>,
  // The current snapshot.
  caf::replies_to<atom::status>::with<snapshot_ptr>>;

/// The SUPERVISOR: owns the definitions, routes commands, applies restart
/// policies and dependencies.
using supervisor_actor = caf::typed_actor<
  // Starts every autostart process in dependency order; answers at once.
  caf::replies_to<atom::boot>::with<bool>,
  // Starts a process by name (and its dependencies); answers once it is
  // started or waiting for its dependencies.
  caf::replies_to<atom::run, std::string>::with<snapshot_ptr>,
  // Starts an ad-hoc process (not in the configuration) under a name;
  // answers like `run`. A configured name is refused; a live ad-hoc process
  // of that name is answered with its status (no second copy).
  caf::replies_to<atom::run, std::string, process_def>::with<snapshot_ptr>,
  // Stops a process by name, cancelling any pending start or restart;
  // answers when it has ended.
  caf::replies_to<atom::stop, std::string>::with<snapshot_ptr>,
  // Stops, then starts a process; answers once it runs again.
  caf::replies_to<atom::restart, std::string>::with<snapshot_ptr>,
  // The PROCESS actor of a name (for log queries).
  caf::replies_to<atom::logs, std::string>::with<process_actor>,
  // Stops everything in reverse dependency order; answers when all ended.
  caf::replies_to<atom::shutdown>::with<bool>,
  // Applies a newly loaded configuration as a diff: adds, removes and
  // replaces (restarts) PROCESS actors, leaves the unchanged ones alone;
  // answers once removed and changed processes have ended.
  caf::replies_to<atom::reload,
                  std::shared_ptr<const project_config>>::with<config_diff>,
  // Timer: the backoff of process `index` (generation `gen`) is over.
  caf::reacts_to<atom::due, uint32_t,
                 uint64_t>>::extend_with<run_listener_actor>;

/// The WATCH actor: how the project's file watcher (a plain thread) reaches
/// the actors.
using watch_actor = caf::typed_actor<
  // Files of process `name` changed: restarts it through the SUPERVISOR
  // with `reason` if it runs or should (see actors/watch.hpp).
  caf::reacts_to<atom::changed, std::string, std::string>,
  // Watching process `name` is incomplete (`why`), or works again (empty):
  // passed on to its PROCESS actor.
  caf::reacts_to<atom::watch, std::string, std::string>>;

/// Who hears that the CLUSTER VIEW published (an MCP SESSION watching the
/// cluster; see actors/mcp_watch.hpp).
using cluster_watcher_actor = caf::typed_actor<
  // The cluster view published version `v`: read it from the cluster cell
  // (it may be newer by then).
  caf::reacts_to<atom::watch, uint64_t>>;

/// An MCP SESSION: one per stdio/unix connection or HTTP session (and one
/// for stateless modern HTTP requests). Answers reads from the view cell;
/// sends commands to the SUPERVISOR.
using mcp_session_actor = caf::typed_actor<
  // A transport delivers one inbound message.
  caf::reacts_to<atom::request, mcp_request>,
  // The transport lost the exchange named `key` (stream closed).
  caf::reacts_to<atom::close, uint64_t>,
  // Sets (or clears, with null) the standing stream for unsolicited
  // notifications (stdout, the socket, the HTTP GET stream).
  caf::reacts_to<atom::stream, mcp_channel_ptr>,
  // Timer: rate-limited resource updates are due.
  caf::reacts_to<atom::tick>,
  // Timer: poll the logs of follow call `id`.
  caf::reacts_to<atom::follow, uint64_t>,
  // Ends every open exchange; the session then quits.
  caf::reacts_to<atom::shutdown>>
  // Hears the STATUS CACHE's deltas (resource updates).
  ::extend_with<status_subscriber_actor, cluster_watcher_actor>;

// -- cluster ------------------------------------------------------------------

/// A peer's receiver of this node's deltas (a CLUSTER LINK, remote).
using node_sink_actor = caf::typed_actor<
  // Changes from one version to the next, or a keep-alive (from == to).
  caf::reacts_to<atom::delta, node_delta>>;

/// What a node publishes to its peers (over the network; every type here
/// is serialisable).
using node_actor = caf::typed_actor<
  // Subscribes `sink` to this node's deltas; answers the full view the
  // following deltas continue from.
  caf::replies_to<atom::subscribe, node_sink_actor>::with<node_view>,
  // The full current view (resynchronisation after a gap).
  caf::replies_to<atom::status, atom::all>::with<node_view>,
  // Remote control (TLS links and allow_remote_control only): start, stop,
  // restart process `name` (first string), ordered by node `from` (second:
  // the ordering node's name, for the log and the audit record); answers
  // like the SUPERVISOR.
  caf::replies_to<atom::run, std::string, std::string>::with<process_snapshot>,
  caf::replies_to<atom::stop, std::string, std::string>::with<process_snapshot>,
  caf::replies_to<atom::restart, std::string,
                  std::string>::with<process_snapshot>>;

/// The CLUSTER NODE: this node's published face. Hears the local STATUS
/// CACHE, serves peers.
using cluster_node_actor = node_actor::extend<
  // Timer: keep-alive delta to every subscriber.
  caf::reacts_to<atom::tick>>::extend_with<status_subscriber_actor>;

/// A CLUSTER LINK: one per configured peer.
using cluster_link_actor = caf::typed_actor<
  // Timer: connect now (first attempt or after a backoff).
  caf::reacts_to<atom::retry>,
  // Remote control forwarded by the CLUSTER VIEW.
  caf::replies_to<atom::run, std::string>::with<process_snapshot>,
  caf::replies_to<atom::stop, std::string>::with<process_snapshot>,
  caf::replies_to<atom::restart, std::string>::with<process_snapshot>>::
  extend_with<node_sink_actor>;

/// The CLUSTER VIEW: merges the local view and every peer's into the
/// published cluster view.
using cluster_view_actor = caf::typed_actor<
  // A CLUSTER LINK's news about its peer.
  caf::reacts_to<atom::report, peer_report>,
  // Timer: publishes everything folded since the last publish.
  caf::reacts_to<atom::flush>,
  // Remote control of process `name` on node `node` (name or address).
  caf::replies_to<atom::run, std::string, std::string>::with<process_snapshot>,
  caf::replies_to<atom::stop, std::string, std::string>::with<process_snapshot>,
  caf::replies_to<atom::restart, std::string,
                  std::string>::with<process_snapshot>,
  // Tells `w` the version of every publish from now on (until it goes
  // down).
  caf::reacts_to<atom::subscribe, cluster_watcher_actor>,
  // Ends the links; answers when they are gone.
  caf::replies_to<atom::shutdown>::with<bool>>
  // Hears the local STATUS CACHE.
  ::extend_with<status_subscriber_actor>;

} // namespace hummel
