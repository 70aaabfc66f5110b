#pragma once

// The daemon side of the MCP tools and resources, living inside an MCP
// SESSION actor (see mcp_session.hpp).
//
// Thread safety: used only by its session actor.

#include "mcp/backend.hpp"
#include "messages/interfaces.hpp"

#include <caf/typed_actor.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace hummel {

/// "hummel::unknown_process("x")" → a sentence for the model.
std::string describe(caf::actor_system& sys, const caf::error& err,
                     const std::string& name);

struct mcp_context;
struct mcp_session_state;

/// Implements every tool over the view cell, the SUPERVISOR and the
/// PROCESS actors.
class mcp_backend : public mcp::backend {
public:
  using self_ptr = mcp_session_actor::stateful_pointer<mcp_session_state>;

  mcp_backend(self_ptr self, const mcp_context* ctx);
  ~mcp_backend() override;

  mcp::cancel_fn call_tool(const std::string& name, const nlohmann::json& args,
                           const mcp::call_origin& origin,
                           mcp::tool_progress progress,
                           mcp::tool_done done) override;

  std::optional<resource_text> read_resource(const std::string& uri) override;

  uint64_t view_version() override;

  std::vector<std::string> process_names() override;

  /// Timer of follow call `id`: polls its process for new lines.
  void on_follow_tick(uint64_t id);

  /// Ends every follow call (session shutdown).
  void cancel_all();

  /// One running `logs_stream` with follow.
  struct follow_call;

private:
  void scripts_run(const nlohmann::json& args, const mcp::call_origin& origin,
                   mcp::tool_done done);
  void command(atom::stop, const std::string& name, mcp::tool_done done);
  void command(atom::restart, const std::string& name, mcp::tool_done done);
  mcp::cancel_fn logs_stream(const nlohmann::json& args,
                             mcp::tool_progress progress, mcp::tool_done done);
  void logs_search(const nlohmann::json& args, mcp::tool_done done);

  /// The PROCESS actor of `name`, from the SUPERVISOR.
  void with_process(const std::string& name,
                    std::function<void(process_actor)> f,
                    std::function<void(std::string)> fail);

  // Cluster (mcp_cluster.cpp).
  /// True when `node` names this node (or its cluster address).
  bool is_local_node(const std::string& node) const;
  void cluster_status(mcp::tool_done done);
  /// A tool call with `node` naming another node, or "*".
  void on_node(const std::string& tool, const std::string& node,
               const nlohmann::json& args, mcp::tool_done done);

  void poll_follow(uint64_t id);
  void finish_follow(uint64_t id);

  self_ptr self_;
  const mcp_context* ctx_;
  std::map<uint64_t, std::unique_ptr<follow_call>> follows_;
  uint64_t next_follow_ = 1;
};

} // namespace hummel
