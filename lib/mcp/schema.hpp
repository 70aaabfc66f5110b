#pragma once

// A small JSON Schema (2020-12) checker for the tool schemas (mcp/tools/):
// `type` (name or list), `anyOf`, `properties`, `required`,
// `additionalProperties` (bool or schema), `items`, `enum`, `minimum`,
// `maximum`, `minLength` and `default`. Other keywords (`description`,
// `title`, …) are ignored. Pure functions; never throw.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace hummel::mcp {

/// Checks `value` against `schema` and normalizes it in place: absent
/// properties that have a `default` are added, and integral floats where an
/// integer is expected (`5.0`) become integers. Returns "" when valid, else
/// one message naming the offending path below `path` ("limit: expected
/// integer, got string").
std::string conform(const nlohmann::json& schema, nlohmann::json& value,
                    std::string_view path = "");

/// Checks without modifying; same messages as `conform`.
std::string check(const nlohmann::json& schema, const nlohmann::json& value,
                  std::string_view path = "");

} // namespace hummel::mcp
