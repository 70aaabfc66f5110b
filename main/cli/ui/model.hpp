#pragma once

// The process table of `hummel ui`, without a terminal: the rows of the
// watch feed (a `hummel/watch` snapshot, then `notifications/hummel/delta`
// by version), their order (a sort column), a filter typed by the user and
// the selection, kept on the same process (by name) across updates.
//
// Thread safety: a table is used by one thread.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::ui {

/// One process as the table shows it (a `scripts_status` item).
struct process_row {
  std::string name;
  /// The cluster node (empty for the project's own daemon).
  std::string node;
  std::string status;
  bool ready = false;
  /// 0: no process runs.
  int64_t pid = 0;
  /// When the current run started (epoch ms; 0: unknown).
  int64_t start_ms = 0;
  /// The uptime the daemon gave, as of `time_ms`.
  int64_t uptime_ms = 0;
  int64_t restarts = 0;
  double cpu = 0;
  uint64_t rss = 0;
  /// The first URL the process printed (empty: none).
  std::string url;
  int64_t errors = 0;
  std::string last_error;
  /// The exit code of the last run, if it ended.
  std::optional<int64_t> exit_code;
};

/// One node of the cluster view (`hummel ui --all-nodes`).
struct node_row {
  std::string name;
  /// "host:port" ("" for the daemon's own node).
  std::string address;
  /// "local", "connecting", "linked", "stale".
  std::string state;
  std::string error;
  int64_t processes = 0;
  /// How long ago it was last heard from, as of the last update (-1:
  /// never).
  int64_t heard_ms_ago = -1;
};

/// Reads one `scripts_status` item; missing or null fields stay default.
process_row row_from_json(const nlohmann::json& item);

/// The table's columns, in display order.
enum class column {
  name,
  node,
  status,
  ready,
  pid,
  uptime,
  restarts,
  cpu,
  rss,
  url,
  errors,
};

/// How many columns there are.
inline constexpr size_t column_count = 11;

/// "NAME", "STATUS", ...
std::string_view column_title(column c);

/// What `apply_delta` did with a notification.
enum class delta_outcome {
  /// The rows changed (or nothing did, at a newer version).
  applied,
  /// Already seen (its `to` is not newer than the table): ignored.
  stale,
  /// `from` is past the table's version: deltas were missed, call
  /// `hummel/watch` again. The table is marked unsynced.
  gap,
  /// No snapshot yet (or a resync is pending): ignored.
  not_synced,
};

/// The rows, their order, the filter and the selection.
class table {
public:
  /// Replaces every row with a `hummel/watch` result (`version`, `node`,
  /// `time_ms`, `processes`) or a `scripts_status` one (`view_version`).
  void load_snapshot(const nlohmann::json& result);

  /// Applies the params of one `notifications/hummel/delta`.
  delta_outcome apply_delta(const nlohmann::json& params);

  /// Forgets the version (the daemon went away): the rows stay on screen,
  /// deltas are ignored until the next snapshot.
  void mark_unsynced() noexcept;

  /// Whether a snapshot was loaded and no gap seen since.
  bool synced() const noexcept;

  /// The version of the last snapshot or delta applied.
  uint64_t version() const noexcept;

  /// The node the snapshot came from.
  const std::string& node() const noexcept;

  /// Every row (not only the visible ones).
  size_t size() const noexcept;

  /// The row of `key` (a name; for a cluster row, see `key_of`), or null.
  const process_row* find(std::string_view key) const;

  /// Sorts by `c`, descending or not; ties by name.
  void sort_by(column c, bool descending);

  /// Sorts by the next column (after `errors`, `name` again); numbers and
  /// status sort descending first, names ascending.
  void cycle_sort();

  /// Reverses the order.
  void reverse_sort();

  /// The column the rows are sorted by.
  column sort_column() const noexcept;

  /// Whether the order is descending.
  bool descending() const noexcept;

  /// Shows only rows whose name, status or node contains `text` (ASCII
  /// case-insensitive); empty shows every row.
  void set_filter(std::string text);

  /// The filter text ("" for none).
  const std::string& filter() const noexcept;

  /// The rows shown, in order.
  const std::vector<const process_row*>& visible() const;

  /// The selected row (null when none is visible).
  const process_row* selected() const;

  /// Its position in `visible()` (0 when none).
  size_t selected_index() const;

  /// Moves the selection by `delta` rows (clamped).
  void move_selection(int delta);

  /// Selects the first or the last visible row.
  void select_edge(bool last);

  /// Selects `name` (a name or a key) if it is visible.
  void select_name(std::string_view name);

  /// Whether any row has a node (the cluster view shows the NODE column).
  bool has_nodes() const noexcept;

  /// Whether the snapshot was a cluster watch's (`"cluster": true`).
  bool cluster() const noexcept;

  /// The nodes of a cluster watch, as of the last snapshot or delta.
  const std::vector<node_row>& nodes() const noexcept;

  /// Shows only the processes of `node` (a name or an address; "" for
  /// every node): `hummel ui --node`.
  void show_only_node(std::string node);

  /// The node shown alone ("" for every node).
  const std::string& only_node() const noexcept;

  /// Whether `r` runs on another node than the daemon the table watches
  /// (commands then name the node).
  bool is_remote(const process_row& r) const noexcept;

  /// The key of a row: its name, or node and name for a cluster's row.
  static std::string key_of(const process_row& r);

private:
  void refresh() const;
  void upsert(const nlohmann::json& item);
  void load_nodes(const nlohmann::json& result);
  std::string node_address(std::string_view name) const;

  std::map<std::string, process_row, std::less<>> rows_;
  uint64_t version_ = 0;
  bool synced_ = false;
  std::string node_;
  bool cluster_ = false;
  std::vector<node_row> nodes_;
  std::string only_node_;
  column sort_ = column::name;
  bool descending_ = false;
  std::string filter_;
  // The visible rows and the selection, recomputed when dirty.
  mutable bool dirty_ = true;
  mutable std::vector<const process_row*> visible_;
  mutable std::string selected_name_;
  mutable size_t selected_index_ = 0;
};

} // namespace hummel::ui
