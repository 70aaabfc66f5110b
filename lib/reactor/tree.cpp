#include "reactor/tree.hpp"

#include <utility>

namespace hummel::reactor::detail {

process_table build_table(std::vector<proc_stat> procs, int self,
                          const std::unordered_set<int>& leaders) {
  process_table table;
  table.procs.reserve(procs.size());
  for (auto& st : procs) {
    table.children[st.ppid].push_back(st.pid);
    table.groups[st.pgid].push_back(st.pid);
    if (self != 0 && st.ppid == self && !st.dead()
        && !leaders.contains(st.pid)) {
      if (auto marker = read_run_marker(st.pid))
        table.orphans[*marker].push_back(st.pid);
    }
    table.procs.emplace(st.pid, st);
  }
  return table;
}

process_table scan_table(int self, const std::unordered_set<int>& leaders) {
  return build_table(scan_procs(), self, leaders);
}

namespace {

/// The live processes of `roots` and all their descendants, skipping (with
/// their subtrees) every pid for which `excluded(pid)` holds.
template <class Excluded>
std::vector<proc_stat> walk(const process_table& table,
                            const std::vector<int>& roots, Excluded excluded) {
  std::vector<proc_stat> result;
  std::unordered_set<int> seen;
  std::vector<int> todo = roots;
  while (!todo.empty()) {
    int pid = todo.back();
    todo.pop_back();
    if (excluded(pid) || !seen.insert(pid).second)
      continue;
    auto it = table.procs.find(pid);
    if (it == table.procs.end() || it->second.dead())
      continue;
    result.push_back(it->second);
    if (auto kids = table.children.find(pid); kids != table.children.end())
      todo.insert(todo.end(), kids->second.begin(), kids->second.end());
  }
  return result;
}

} // namespace

std::vector<proc_stat>
with_descendants(const process_table& table, const std::vector<int>& roots,
                 const std::unordered_set<int>& excluded) {
  return walk(table, roots, [&](int pid) { return excluded.contains(pid); });
}

std::vector<proc_stat> tree_members(const process_table& table,
                                    const tree_query& q, int self,
                                    const std::unordered_set<int>& leaders) {
  std::vector<int> roots;
  if (q.leader_alive) {
    roots.push_back(q.leader);
    if (auto it = table.groups.find(q.leader); it != table.groups.end())
      roots.insert(roots.end(), it->second.begin(), it->second.end());
  }
  if (auto it = table.orphans.find(std::string{q.marker});
      it != table.orphans.end())
    roots.insert(roots.end(), it->second.begin(), it->second.end());
  if (q.known != nullptr) {
    for (auto [pid, start] : *q.known) {
      auto it = table.procs.find(pid);
      if (it != table.procs.end() && it->second.start_ticks == start)
        roots.push_back(pid);
    }
  }
  // Other runs' leaders (and their trees) belong to those runs. Checked in
  // place: copying every leader into a set for every child made usage
  // sampling O(N²) in the number of children.
  return walk(table, roots, [&](int pid) {
    if (pid == self)
      return true;
    if (pid == q.leader)
      return !q.leader_alive;
    return leaders.contains(pid);
  });
}

} // namespace hummel::reactor::detail
