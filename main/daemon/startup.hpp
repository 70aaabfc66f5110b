#pragma once

// The steps of the daemon's start-up (main/daemon/daemon.cpp runs them in
// the order docs/architecture.md lists). A step that can fail returns a
// `start_failure` (the sentence to log and the exit code) as a value.

#include "actors/storm.hpp"
#include "main/daemon/daemon.hpp"
#include "main/daemon/runtime.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hummel {

struct mcp_context;

/// Why the daemon did not start.
/// Every start-up failure ends the daemon with exit code 2 (a normal stop
/// is 0), after undoing what was started.
struct start_failure {
  std::string message;
};

/// Nothing (the step succeeded) or why it failed.
using start_check = std::optional<start_failure>;

/// `[cluster]` of the file with the command-line flags applied.
cluster_settings merged_cluster(const cluster_settings& file,
                                const daemon_options& opts);

/// Loads hummel.toml / package.json, applies the cluster flags, checks the
/// result; a monitor drops the processes.
start_check load_config(const daemon_options& opts,
                        std::shared_ptr<const project_config>& out);

/// Creates the private state folder (logs/ inside).
start_check prepare_state_dir(const daemon_options& opts,
                              const project_config& config,
                              std::filesystem::path& out);

/// Ends the children a previous daemon of this project left behind.
void end_leftovers(const project_config& config,
                   const std::filesystem::path& state_dir);

/// How the runtime runs this project: state folder, console, trampoline.
runtime_options runtime_options_for(const project_config& config,
                                    const std::filesystem::path& state_dir,
                                    line_printer* printer);

/// Publishes the cluster node when `[cluster] listen` is set and logs the
/// node's set-up.
start_check start_cluster(runtime& rt, const project_config& config);

/// What MCP sessions need from the runtime.
mcp_context mcp_context_for(const daemon_options& opts, runtime& rt,
                            const std::filesystem::path& state_dir);

/// Benchmark only (--storm RATE): the STORM actor, or an invalid handle.
storm_actor start_storm(const daemon_options& opts, runtime& rt,
                        const project_config& config);

/// Stops the STORM actor if it runs.
void stop_storm(const storm_actor& storm);

} // namespace hummel
