#pragma once

// The MCP SESSION actor: runs one MCP protocol engine (mcp/engine.hpp) for
// one connection or HTTP session. Reads (scripts_status, scripts_list,
// resources) come straight from the view cell, with no message to anyone;
// commands (run, stop, restart) go to the SUPERVISOR as requests with finite
// timeouts; log reads ask the PROCESS actor that owns the log.
//
// Thread safety: only the actor touches its state; the view cell is read
// with its wait-free reader; transports' channels are thread-safe.

#include "config/project_config.hpp"
#include "mcp/engine.hpp"
#include "messages/cluster_view.hpp"
#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <variant>

namespace hummel {

class audit_log;

/// What every MCP SESSION gets from the daemon.
/// A project the local hub found (main/daemon/hub/discovery.hpp).
struct hub_project {
  /// Its node name in the cluster view.
  std::string name;
  std::string folder;
  /// The hub link's socket (the node's address in the view).
  std::string link;
  /// Its MCP socket and URL ("" when HTTP is off).
  std::string socket;
  std::string url;
  int64_t pid = 0;
};

/// Blocking: sends one tools/call line (id 2) to the MCP socket `socket` of
/// a project's daemon after the handshake; its answer line, or a JSON
/// object {error: {message}}.
using hub_call_fn = std::function<std::string(const std::string& socket,
                                              const std::string& line)>;

struct mcp_context {
  /// The published view; outlives every session.
  const view_cell<status_view>* cell = nullptr;
  supervisor_actor supervisor;
  status_cache_actor cache;
  std::shared_ptr<const project_config> config;
  /// Folder of the per-process log files (for logs_search and resources).
  std::filesystem::path log_dir;
  uint32_t log_file_count = 5;
  /// Read path of scripts_status: false = the view cell (the design), true =
  /// ask the STATUS CACHE by message (the benchmark's comparison path).
  bool read_by_message = false;
  /// Benchmark only (`--read-path floor`): the HTTP gateway answers every
  /// sessionless POST with a fixed body, the floor of the server code.
  bool read_floor = false;
  /// The published cluster view (this node and its peers); null = none.
  const view_cell<cluster_view>* cluster_cell = nullptr;
  /// Remote control of other nodes goes through the CLUSTER VIEW.
  cluster_view_actor cluster;
  /// logs_search scans files on a detached actor (its own thread); tests on
  /// the test coordinator set false to keep it on the scheduler.
  bool detached_search = true;
  /// Loads the project's configuration again, as the daemon loaded it at
  /// start (files and flags): the new configuration, or why it was refused
  /// ("file:line: reason"). Empty: config_reload is not available.
  std::function<
    std::variant<std::shared_ptr<const project_config>, std::string>()>
    load_config;
  /// Where commands are recorded (common/audit.hpp); null: nowhere.
  audit_log* audit = nullptr;
  /// The local hub (`hummel hub`): its tools take `project` (a node of the
  /// cluster view) and list the projects this returns; empty: a daemon.
  std::function<std::vector<hub_project>()> hub_projects;
  /// The hub: how a call reaches a project's own daemon (logs, reload).
  hub_call_fn hub_call;
};

struct mcp_session_state;

/// Runs an engine configured by `cfg` for one session.
/// @param ctx the daemon's services; must outlive the actor.
mcp_session_actor::behavior_type
mcp_session(mcp_session_actor::stateful_pointer<mcp_session_state> self,
            const mcp_context* ctx, mcp::engine_config cfg);

} // namespace hummel

#include "actors/mcp_session_state.hpp"
