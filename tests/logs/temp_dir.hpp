#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace hummel::test {

/// A fresh directory from mkdtemp, removed with its contents on destruction.
class temp_dir {
public:
  /// Creates the directory under $TMPDIR (or /tmp).
  temp_dir() {
    auto base = std::filesystem::temp_directory_path() / "hummel-logs-XXXXXX";
    auto pattern = base.string();
    if (::mkdtemp(pattern.data()) != nullptr)
      path_ = pattern;
  }

  /// Removes the directory tree.
  ~temp_dir() {
    std::error_code ec;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ec);
  }

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  /// Returns the directory (empty if creation failed).
  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
};

} // namespace hummel::test
