#pragma once

// What a configuration reload changes: the process definitions of the
// running configuration against those of a newly loaded one. Pure
// functions, no CAF.

#include "config/project_config.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace hummel {

/// The process definitions of two configurations, compared by name.
struct config_diff {
  /// Names only in the new configuration, in its order.
  std::vector<std::string> added;
  /// Names only in the old configuration, in its order.
  std::vector<std::string> removed;
  /// Names in both whose definitions differ, in the new order.
  std::vector<std::string> changed;
  /// Names in both with equal definitions, in the new order.
  std::vector<std::string> unchanged;

  /// True when the set of names differs (something added or removed).
  bool list_changed() const {
    return !added.empty() || !removed.empty();
  }
  /// True when nothing is to be done.
  bool empty() const {
    return added.empty() && removed.empty() && changed.empty();
  }
};

/// True when `a` and `b` define the same process: every field of
/// `process_def` except where it was written (`source_file`,
/// `source_line`), so moving a definition in the file changes nothing.
bool same_definition(const process_def& a, const process_def& b);

/// Compares the processes of `old_config` and `new_config` by name.
config_diff diff_processes(const project_config& old_config,
                           const project_config& new_config);

/// The settings a reload does not apply (`[daemon]`, `[mcp]`, `[cluster]`,
/// the package manager): the names of the tables that differ, e.g.
/// {"daemon", "cluster"}; empty when they are equal. They take effect at
/// the next daemon start.
std::vector<std::string> unapplied_changes(const project_config& old_config,
                                           const project_config& new_config);

} // namespace hummel
