#include "common/paths.hpp"

#include <cstdlib>

namespace hummel {

namespace fs = std::filesystem;

fs::path default_state_dir(const std::string& project_id) {
  if (auto* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg)
    return fs::path{xdg} / "hummel" / project_id;
  auto* home = std::getenv("HOME");
  return fs::path{home != nullptr ? home : "/tmp"} / ".local" / "state"
         / "hummel" / project_id;
}

fs::path self_dir() {
  std::error_code err;
  auto exe = fs::read_symlink("/proc/self/exe", err);
  return err ? fs::path{} : exe.parent_path();
}

} // namespace hummel
