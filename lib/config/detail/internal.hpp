#pragma once

// Internal pieces of the configuration loader shared between its source
// files. Not part of the public API: include config/load.hpp instead.

#include "config/load.hpp"
#include "config/project_config.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::config_detail {

/// A hummel.toml process together with the locations later checks need.
struct parsed_process {
  process_def def;
  /// Line of each `depends_on` entry, parallel to `def.depends_on`.
  std::vector<int> dep_lines;
};

/// What hummel.toml contributes to a project_config.
struct toml_contents {
  daemon_settings daemon;
  mcp_settings mcp;
  cluster_settings cluster;
  errors_settings errors;
  /// The `[processes.*]` tables in the order they were written.
  std::vector<parsed_process> processes;
};

/// Collects located errors for one file.
struct error_sink {
  std::string file;
  std::vector<config_error>& errors;
  /// Appends an error at `line` (0 when unknown).
  void add(int line, std::string reason);
};

/// Parses and validates the hummel.toml `text` read from `file`; relative
/// paths in it are resolved against the project directory `dir`.
void read_toml(std::string_view text, const std::filesystem::path& file,
               const std::filesystem::path& dir, toml_contents& out,
               std::vector<config_error>& errors);

/// Appends one script definition per entry of the package.json `text`'s
/// "scripts" object, run as `<package_manager> run <name>` in `dir`.
void read_scripts(std::string_view text, const std::filesystem::path& file,
                  const std::filesystem::path& dir,
                  const std::string& package_manager,
                  std::vector<process_def>& out,
                  std::vector<config_error>& errors);

/// Reads a whole configuration file; on failure returns nullopt and sets
/// `why`. Only a regular file of at most `max_bytes` is read: a FIFO, a
/// device or a directory is refused without waiting (opened with
/// O_NONBLOCK, checked with fstat before any read), and so is a bigger
/// file ("the file is N bytes; the limit is M bytes").
std::optional<std::string>
read_text(const std::filesystem::path& file, std::string& why,
          std::size_t max_bytes = max_config_file_bytes);

/// Bytes of a value an error message quotes before it is cut.
inline constexpr std::size_t max_quoted_bytes = 80;

/// `message` with every value between single quotes longer than
/// `max_quoted_bytes` cut to its first bytes and its size ("'xxxx… (10485760
/// bytes)'"); the whole message is bounded too.
std::string cap_quoted_values(std::string_view message);

/// " (did you mean 'x'?)" for the candidate closest to `word` within a small
/// edit distance, else "".
std::string did_you_mean(std::string_view word,
                         std::span<const std::string_view> candidates);

/// True for "off" and "<host>:<port>" (the daemon's `http` setting).
bool is_valid_listen_address(std::string_view s);

/// True for http://host[:port][/path] with a non-empty host and a port in
/// 1..65535.
bool is_http_url(std::string_view url);

/// True for names matching [A-Za-z0-9_.:-]{1,64}.
bool is_valid_process_name(std::string_view name);

/// 1-based line of the byte at `offset` in `text`.
int line_of_offset(std::string_view text, std::size_t offset);

/// The absolute, canonical (as far as it exists) form of `dir`.
std::filesystem::path normalize_dir(const std::filesystem::path& dir);

} // namespace hummel::config_detail
