#pragma once

// How the CLI and the MCP text answers write a long duration.

#include <cstdint>
#include <string>

namespace hummel {

/// A duration of a minute or more in two units: "3m04s", "2h05m", "1d03h".
/// (Shorter ones each caller writes its own way: "42s", "1.2 s".)
std::string coarse_duration(int64_t seconds);

} // namespace hummel
