#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace hummel::reactor {

/// Called once at daemon start-up, before anything is spawned: ends the
/// leftovers of a crashed predecessor. Those are the live entries of
/// `registry` (only if /proc/<pid>/stat still shows the recorded start
/// time), every process whose HUMMEL_RUN starts with `marker_prefix`
/// (an empty prefix disables this scan), and the descendants of both.
/// Never the calling process or its ancestors. Sends SIGTERM, waits up to
/// `grace`, then SIGKILL. Truncates the registry afterwards. Returns how many
/// processes were ended.
size_t end_leftovers(const std::filesystem::path& registry,
                     std::string_view marker_prefix,
                     std::chrono::milliseconds grace);

} // namespace hummel::reactor
