#pragma once

// scripts_status answers written directly from the snapshots: no JSON tree,
// no map of keys, one buffer per part. The bytes are those of the JSON path
// (status_from + the tool's text summary + dump), which
// tests/actors/status_write_test.cpp checks field by field, for hostile
// strings and for random snapshots, fields and filters. status_from_view
// takes it for every call on this node with `name`, `fields` and `status`
// (what `hummel ps` and an assistant's look at one process send), the JSON
// path for any other.
//
// Thread safety: pure functions of their arguments.

#include "mcp/backend.hpp"
#include "messages/process_snapshot.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hummel::mcp_tools {

/// The fields of a scripts_status item as bits, in the order dump writes
/// them (sorted keys).
using field_mask = uint32_t;

/// Every field (one process by name without `fields`).
field_mask every_field() noexcept;

/// What a list shows without `fields` (status_list_fields).
field_mask list_fields() noexcept;

/// The bit of the field `name`, or 0 for a name that is no item's key.
field_mask field_bit(std::string_view name) noexcept;

/// What to write: the items' fields, and whether a null log_degraded and
/// an error_count of 0 are left out (a list without `fields`).
struct status_shape {
  field_mask fields = 0;
  bool list_set_only = false;
  /// Only the text's summary line (the engine would cut the rest anyway).
  bool brief_text = false;
  /// The compact form (mcp::meta::rows): `columns`, the names of the
  /// fields written, in the items' key order (name among them), and
  /// `rows`, one array of values per item, in place of `processes`. Every
  /// column in every row: a null log_degraded is never left out.
  bool rows = false;
};

/// Appends `s` as a JSON string literal as nlohmann's dump writes it
/// (ensure_ascii off: `"` `\` and control bytes escaped, the rest as is).
/// False, with `out` partly written, when `s` is not valid UTF-8.
bool append_json_string(std::string& out, std::string_view s);

/// scripts_status of `xs` (already chosen by name and status) on node
/// `node` at `now_ms`, view `version`, `age_ms` old: the structured
/// content and the text content as a JSON string literal, as the engine
/// would write them. False when a string is not valid UTF-8 (or the node
/// is "*"): the caller then takes the JSON path.
bool write_status(std::span<const process_snapshot* const> xs,
                  const status_shape& shape, int64_t now_ms,
                  std::string_view node, uint64_t version, int64_t age_ms,
                  mcp::rendered_result& out);

} // namespace hummel::mcp_tools
