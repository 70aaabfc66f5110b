#pragma once

#include "reactor/proc.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

/// Finding the members of a run's process tree in one /proc scan.
///
/// Thread safety: plain values and pure functions (apart from reading /proc).
namespace hummel::reactor::detail {

/// One /proc scan, indexed.
struct process_table {
  /// Every process by pid.
  std::unordered_map<int, proc_stat> procs;
  /// Child pids by parent pid.
  std::unordered_map<int, std::vector<int>> children;
  /// Member pids by process group id.
  std::unordered_map<int, std::vector<int>> groups;
  /// Children of the daemon that are not tracked leaders (re-parented
  /// orphans), by their HUMMEL_RUN marker. Filled by build_table().
  std::unordered_map<std::string, std::vector<int>> orphans;
};

/// Indexes `procs`. Reads the marker of every live child of `self` not in
/// `leaders` (pass self = 0 to skip that).
process_table build_table(std::vector<proc_stat> procs, int self,
                          const std::unordered_set<int>& leaders);

/// Scans /proc and indexes it (see build_table).
process_table scan_table(int self, const std::unordered_set<int>& leaders);

/// Where to look for the members of one run.
struct tree_query {
  /// Pid of the run's leader, also its process group id.
  int leader = 0;
  /// True while the leader is not yet reaped (its pgid is then safe).
  bool leader_alive = false;
  /// The run's HUMMEL_RUN marker.
  std::string_view marker;
  /// Members seen before (pid -> start ticks); kept if still the same.
  const std::vector<std::pair<int, uint64_t>>* known = nullptr;
};

/// The live members of a run: the leader (while alive), its process group
/// (while the leader is alive), re-parented orphans carrying the marker,
/// still-valid known members, and all descendants of these. Never `self`
/// and never a leader in `leaders` other than `q.leader`.
std::vector<proc_stat> tree_members(const process_table& table,
                                    const tree_query& q, int self,
                                    const std::unordered_set<int>& leaders);

/// `roots` (those present and alive) plus all their live descendants,
/// skipping the pids in `excluded` and their subtrees.
std::vector<proc_stat>
with_descendants(const process_table& table, const std::vector<int>& roots,
                 const std::unordered_set<int>& excluded);

} // namespace hummel::reactor::detail
