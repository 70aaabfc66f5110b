#pragma once

// Internal helpers over toml++ shared by the hummel.toml readers. Not part of
// the public API.

#include "config/detail/internal.hpp"
#include "config/detail/keys.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::config_detail {

/// One entry of a TOML table.
struct toml_entry {
  std::string_view key;
  /// Line of the value (of the key when the value has no location).
  int line = 0;
  const toml::node* node = nullptr;
};

/// A table's entries in the order they were written.
std::vector<toml_entry> in_file_order(const toml::table& table);

/// 1-based line where `node` starts (0 when unknown).
int line_of(const toml::node& node);

/// Reports that `e` is not `what` ("a string", "an integer", ...).
void wrong_type(error_sink& sink, const toml_entry& e, std::string_view what);

/// Reports a key not in `allowed`; `where` is e.g. "in [daemon]". A key
/// among `aliases` (another tool's name) is pointed at hummel's, else at
/// the closest of `allowed`.
void unknown_key(error_sink& sink, const toml_entry& e, std::string_view where,
                 std::span<const std::string_view> allowed,
                 std::span<const keys::alias> aliases = {});

/// The string held by `e`, or nullopt after reporting an error.
std::optional<std::string> expect_string(error_sink& sink, const toml_entry& e);

/// The integer held by `e` if within [min, max], else nullopt after
/// reporting an error.
std::optional<int64_t>
expect_integer(error_sink& sink, const toml_entry& e, int64_t min,
               int64_t max = std::numeric_limits<int64_t>::max());

/// The boolean held by `e`, or nullopt after reporting an error.
std::optional<bool> expect_bool(error_sink& sink, const toml_entry& e);

/// The duration string held by `e`, or nullopt after reporting an error.
std::optional<std::chrono::milliseconds> expect_duration(error_sink& sink,
                                                         const toml_entry& e);

/// Reads `[errors]`: the matcher files, relative paths resolved against
/// `dir` (their contents are checked at daemon start).
void read_errors(const toml_entry& e, const std::filesystem::path& dir,
                 error_sink& sink, errors_settings& out);

/// Reads the `[cluster]` table `e`; relative certificate paths are
/// resolved against `dir`.
void read_cluster(const toml_entry& e, const std::filesystem::path& dir,
                  error_sink& sink, cluster_settings& out);

/// Reads the `[processes.<e.key>]` table `e` and appends it to `out`.
/// `watch` / `watch_ignore`: an array of globs relative to the cwd (or one
/// glob as a string); a glob that cannot match is reported with its line.
void read_globs(error_sink& sink, const toml_entry& e,
                std::vector<std::string>& out);

/// `watch_debounce`: milliseconds as an integer, or a duration string
/// ("500ms", "1s").
void read_debounce(error_sink& sink, const toml_entry& e,
                   std::chrono::milliseconds& out);

void read_process(const toml_entry& e, const daemon_settings& daemon,
                  const std::filesystem::path& dir, error_sink& sink,
                  std::vector<parsed_process>& out);

} // namespace hummel::config_detail
