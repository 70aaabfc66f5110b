// package.json: script discovery and package-manager detection.

#include "config/detail/internal.hpp"
#include "config/load.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <exception>
#include <system_error>
#include <unordered_map>

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

/// Where a key is written: byte offset of its opening quote and line.
struct key_place {
  size_t offset = std::string_view::npos;
  int line = 0;
};

using key_places = std::unordered_map<std::string_view, key_place>;

/// The place of every `"key":` from the "scripts" key on (the first one for
/// a key written twice), found in one pass over the text. A lookup per
/// script (a search from "scripts" and a count of the newlines before the
/// hit) made 20,000 scripts take seconds: quadratic in the file's size.
key_places find_key_places(std::string_view text) {
  key_places lines;
  size_t at = text.find("\"scripts\"");
  if (at == std::string_view::npos)
    return lines;
  int line = config_detail::line_of_offset(text, at);
  while (at < text.size()) {
    char c = text[at];
    if (c == '\n')
      ++line;
    if (c != '"') {
      ++at;
      continue;
    }
    size_t end = at + 1; // the closing quote, skipping escaped ones
    while (end < text.size() && text[end] != '"')
      end += text[end] == '\\' ? 2 : 1;
    if (end >= text.size())
      break;
    int key_line = line;
    size_t k = end + 1;
    while (k < text.size()
           && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n'
               || text[k] == '\r'))
      line += text[k++] == '\n' ? 1 : 0;
    if (k < text.size() && text[k] == ':')
      lines.emplace(text.substr(at + 1, end - at - 1), key_place{at, key_line});
    at = k;
  }
  return lines;
}

/// Where `"name":` is written inside the "scripts" object (offset npos and
/// line 0 when not found).
key_place place_of(const key_places& places, const std::string& name) {
  auto it = places.find(name);
  return it == places.end() ? key_place{} : it->second;
}

/// The entries of the "scripts" object in file order. Parsed into a
/// sorted map (an ordered_json inserts each key with a linear search:
/// quadratic in the number of scripts) and ordered by where each key is
/// written.
std::vector<std::pair<const std::string*, const nlohmann::json*>>
in_file_order(const nlohmann::json& scripts, const key_places& places) {
  std::vector<std::pair<const std::string*, const nlohmann::json*>> items;
  items.reserve(scripts.size());
  for (auto it = scripts.begin(); it != scripts.end(); ++it)
    items.emplace_back(&it.key(), &it.value());
  std::stable_sort(items.begin(), items.end(), [&](auto& a, auto& b) {
    return place_of(places, *a.first).offset
           < place_of(places, *b.first).offset;
  });
  return items;
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
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
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
  auto places = find_key_places(text);
  for (auto [key, value] : in_file_order(*scripts, places)) {
    const std::string& name = *key;
    int line = place_of(places, name).line;
    if (!value->is_string()) {
      sink.add(line, "script '" + name + "' must be a string");
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
    def.script = value->get<std::string>();
    def.cwd = dir;
    def.autostart = false;
    def.restart = restart_policy::no;
    def.source_file = file.string();
    def.source_line = line;
    out.push_back(std::move(def));
  }
}

} // namespace config_detail

} // namespace hummel
