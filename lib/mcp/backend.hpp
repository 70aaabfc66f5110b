#pragma once

// What the MCP engine needs from the daemon, as an interface: resources,
// the view version and process names. Tools are not here: each is one entry
// of the tool table (mcp/tool.hpp) whose handler receives this backend. The
// daemon implements it inside the MCP SESSION actor (reads from the view
// cell, commands as messages with finite timeouts); tests use a fake.
//
// Thread safety: a backend belongs to one session and is called only from
// that session's thread of control (the actor). Completion callbacks are
// invoked on the same thread of control, possibly later (asynchronously).

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hummel::mcp {

/// A tool result already serialized: what the hot read path renders once
/// per view version and then copies instead of building a JSON tree.
struct rendered_result {
  /// The `structuredContent` object as `dump` writes it (keys sorted).
  std::string structured;
  /// The text content as a JSON string literal (quoted and escaped), ANSI
  /// escapes stripped: what the engine would write for the tool's summary.
  std::string text;
};

/// The result of a tool: structured content, or an error shown to the model
/// (`isError: true`), never a protocol error.
struct tool_outcome {
  tool_outcome(std::shared_ptr<nlohmann::json> structured = nullptr,
               std::string error = {},
               std::shared_ptr<const rendered_result> rendered = nullptr)
    : structured(std::move(structured)),
      error(std::move(error)),
      rendered(std::move(rendered)) {
    // nop
  }

  /// The `structuredContent` object (also rendered as the text copy).
  std::shared_ptr<nlohmann::json> structured;
  /// Non-empty: the call failed; this is the message for the model.
  std::string error;
  /// Instead of `structured`: the result already serialized. The engine
  /// splices it into the response unless it must look inside (result
  /// checks, eras without structuredContent, batches: then it parses it).
  std::shared_ptr<const rendered_result> rendered;
};

/// Called once per tool call with its outcome.
using tool_done = std::function<void(tool_outcome)>;

/// Called for each progress/log item while a long tool (logs_stream with
/// follow) runs: (progress counter, message or log line as JSON).
using tool_progress = std::function<void(uint64_t, const nlohmann::json&)>;

/// Cancels a running tool call; calling it after completion is harmless.
using cancel_fn = std::function<void()>;

/// What carries the messages of one engine.
enum class transport_kind : uint8_t { stdio, unix_socket, http };

/// Where a call comes from, for policy decisions.
struct call_origin {
  /// The transport of the engine that received the call.
  transport_kind transport = transport_kind::stdio;
  /// HTTP only: ad-hoc commands allowed by `[mcp] allow_commands`.
  bool allow_commands = false;
  /// The request asked for a brief text (meta::brief_text): a tool may
  /// leave out what follows the text's first line.
  bool brief_text = false;
  /// The request asked for the compact form of a listing (meta::rows).
  bool rows = false;
};

/// The daemon side of every resource (and the object tool handlers get).
class backend {
public:
  virtual ~backend() = default;

  /// Reads resource `uri` (hummel://processes, hummel://processes/{name},
  /// hummel://logs/{name}). Returns the text (JSON) and its MIME type, or
  /// nullopt when no such resource exists.
  struct resource_text {
    std::string mime_type;
    std::string text;
  };
  virtual std::optional<resource_text> read_resource(const std::string& uri)
    = 0;

  /// Version of the current view (changes whenever any process changes).
  virtual uint64_t view_version() = 0;

  /// Names of all processes (for resource listings and completions).
  virtual std::vector<std::string> process_names() = 0;

  /// The answer of `hummel/watch`: the full current view as
  /// {version, node, time_ms, processes:[status item...]}, read without
  /// waiting. Null (the default): this backend has no watch feed, and the
  /// engine answers the method as unknown (-32601).
  virtual std::shared_ptr<nlohmann::json> watch_snapshot() {
    return nullptr;
  }

  /// The answer of `hummel/watch {"node": "*"}`: the cluster view as
  /// {version, node, time_ms, cluster: true, nodes:[node...],
  /// propagation, processes:[status item + node...]}. Null (the default):
  /// no cluster feed here (-32601 as for an unknown method).
  virtual std::shared_ptr<nlohmann::json> watch_cluster_snapshot() {
    return nullptr;
  }
};

} // namespace hummel::mcp
