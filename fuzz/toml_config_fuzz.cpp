// Fuzz target: the project loader (config/load.hpp `load_project`) on a
// real folder: hummel.toml, package.json and .env written from the input.
//
// Input: the three files separated by a line "%%" (hummel.toml, then
// package.json, then .env; missing parts are absent files). Checks: no
// exception escapes, and a configuration that loads has unique process
// names, dependencies that exist and come first (dependency order), and
// valid listen settings; a failed load has at least one located error;
// the text toml++ parses is ASCII.

#include "config/detail/toml_guard.hpp"
#include "config/load.hpp"

#include "fuzz/common.hpp"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

using namespace hummel;
namespace fs = std::filesystem;

namespace {

const fs::path& project_dir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path()
             / ("hummel-fuzz-toml-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

void write_or_remove(const fs::path& p, const std::string_view* text) {
  std::error_code ec;
  fs::remove(p, ec);
  if (text == nullptr)
    return;
  std::ofstream f{p, std::ios::binary};
  f.write(text->data(), static_cast<std::streamsize>(text->size()));
}

std::vector<std::string_view> parts_of(std::string_view in) {
  std::vector<std::string_view> parts;
  while (parts.size() < 2) {
    auto at = in.find("\n%%\n");
    if (at == std::string_view::npos)
      break;
    parts.push_back(in.substr(0, at + 1));
    in.remove_prefix(at + 4);
  }
  parts.push_back(in);
  return parts;
}

void check_loaded(const project_config& cfg) {
  // A hummel.toml process may depend on a package.json script; the scripts
  // follow the hummel.toml processes (the runtime links dependencies by
  // name). Among hummel.toml processes, a dependency comes first.
  std::map<std::string, const process_def*> by_name;
  for (const auto& p : cfg.processes)
    by_name.emplace(p.name, &p);
  std::set<std::string> seen;
  for (const auto& p : cfg.processes) {
    fuzz::require(!p.name.empty(), "every process has a name");
    for (const auto& d : p.depends_on) {
      auto it = by_name.find(d.name);
      fuzz::require(it != by_name.end(), "dependencies exist");
      if (it->second->source_file == p.source_file)
        fuzz::require(seen.contains(d.name), "dependencies come first");
    }
    fuzz::require(seen.insert(p.name).second, "process names are unique");
    fuzz::require(p.command.empty() != p.argv.empty(),
                  "exactly one of command and argv");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = fuzz::as_view(data, size);
  // Paths to devices and kernel files are the configuration slice's
  // finding 5 (unbounded reads of non-regular files); keep them out so a
  // run here finds parser faults, not an endless /dev/zero.
  for (auto bad : {"/dev", "/proc", "/sys", ".."})
    if (in.find(bad) != std::string_view::npos)
      return -1;
  auto parts = parts_of(in);
  const auto& dir = project_dir();
  write_or_remove(dir / "hummel.toml", &parts[0]);
  write_or_remove(dir / "package.json", parts.size() > 1 ? &parts[1] : nullptr);
  write_or_remove(dir / ".env", parts.size() > 2 ? &parts[2] : nullptr);
  // What toml++ gets is ASCII (config/detail/toml_guard.hpp): its
  // classification of non-ASCII characters reaches __builtin_unreachable.
  auto guarded = config_detail::guard_toml(parts[0]);
  for (char c : guarded.text)
    fuzz::require(static_cast<unsigned char>(c) < 0x80, "toml++ gets ASCII");
  auto result = load_project(dir);
  if (result.ok())
    check_loaded(result.config);
  else
    for (const auto& e : result.errors)
      fuzz::require(!e.file.empty() && !e.reason.empty(),
                    "errors name a file and a reason");
  return 0;
}
