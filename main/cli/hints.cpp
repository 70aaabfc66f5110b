// What the CLI says about a project without processes.

#include "main/cli/commands.hpp"

namespace hummel::cli {

std::string empty_project_hint(const std::filesystem::path& dir) {
  return "This project has no processes yet. Add one to "
         + (dir / "hummel.toml").string()
         + ", e.g.\n"
           "\n"
           "  [processes.web]\n"
           "  command = \"npm run dev\"\n"
           "\n"
           "or a \"scripts\" entry to package.json. The daemon reads it as "
           "soon as it is saved\n"
           "(`hummel reload` if hummel.toml says [daemon] reload = "
           "\"manual\").\n";
}

} // namespace hummel::cli
