#pragma once

// A throw-away project directory for the config tests: created with mkdtemp
// under the system temp directory, removed with everything in it on
// destruction.

#include "config/load.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hummel::test {

/// A temporary directory that tests fill with files.
class temp_project {
public:
  temp_project() {
    std::string pattern
      = (std::filesystem::temp_directory_path() / "hummel-config-XXXXXX")
          .string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
    dir_ = std::filesystem::canonical(pattern);
  }

  temp_project(const temp_project&) = delete;
  temp_project& operator=(const temp_project&) = delete;

  ~temp_project() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  /// The canonical absolute directory.
  const std::filesystem::path& dir() const {
    return dir_;
  }

  /// Writes `text` to `relative` (creating parent directories); returns the
  /// absolute path.
  std::filesystem::path write(const std::string& relative,
                              std::string_view text) const {
    auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    return path;
  }

  /// `dir() / relative` as a string, as it appears in error messages.
  std::string path(const std::string& relative) const {
    return (dir_ / relative).string();
  }

  /// Writes hummel.toml and loads the project.
  load_result load_toml(std::string_view toml) const {
    write("hummel.toml", toml);
    return load_project(dir_);
  }

private:
  std::filesystem::path dir_;
};

/// All errors of `r`, one per line, for assertion messages.
inline std::string dump(const load_result& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += e.to_string() + "\n";
  return out;
}

/// True if `r` has an error in `file` at `line` whose reason contains
/// `text`.
inline bool has_error(const load_result& r, const std::string& file, int line,
                      std::string_view text) {
  for (const auto& e : r.errors)
    if (e.file == file && e.line == line
        && e.reason.find(text) != std::string::npos)
      return true;
  return false;
}

/// The definition named `name`, or nullptr.
inline const process_def* find_process(const project_config& c,
                                       std::string_view name) {
  for (const auto& p : c.processes)
    if (p.name == name)
      return &p;
  return nullptr;
}

} // namespace hummel::test
