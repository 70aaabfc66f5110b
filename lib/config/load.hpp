#pragma once

// Loading and validating a project's configuration. Pure functions: no
// threads, no globals; everything returned by value.

#include "common/address.hpp"
#include "config/project_config.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hummel {

/// The largest configuration file read (hummel.toml, package.json, an
/// env_file): 1 MiB. A bigger one is an error naming its size.
inline constexpr std::size_t max_config_file_bytes = std::size_t{1} << 20;

/// Result of `load_project`: either a config or at least one error.
struct load_result {
  project_config config;
  std::vector<config_error> errors;
  bool ok() const {
    return errors.empty();
  }
};

/// Loads `<dir>/hummel.toml` (or `config_file` when given; a missing default
/// hummel.toml is fine, a missing explicit file is an error; a relative
/// `config_file` is taken relative to `dir`) and
/// `<dir>/package.json`. Validates everything: unknown keys, wrong types,
/// bad durations/signals, unknown or cyclic dependencies, missing env_file.
/// Nothing is partially applied: any error means `!ok()`.
load_result load_project(const std::filesystem::path& dir,
                         const std::optional<std::filesystem::path>& config_file
                         = std::nullopt);

/// Parses "5s", "250ms", "2m", "1h", "1.5s" into milliseconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view);

/// Parses "SIGINT", "INT", "2" into a signal number.
std::optional<int> parse_signal(std::string_view);

/// Parses a dotenv file's text (KEY=VALUE, `export`, quotes, comments).
/// Returns the pairs in order, or an error with the line number.
std::vector<std::pair<std::string, std::string>>
parse_dotenv(std::string_view text, const std::string& file,
             std::vector<config_error>& errors);

/// Detects the package manager of a project: the `packageManager` field of
/// package.json, else the lockfile (bun, pnpm, yarn, npm), else "npm".
std::string detect_package_manager(const std::filesystem::path& dir);

/// Checks a `[cluster]` table (also when it came from flags): addresses,
/// a complete TLS triple whose files exist, and no non-loopback `listen`
/// without TLS. Returns the first problem as a sentence.
std::optional<std::string> check_cluster(const cluster_settings& cluster);

/// Every key hummel.toml accepts, dotted from the top level, in the order
/// the parser lists them: "daemon.http", "cluster.tls.cert",
/// "processes.<name>.command", "processes.<name>.ready.log", ... A table
/// with fixed keys (`tls`, `ready`) is listed by its keys, a table of free
/// names (`env`, `depends_on`) as one key. Built from the lists the parser
/// checks unknown keys against, so it cannot disagree with the parser.
std::vector<std::string> known_config_keys();

/// `<basename>-<8 hex digits>` of the canonical project directory.
std::string make_project_id(const std::filesystem::path& dir);

} // namespace hummel
