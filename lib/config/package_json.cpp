// package.json: script discovery and package-manager detection.

#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <system_error>

namespace hummel {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 4> known_managers{"npm", "pnpm", "yarn",
                                                         "bun"};

/// "pnpm@8.1.0" -> "pnpm"; "" for an unknown manager.
std::string manager_of_field(const std::string& field) {
  std::string name = field.substr(0, field.find('@'));
  for (auto known : known_managers)
    if (name == known)
      return name;
  return {};
}

/// The line of `"name":` inside the "scripts" object, 0 when not found.
int script_line(std::string_view text, const std::string& name) {
  size_t scripts = text.find("\"scripts\"");
  if (scripts == std::string_view::npos)
    return 0;
  std::string needle = "\"" + name + "\"";
  for (size_t at = text.find(needle, scripts); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    size_t k = at + needle.size();
    while (k < text.size()
           && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n'
               || text[k] == '\r'))
      ++k;
    if (k < text.size() && text[k] == ':')
      return config_detail::line_of_offset(text, at);
  }
  return 0;
}

/// nlohmann's message without its "[json.exception...]" and position parts.
std::string clean_message(std::string what) {
  if (auto close = what.find("] "); what.starts_with("[") && close != what.npos)
    what.erase(0, close + 2);
  if (what.starts_with("parse error at line"))
    if (auto colon = what.find(": "); colon != what.npos)
      what.erase(0, colon + 2);
  return what;
}

} // namespace

std::string detect_package_manager(const fs::path& dir) {
  std::string why;
  if (auto text = config_detail::read_text(dir / "package.json", why)) {
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_discarded() && json.is_object()) {
      auto it = json.find("packageManager");
      if (it != json.end() && it->is_string())
        if (auto name = manager_of_field(it->get<std::string>()); !name.empty())
          return name;
    }
  }
  std::error_code ec;
  auto has
    = [&](const char* lockfile) { return fs::exists(dir / lockfile, ec); };
  if (has("bun.lockb") || has("bun.lock"))
    return "bun";
  if (has("pnpm-lock.yaml"))
    return "pnpm";
  if (has("yarn.lock"))
    return "yarn";
  return "npm"; // package-lock.json or nothing at all
}

namespace config_detail {

void read_scripts(std::string_view text, const fs::path& file,
                  const fs::path& dir, const std::string& package_manager,
                  std::vector<process_def>& out,
                  std::vector<config_error>& errors) {
  error_sink sink{file.string(), errors};
  nlohmann::ordered_json json;
  try {
    json = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points past the end at an unexpected EOF.
    int line = e.byte > 0 && !text.empty()
                 ? line_of_offset(text, std::min(e.byte - 1, text.size() - 1))
                 : 0;
    sink.add(line, "invalid JSON: " + clean_message(e.what()));
    return;
  } catch (const std::exception& e) {
    sink.add(0, "invalid JSON: " + clean_message(e.what()));
    return;
  }
  if (!json.is_object()) {
    sink.add(0, "package.json must contain a JSON object");
    return;
  }
  auto scripts = json.find("scripts");
  if (scripts == json.end() || scripts->is_null())
    return;
  if (!scripts->is_object()) {
    sink.add(line_of_offset(text, text.find("\"scripts\"")),
             "'scripts' must be an object");
    return;
  }
  for (const auto& [name, value] : scripts->items()) {
    if (!value.is_string()) {
      sink.add(script_line(text, name),
               "script '" + name + "' must be a string");
      continue;
    }
    // Names hummel cannot address (spaces, slashes, ...) are skipped: they
    // stay runnable through the package manager itself.
    if (!is_valid_process_name(name))
      continue;
    process_def def;
    def.name = name;
    def.kind = process_kind::script;
    def.command = package_manager + " run " + name;
    def.script = value.get<std::string>();
    def.cwd = dir;
    def.autostart = false;
    def.restart = restart_policy::no;
    def.source_file = file.string();
    def.source_line = script_line(text, name);
    out.push_back(std::move(def));
  }
}

} // namespace config_detail

} // namespace hummel
