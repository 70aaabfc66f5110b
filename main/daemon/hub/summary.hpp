#pragma once

// What `hummel hub` prints in its terminal: one line per project whenever
// its summary changes (state, running/total, errors), and one when it goes.
// A thread reads the cluster view cell every 100 ms (a wait-free read; no
// message to any actor) and compares summaries.
//
// Thread safety: the thread only reads the cell and writes `out`.

#include "messages/cluster_view.hpp"
#include "viewcell/view_cell.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <thread>

namespace hummel {

/// The one-line summary of a project (a peer of the hub's cluster view).
std::string project_summary(const node_entry& n);

/// Prints project summaries as they change, until destroyed.
class hub_summary {
public:
  hub_summary(const view_cell<cluster_view>& cell, std::FILE* out);
  ~hub_summary();

  hub_summary(const hub_summary&) = delete;
  hub_summary& operator=(const hub_summary&) = delete;

private:
  void print_changes();

  const view_cell<cluster_view>& cell_;
  std::FILE* out_;
  std::map<std::string, std::string> shown_;
  std::jthread thread_;
};

} // namespace hummel
