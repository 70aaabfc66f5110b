// `hummel reload`: asks the daemon to load hummel.toml and package.json
// again (MCP tool config_reload) and prints what changed.

#include "main/cli/commands.hpp"

#include <cstdio>
#include <string>

namespace hummel::cli {

using nlohmann::json;

namespace {

/// "a, b, c" of a JSON array of strings.
std::string joined(const json& xs) {
  std::string result;
  if (!xs.is_array())
    return result;
  for (const auto& x : xs) {
    if (!result.empty())
      result += ", ";
    result += x.is_string() ? x.get<std::string>() : x.dump();
  }
  return result;
}

} // namespace

int run_reload(const context& ctx) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  auto r = s.call("config_reload", json::object());
  if (r.exit != exit_ok)
    return report(r);
  if (ctx.json) {
    print_json(r.structured);
    return exit_ok;
  }
  const auto& x = r.structured;
  std::string out;
  for (const char* key : {"added", "removed", "changed"}) {
    auto list = joined(x.value(key, json::array()));
    if (!list.empty())
      out += std::string{key} + ": " + list + "\n";
  }
  auto unchanged = x.value("unchanged", 0);
  if (out.empty())
    out = "no change (" + std::to_string(unchanged) + " processes)\n";
  else
    out += "unchanged: " + std::to_string(unchanged) + "\n";
  auto unapplied = joined(x.value("unapplied", json::array()));
  if (!unapplied.empty())
    out += "not applied until the daemon restarts: " + unapplied + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return exit_ok;
}

} // namespace hummel::cli
