#include "config/diff.hpp"

#include <unordered_map>

namespace hummel {

bool same_definition(const process_def& a, const process_def& b) {
  auto x = a;
  auto y = b;
  x.source_file.clear();
  y.source_file.clear();
  x.source_line = y.source_line = 0;
  return x == y;
}

config_diff diff_processes(const project_config& old_config,
                           const project_config& new_config) {
  std::unordered_map<std::string, const process_def*> old_defs;
  for (const auto& def : old_config.processes)
    old_defs.emplace(def.name, &def);
  std::unordered_map<std::string, const process_def*> new_defs;
  for (const auto& def : new_config.processes)
    new_defs.emplace(def.name, &def);
  config_diff result;
  for (const auto& def : old_config.processes)
    if (new_defs.count(def.name) == 0)
      result.removed.push_back(def.name);
  for (const auto& def : new_config.processes) {
    auto i = old_defs.find(def.name);
    if (i == old_defs.end())
      result.added.push_back(def.name);
    else if (same_definition(*i->second, def))
      result.unchanged.push_back(def.name);
    else
      result.changed.push_back(def.name);
  }
  return result;
}

std::vector<std::string> unapplied_changes(const project_config& old_config,
                                           const project_config& new_config) {
  std::vector<std::string> result;
  const auto& a = old_config.daemon;
  const auto& b = new_config.daemon;
  // `reload` itself is read by the daemon at each reload; not listed.
  if (a.http != b.http || a.grace_period != b.grace_period
      || a.log_file_max_bytes != b.log_file_max_bytes
      || a.log_file_count != b.log_file_count
      || a.output_budget != b.output_budget
      || a.max_connections != b.max_connections
      || a.max_connections_per_address != b.max_connections_per_address
      || a.header_timeout != b.header_timeout
      || a.idle_timeout != b.idle_timeout)
    result.emplace_back("daemon");
  if (old_config.mcp.allow_commands != new_config.mcp.allow_commands
      || old_config.mcp.token != new_config.mcp.token
      || old_config.mcp.session_idle_timeout
           != new_config.mcp.session_idle_timeout
      || old_config.mcp.max_sessions != new_config.mcp.max_sessions)
    result.emplace_back("mcp");
  const auto& c = old_config.cluster;
  const auto& d = new_config.cluster;
  if (c.node != d.node || c.listen != d.listen || c.peers != d.peers
      || c.tls.cert != d.tls.cert || c.tls.key != d.tls.key
      || c.tls.ca != d.tls.ca
      || c.allow_remote_control != d.allow_remote_control)
    result.emplace_back("cluster");
  if (old_config.package_manager != new_config.package_manager)
    result.emplace_back("package_manager");
  return result;
}

} // namespace hummel
