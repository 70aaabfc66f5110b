#include "main/cli/ui/model.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace hummel::ui {

using nlohmann::json;

namespace {

/// "2026-11-26T10:00:00.123Z" as epoch ms; 0 for anything else.
int64_t iso_ms(const json& x) {
  if (!x.is_string())
    return 0;
  std::tm tm{};
  int ms = 0;
  auto s = x.get_ref<const std::string&>();
  int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year,
                      &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                      &tm.tm_sec, &ms);
  if (n < 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + (n == 7 ? ms : 0);
}

template <class T>
T num(const json& x, const char* key, T fallback = T{}) {
  auto i = x.find(key);
  if (i == x.end() || !i->is_number())
    return fallback;
  return i->get<T>();
}

std::string str(const json& x, const char* key) {
  auto i = x.find(key);
  return i != x.end() && i->is_string() ? i->get<std::string>() : "";
}

bool contains_nocase(std::string_view hay, std::string_view needle) {
  if (needle.empty())
    return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a))
                                 == std::tolower(static_cast<unsigned char>(b));
                        });
  return it != hay.end();
}

/// -1, 0, 1 comparing `a` and `b` on column `c`.
int compare(const process_row& a, const process_row& b, column c) {
  auto cmp
    = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (c) {
  case column::name:
    return 0;
  case column::node:
    return cmp(a.node, b.node);
  case column::status:
    return cmp(a.status, b.status);
  case column::ready:
    return cmp(a.ready, b.ready);
  case column::pid:
    return cmp(a.pid, b.pid);
  case column::uptime:
    // Running longest first when descending: the earliest start.
    return cmp(a.pid != 0 ? -a.start_ms : INT64_MIN,
               b.pid != 0 ? -b.start_ms : INT64_MIN);
  case column::restarts:
    return cmp(a.restarts, b.restarts);
  case column::cpu:
    return cmp(a.cpu, b.cpu);
  case column::rss:
    return cmp(a.rss, b.rss);
  case column::url:
    return cmp(a.url, b.url);
  case column::errors:
    return cmp(a.errors, b.errors);
  }
  return 0;
}

} // namespace

process_row row_from_json(const json& item) {
  process_row r;
  r.name = str(item, "name");
  r.node = str(item, "node");
  r.status = str(item, "status");
  r.ready = item.value("ready", json(false)).is_boolean()
            && item.value("ready", false);
  r.pid = num<int64_t>(item, "pid");
  r.start_ms = iso_ms(item.value("start_time", json()));
  r.uptime_ms = num<int64_t>(item, "uptime_ms");
  r.restarts = num<int64_t>(item, "restarts");
  r.cpu = num<double>(item, "cpu_percent");
  r.rss = num<uint64_t>(item, "rss_bytes");
  if (auto u = item.find("urls");
      u != item.end() && u->is_array() && !u->empty() && u->front().is_string())
    r.url = u->front().get<std::string>();
  r.errors = num<int64_t>(item, "error_count");
  r.last_error = str(item, "last_error");
  if (auto e = item.find("exit_code"); e != item.end() && e->is_number())
    r.exit_code = e->get<int64_t>();
  return r;
}

std::string_view column_title(column c) {
  static constexpr std::string_view titles[column_count]
    = {"NAME", "NODE", "STATUS", "READY", "PID", "UPTIME",
       "RST",  "CPU%", "RSS",    "URL",   "ERR"};
  return titles[static_cast<size_t>(c)];
}

void table::upsert(const json& item) {
  if (!item.is_object())
    return;
  auto row = row_from_json(item);
  if (row.name.empty())
    return;
  auto key = key_of(row);
  rows_.insert_or_assign(std::move(key), std::move(row));
}

std::string table::key_of(const process_row& r) {
  return r.node.empty() ? r.name : r.node + '\x1f' + r.name;
}

namespace {

/// One node of a cluster watch's `nodes`.
node_row node_from_json(const json& item) {
  node_row n;
  n.name = str(item, "name");
  n.address = str(item, "address");
  n.state = str(item, "state");
  n.error = str(item, "error");
  n.processes = num<int64_t>(item, "processes");
  n.heard_ms_ago = num<int64_t>(item, "last_heard_ms_ago", -1);
  return n;
}

} // namespace

void table::load_nodes(const json& result) {
  auto i = result.find("nodes");
  if (i == result.end() || !i->is_array())
    return;
  nodes_.clear();
  for (const auto& n : *i)
    nodes_.push_back(node_from_json(n));
}

void table::load_snapshot(const json& result) {
  rows_.clear();
  for (const auto& item : result.value("processes", json::array()))
    upsert(item);
  version_
    = num<uint64_t>(result, "version", num<uint64_t>(result, "view_version"));
  node_ = str(result, "node");
  cluster_ = result.value("cluster", false);
  nodes_.clear();
  load_nodes(result);
  synced_ = true;
  dirty_ = true;
}

delta_outcome table::apply_delta(const json& params) {
  if (!synced_)
    return delta_outcome::not_synced;
  auto from = num<uint64_t>(params, "from");
  auto to = num<uint64_t>(params, "to");
  if (to <= version_)
    return delta_outcome::stale;
  if (from > version_) {
    synced_ = false;
    return delta_outcome::gap;
  }
  // from <= version < to: the items are whole states as of `to`.
  for (const auto& item : params.value("changed", json::array()))
    upsert(item);
  for (const auto& gone : params.value("removed", json::array())) {
    // A name (this node's watch) or {node, name} (the cluster's).
    std::string key;
    if (gone.is_string()) {
      key = gone.get<std::string>();
    } else if (gone.is_object()) {
      process_row r;
      r.name = str(gone, "name");
      r.node = str(gone, "node");
      key = key_of(r);
    }
    if (auto i = rows_.find(key); i != rows_.end())
      rows_.erase(i);
  }
  load_nodes(params);
  version_ = to;
  dirty_ = true;
  return delta_outcome::applied;
}

void table::mark_unsynced() noexcept {
  synced_ = false;
}

bool table::synced() const noexcept {
  return synced_;
}

uint64_t table::version() const noexcept {
  return version_;
}

const std::string& table::node() const noexcept {
  return node_;
}

size_t table::size() const noexcept {
  return rows_.size();
}

const process_row* table::find(std::string_view name) const {
  auto i = rows_.find(name);
  return i == rows_.end() ? nullptr : &i->second;
}

void table::sort_by(column c, bool descending) {
  sort_ = c;
  descending_ = descending;
  dirty_ = true;
}

void table::cycle_sort() {
  auto next
    = static_cast<column>((static_cast<size_t>(sort_) + 1) % column_count);
  if (next == column::node && !has_nodes())
    next = column::status;
  bool text = next == column::name || next == column::node
              || next == column::status || next == column::url;
  sort_by(next, !text);
}

void table::reverse_sort() {
  sort_by(sort_, !descending_);
}

column table::sort_column() const noexcept {
  return sort_;
}

bool table::descending() const noexcept {
  return descending_;
}

void table::set_filter(std::string text) {
  filter_ = std::move(text);
  dirty_ = true;
}

const std::string& table::filter() const noexcept {
  return filter_;
}

void table::refresh() const {
  if (!dirty_)
    return;
  dirty_ = false;
  auto old_index = selected_index_;
  visible_.clear();
  for (const auto& [name, row] : rows_)
    if ((only_node_.empty() || row.node == only_node_
         || node_address(row.node) == only_node_)
        && (contains_nocase(row.name, filter_)
            || contains_nocase(row.status, filter_)
            || contains_nocase(row.node, filter_)))
      visible_.push_back(&row);
  auto c = sort_;
  bool desc = descending_;
  // rows_ is ordered by name, so a stable sort keeps names as tie-break.
  std::stable_sort(visible_.begin(), visible_.end(),
                   [c, desc](const process_row* a, const process_row* b) {
                     int r = compare(*a, *b, c);
                     if (c == column::name)
                       r = a->name < b->name ? -1 : (b->name < a->name ? 1 : 0);
                     if (r == 0 && a->node != b->node)
                       r = a->node < b->node ? -1 : 1;
                     return desc ? r > 0 : r < 0;
                   });
  if (visible_.empty()) {
    selected_index_ = 0;
    return;
  }
  auto same = std::find_if(
    visible_.begin(), visible_.end(),
    [this](const process_row* r) { return key_of(*r) == selected_name_; });
  if (same != visible_.end()) {
    selected_index_ = static_cast<size_t>(same - visible_.begin());
  } else {
    // Gone or filtered out: the row now at its place (or the last one).
    selected_index_ = std::min(old_index, visible_.size() - 1);
    selected_name_ = key_of(*visible_[selected_index_]);
  }
}

const std::vector<const process_row*>& table::visible() const {
  refresh();
  return visible_;
}

const process_row* table::selected() const {
  refresh();
  return visible_.empty() ? nullptr : visible_[selected_index_];
}

size_t table::selected_index() const {
  refresh();
  return selected_index_;
}

void table::move_selection(int delta) {
  refresh();
  if (visible_.empty())
    return;
  auto last = static_cast<int64_t>(visible_.size()) - 1;
  auto i = std::clamp<int64_t>(static_cast<int64_t>(selected_index_) + delta, 0,
                               last);
  selected_index_ = static_cast<size_t>(i);
  selected_name_ = key_of(*visible_[selected_index_]);
}

void table::select_edge(bool last) {
  refresh();
  if (visible_.empty())
    return;
  selected_index_ = last ? visible_.size() - 1 : 0;
  selected_name_ = key_of(*visible_[selected_index_]);
}

void table::select_name(std::string_view name) {
  refresh();
  for (size_t i = 0; i < visible_.size(); ++i)
    if (visible_[i]->name == name || key_of(*visible_[i]) == name) {
      selected_index_ = i;
      selected_name_ = key_of(*visible_[i]);
    }
}

bool table::cluster() const noexcept {
  return cluster_;
}

const std::vector<node_row>& table::nodes() const noexcept {
  return nodes_;
}

void table::show_only_node(std::string node) {
  only_node_ = std::move(node);
  dirty_ = true;
}

const std::string& table::only_node() const noexcept {
  return only_node_;
}

bool table::is_remote(const process_row& r) const noexcept {
  return !r.node.empty() && r.node != node_;
}

std::string table::node_address(std::string_view name) const {
  for (const auto& n : nodes_)
    if (n.name == name)
      return n.address;
  return {};
}

bool table::has_nodes() const noexcept {
  return std::any_of(rows_.begin(), rows_.end(),
                     [](const auto& kv) { return !kv.second.node.empty(); });
}

} // namespace hummel::ui
