#pragma once

// One MCP tool is one `tool` entry of a tool table: its definition
// (`tool_def`: name, title, description, input and output schema,
// annotations, policy, the argument rules a schema cannot say) and its
// handler. The engine reads the table for everything: `tools/list`, the
// argument and policy checks (once, before the handler), the dispatch (the
// handler of the entry it found, no second lookup) and the output check.
//
// Where the parts live, and why:
// - Definitions are the protocol contract, plain data: one file each in
//   lib/mcp/tools/<name>.cpp, declared in mcp/tools.hpp. They stay in this
//   CAF-free library so the engine tests (tests/mcp) check the real schemas
//   and policies without an actor system.
// - Handlers are daemon code (actors, the view cell): one file each in
//   actors/mcp_tools/<name>.cpp.
// - The daemon's table (actors/mcp_tools/table.cpp) pairs them, one line a
//   tool, in `tools/list` order. Tests build their own tables from the same
//   definitions with fake handlers.
//
// Adding a tool: its definition file, its handler file, one line in
// mcp::all_tools (lib/mcp/tools/all.cpp), one line in the daemon's table;
// tests build their tables from all_tools, so they need no change.
//
// Thread safety: definitions and tables are immutable after construction;
// the functions here are pure.

#include "mcp/backend.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::mcp {

/// A set of transports.
class transport_set {
public:
  constexpr transport_set(std::initializer_list<transport_kind> xs) noexcept {
    for (auto x : xs)
      bits_ |= bit(x);
  }

  /// stdio, unix and http.
  static constexpr transport_set all() noexcept {
    return {transport_kind::stdio, transport_kind::unix_socket,
            transport_kind::http};
  }

  /// The local transports: stdio and the unix socket.
  static constexpr transport_set local() noexcept {
    return {transport_kind::stdio, transport_kind::unix_socket};
  }

  constexpr bool contains(transport_kind x) const noexcept {
    return (bits_ & bit(x)) != 0;
  }

private:
  static constexpr uint8_t bit(transport_kind x) noexcept {
    return static_cast<uint8_t>(1u << static_cast<unsigned>(x));
  }

  uint8_t bits_ = 0;
};

/// What a tool does to the daemon.
enum class tool_access : uint8_t {
  read_only, ///< reads state (view, logs, cluster); `readOnlyHint: true`
  control,   ///< starts or stops processes
};

/// Who may call a tool and with which arguments; checked once, by the
/// engine, before the handler runs.
struct tool_policy {
  tool_access access = tool_access::read_only;
  /// Transports on which the tool may be called at all.
  transport_set transports = transport_set::all();
  /// Arguments that make the daemon run a program chosen by the caller (an
  /// ad-hoc `command`, extra `env`). Allowed on `ad_hoc_transports`;
  /// elsewhere only when the engine's `allow_commands` is set.
  std::vector<std::string> ad_hoc_args;
  transport_set ad_hoc_transports = transport_set::local();
};

/// Everything about one tool except its handler.
struct tool_def {
  std::string name;
  std::string title;
  std::string description;
  nlohmann::json input_schema;
  nlohmann::json output_schema;
  tool_policy policy;
  /// Annotations besides `readOnlyHint` (which follows `policy.access`).
  bool destructive = false;
  bool idempotent = true;
  /// Rules the input schema cannot say ("args needs command"); "" or the
  /// message for an `isError` result. May be null.
  std::string (*rules)(const nlohmann::json& args) = nullptr;
  /// The text content of a result: a compact summary of the structured
  /// value for the model (a table, a few lines). Null: the JSON text.
  std::string (*text)(const nlohmann::json& structured) = nullptr;
};

/// One tool call as its handler receives it.
struct tool_call {
  /// The validated arguments: an object with the schema defaults filled in
  /// and integral floats turned into integers.
  nlohmann::json args;
  call_origin origin;
  /// May be called any number of times before `done`.
  tool_progress progress;
  /// Called once with the outcome, now or later (on the engine's thread).
  tool_done done;
  /// The definition of the tool called.
  const tool_def* def = nullptr;
};

/// Runs a call on the backend of the engine that dispatches it. Returns a
/// canceller (may be empty for instant tools).
using tool_handler = cancel_fn (*)(backend& be, tool_call call);

/// One entry of a tool table.
struct tool {
  const tool_def* def = nullptr;
  tool_handler handler = nullptr;
};

/// The tools of an engine, in `tools/list` order.
using tool_table = std::span<const tool>;

/// The entry named `name`, or nullptr.
const tool* find_tool(tool_table tools, std::string_view name);

/// The `tools/list` item of `def`: `{name, title, description, inputSchema,
/// outputSchema, annotations}`.
nlohmann::json definition(const tool_def& def);

/// The `tools/list` array of `tools`.
nlohmann::json tool_list(tool_table tools);

/// Validates `args` (any JSON value; must be an object) against the input
/// schema, the tool's rules and its policy for `origin`; fills defaults.
/// Returns "" or the message for an `isError` result.
std::string prepare_arguments(const tool_def& def, nlohmann::json& args,
                              const call_origin& origin);

/// Checks a handler's result against the output schema; "" when it
/// conforms, else a message naming the field.
std::string check_result(const tool_def& def, const nlohmann::json& structured);

} // namespace hummel::mcp
