#pragma once

// Helpers for system tests: temporary folders, bounded waiting, and
// looking at real processes through /proc.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hummel::test {

/// A fresh folder under /tmp, removed with everything in it.
class temp_folder {
public:
  temp_folder() {
    std::string tmpl = "/tmp/hummel-test-XXXXXX";
    path_ = mkdtemp(tmpl.data());
  }
  ~temp_folder() {
    std::error_code err;
    std::filesystem::remove_all(path_, err);
  }
  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
};

/// Polls `pred` every 5 ms until it holds or `timeout` passes.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

/// Writes `text` to `path` (with parent folders).
inline void write_file(const std::filesystem::path& path,
                       const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out{path};
  out << text;
}

/// Pids of live (non-zombie) processes whose environment contains
/// `needle` (e.g. "HUMMEL_RUN=proj-1234/").
inline std::vector<int> pids_with_env(const std::string& needle) {
  std::vector<int> result;
  for (const auto& entry : std::filesystem::directory_iterator{"/proc"}) {
    auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != name.npos)
      continue;
    std::ifstream env{entry.path() / "environ", std::ios::binary};
    std::stringstream buf;
    buf << env.rdbuf();
    auto text = buf.str();
    if (text.find(needle) == std::string::npos)
      continue;
    std::ifstream stat{entry.path() / "stat"};
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    if (close != std::string::npos && close + 2 < line.size()
        && line[close + 2] == 'Z')
      continue;
    result.push_back(std::stoi(name));
  }
  return result;
}

} // namespace hummel::test
