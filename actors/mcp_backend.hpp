#pragma once

// The daemon side of the MCP tools and resources, living inside an MCP
// SESSION actor (see mcp_session.hpp). Resources are served here; each tool
// is a handler in actors/mcp_tools/ that uses the helpers below (the table
// is actors/mcp_tools/table.cpp).
//
// Thread safety: used only by its session actor.

#include "common/audit.hpp"
#include "mcp/backend.hpp"
#include "messages/interfaces.hpp"

#include <caf/typed_actor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace hummel {

/// "hummel::unknown_process("x")" → a sentence for the model.
std::string describe(caf::actor_system& sys, const caf::error& err,
                     const std::string& name);

struct mcp_context;
struct mcp_session_state;

/// Implements the resources over the view cell, and the helpers the tool
/// handlers share (time, PROCESS lookup, follow calls, cluster routing).
class mcp_backend : public mcp::backend {
public:
  using self_ptr = mcp_session_actor::stateful_pointer<mcp_session_state>;

  mcp_backend(self_ptr self, const mcp_context* ctx);
  ~mcp_backend() override;

  std::optional<resource_text> read_resource(const std::string& uri) override;

  /// hummel://errors (the processes with errors: count and newest
  /// headline) and hummel://errors/{name}; nullopt for other URIs and
  /// unknown names.
  /// Adds the error records of run `run_id` (at most 5) to a wait's
  /// answer `result` as `errors`, then answers it.
  void add_errors(process_actor p, std::shared_ptr<nlohmann::json> result,
                  uint32_t run_id, mcp::tool_done done);

  std::optional<nlohmann::json> errors_resource(const std::string& uri,
                                                int64_t now) const;

  uint64_t view_version() override;

  std::vector<std::string> process_names() override;

  /// hummel/watch: the current view from the view cell (mcp_watch.cpp);
  /// also seeds the session's index → name table for the deltas.
  std::shared_ptr<nlohmann::json> watch_snapshot() override;

  /// hummel/watch {"node": "*"}: the cluster view from its cell
  /// (mcp_watch.cpp); seeds the session's last-seen cluster state and
  /// subscribes the session to the CLUSTER VIEW's publishes (once).
  std::shared_ptr<nlohmann::json> watch_cluster_snapshot() override;

  /// The session actor.
  self_ptr self() const noexcept {
    return self_;
  }

  /// The daemon's services.
  const mcp_context& ctx() const noexcept {
    return *ctx_;
  }

  /// Unix epoch milliseconds on the session's clock (fake under test).
  int64_t now_ms() const;

  /// Who sent the message being handled (tool calls start within it).
  void set_caller(audit_who who) {
    caller_ = std::move(who);
  }

  /// Where the answers to the message being handled go (a follow started
  /// within it waits while the client has not read what it was sent).
  void set_channel(std::weak_ptr<mcp_channel> ch) {
    channel_ = std::move(ch);
  }

  /// Wraps the `done` of command `tool` (run, stop, restart, config_reload)
  /// so that its outcome goes to the audit record with the caller, the
  /// target (`args` name, "node/name" for another node) and the time.
  /// Without an audit record, returns `done` as it is.
  mcp::tool_done audit_command(const std::string& tool,
                               const nlohmann::json& args, mcp::tool_done done);

  /// Tool failure text for `err` of a call about process `name`.
  std::string describe(const caf::error& err, const std::string& name) const;

  /// The PROCESS actor of `name`, from the SUPERVISOR.
  void with_process(const std::string& name,
                    std::function<void(process_actor)> f,
                    std::function<void(std::string)> fail);

  /// The grace period of process `name`: its own, or the daemon's default
  /// (ad-hoc processes).
  std::chrono::milliseconds grace_of(const std::string& name) const;

  /// Answers a command with the snapshot `x` it produced (and `duplicate`
  /// for scripts_run), once the view shows that state or a newer one.
  void answer_command(snapshot_ptr x, std::optional<bool> duplicate,
                      mcp::tool_done done);

  /// Runs `f` once the published view holds every update sent to the
  /// STATUS CACHE so far (read-your-writes for command replies). Runs it
  /// also when the cache does not answer: the command did happen.
  void after_publish(std::function<void()> f);

  // -- cluster (mcp_cluster.cpp) ----------------------------------------------

  /// The node a call is for, when it names another node (or "*"); empty
  /// for this node.
  std::string remote_node(const nlohmann::json& args) const;

  /// scripts_list (`list`) or scripts_status on another node or on "*".
  void remote_read(bool list, const std::string& node,
                   const nlohmann::json& args, mcp::tool_done done);

  /// logs_errors on another node or on "*": what the cluster view carries
  /// of each process there (its error count and newest headline); the
  /// records themselves stay on their node.
  void remote_errors(const std::string& node, const nlohmann::json& args,
                     mcp::tool_done done);

  /// scripts_run, scripts_stop or scripts_restart on another node.
  template <class Atom>
  void remote_command(Atom what, const std::string& node,
                      const nlohmann::json& args, mcp::tool_done done);

  // -- follow calls (mcp_logs.cpp) --------------------------------------------

  /// One running `logs_stream` with follow.
  struct follow_call;

  /// Starts follow call `call` on process `name`, from its end or from
  /// `call->cursor`; returns its canceller.
  mcp::cancel_fn start_follow(std::unique_ptr<follow_call> call, bool from_end);

  /// Ends every follow call and forgets every wait (session shutdown).
  void cancel_all();

  // -- scripts_run with wait (mcp_backend_wait.cpp)
  // ----------------------------

  /// One scripts_run with wait.
  struct run_wait;

  /// Opens a wait for a run of `name`, answered through `done` at the
  /// latest after `timeout`; the run it waits for is named by arm_wait.
  /// Returns its id (the canceller calls cancel_wait with it).
  uint64_t open_wait(std::string name, std::chrono::milliseconds timeout,
                     mcp::tool_done done);

  /// The SUPERVISOR answered the run of wait `id` with `x` (`duplicate`:
  /// it was running already): wait for that run (or, when `x` is waiting
  /// for its dependencies, the next) to end. Checks the view once it holds
  /// `x`, then every snapshot the STATUS CACHE publishes.
  void arm_wait(uint64_t id, snapshot_ptr x, bool duplicate);

  /// Ends wait `id` with an error result.
  void fail_wait(uint64_t id, std::string why);

  /// Forgets wait `id` (cancelled); its result is never sent.
  void cancel_wait(uint64_t id);

  /// Snapshots the STATUS CACHE published (a delta, oldest first): ends
  /// the waits whose run they show ended.
  void on_snapshots(const std::vector<snapshot_ptr>& xs);

  /// Timer `id` of a follow call or a wait.
  void on_timer(uint64_t id);

private:
  bool is_local_node(const std::string& node) const;
  void poll_follow(uint64_t id);
  void finish_follow(uint64_t id);
  bool check_wait(uint64_t id, const snapshot_ptr& x);
  void finish_wait(uint64_t id, snapshot_ptr x, bool timed_out);

  self_ptr self_;
  const mcp_context* ctx_;
  audit_who caller_;
  std::weak_ptr<mcp_channel> channel_;
  std::map<uint64_t, std::unique_ptr<follow_call>> follows_;
  std::map<uint64_t, std::unique_ptr<run_wait>> waits_;
  /// Ids of follow calls and waits (one timer message for both).
  uint64_t next_follow_ = 1;
};

} // namespace hummel
