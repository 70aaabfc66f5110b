#pragma once

// hummel's MCP resources: the static `hummel://processes` (the status view)
// and the templates `hummel://processes/{name}` (one process) and
// `hummel://logs/{name}` (its last log lines), all `application/json`. The
// backend reads them (`backend::read_resource`); these helpers name and
// parse the URIs. Pure functions; safe from any thread.

#include "mcp/backend.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hummel::mcp {

/// The static resources.
inline constexpr std::string_view processes_uri = "hummel://processes";
inline constexpr std::string_view errors_uri = "hummel://errors";

/// What a `hummel://` URI names.
struct resource_ref {
  /// The shapes: hummel://processes, hummel://processes/{name},
  /// hummel://logs/{name}, hummel://errors, hummel://errors/{name}.
  enum class kind : uint8_t { processes, process, logs, all_errors, errors };
  /// Which shape.
  kind what = kind::processes;
  /// The process name, percent-decoded (empty for `processes`).
  std::string name;
};

/// Parses one of the URI shapes; the name part is percent-decoded and
/// must not be empty. nullopt for anything else.
std::optional<resource_ref> parse_resource_uri(std::string_view uri);

/// The URI of `ref`, with the name percent-encoded (RFC 3986 unreserved
/// characters stay as they are).
std::string make_resource_uri(const resource_ref& ref);

/// `uri` in the form `make_resource_uri` produces when it parses (so that
/// subscriptions match change notices), else `uri` unchanged.
std::string canonical_resource_uri(std::string_view uri);

/// The `resources` array of `resources/list`.
const nlohmann::json& resource_list();

/// The `resourceTemplates` array of `resources/templates/list`.
const nlohmann::json& resource_templates();

/// `completion/complete` for the templates' `name` argument: process names
/// starting with the typed value (at most 100). Sets `error` (and returns
/// null) for a prompt reference, as there are no prompts.
nlohmann::json complete(const nlohmann::json& params, backend& be,
                        std::string& error);

} // namespace hummel::mcp
