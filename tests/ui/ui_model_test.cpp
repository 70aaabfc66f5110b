// The table model of `hummel ui`: a hummel/watch snapshot, deltas applied
// by version, a gap forcing a resync, sorting, filtering, and the selection
// kept on the same process across updates.

#include "main/cli/ui/model.hpp"

#include <gtest/gtest.h>

using hummel::ui::column;
using hummel::ui::delta_outcome;
using hummel::ui::table;
using nlohmann::json;

namespace {

json item(const std::string& name, const std::string& status, int pid = 0,
          double cpu = 0) {
  return json{{"name", name},
              {"status", status},
              {"pid", pid == 0 ? json() : json(pid)},
              {"ready", pid != 0},
              {"restarts", 0},
              {"cpu_percent", cpu},
              {"rss_bytes", 1024 * 1024},
              {"urls", json::array()},
              {"error_count", 0},
              {"start_time", "2026-11-26T10:00:00.000Z"}};
}

json snapshot(uint64_t version, std::vector<json> items) {
  return json{{"version", version},
              {"node", "n1"},
              {"time_ms", 1},
              {"processes", std::move(items)}};
}

json delta(uint64_t from, uint64_t to, std::vector<json> changed,
           std::vector<std::string> removed = {}) {
  return json{{"from", from},       {"to", to},
              {"time_ms", 2},       {"changed", std::move(changed)},
              {"removed", removed}, {"list_changed", !removed.empty()}};
}

std::vector<std::string> names(const table& t) {
  std::vector<std::string> out;
  for (const auto* r : t.visible())
    out.push_back(r->name);
  return out;
}

table three() {
  table t;
  t.load_snapshot(
    snapshot(5, {item("web", "running", 10, 3.5),
                 item("api", "running", 11, 12.0), item("worker", "stopped")}));
  return t;
}

} // namespace

TEST(UiModel, SnapshotLoadsEveryRowSortedByNameWithItsFields) {
  auto t = three();
  EXPECT_TRUE(t.synced());
  EXPECT_EQ(t.version(), 5u);
  EXPECT_EQ(t.node(), "n1");
  EXPECT_EQ(names(t), (std::vector<std::string>{"api", "web", "worker"}));
  const auto* web = t.find("web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->pid, 10);
  EXPECT_TRUE(web->ready);
  EXPECT_DOUBLE_EQ(web->cpu, 3.5);
  EXPECT_EQ(web->start_ms, 1795687200000);
  EXPECT_EQ(t.find("worker")->pid, 0);
}

TEST(UiModel, DeltaInOrderChangesAddsAndRemovesRows) {
  auto t = three();
  auto web = item("web", "stopped");
  EXPECT_EQ(
    t.apply_delta(delta(5, 6, {web, item("db", "running", 12)}, {"worker"})),
    delta_outcome::applied);
  EXPECT_EQ(t.version(), 6u);
  EXPECT_EQ(t.find("web")->status, "stopped");
  EXPECT_EQ(t.find("worker"), nullptr);
  EXPECT_EQ(names(t), (std::vector<std::string>{"api", "db", "web"}));
}

TEST(UiModel, DeltaAlreadySeenIsIgnored) {
  auto t = three();
  EXPECT_EQ(t.apply_delta(delta(4, 5, {item("web", "crashed")})),
            delta_outcome::stale);
  EXPECT_EQ(t.find("web")->status, "running");
  EXPECT_EQ(t.version(), 5u);
}

TEST(UiModel, DeltaOverlappingTheVersionIsApplied) {
  auto t = three();
  EXPECT_EQ(t.apply_delta(delta(4, 7, {item("web", "stopped")})),
            delta_outcome::applied);
  EXPECT_EQ(t.version(), 7u);
  EXPECT_EQ(t.find("web")->status, "stopped");
}

TEST(UiModel, VersionGapForcesResyncAndIgnoresDeltasUntilSnapshot) {
  auto t = three();
  EXPECT_EQ(t.apply_delta(delta(6, 7, {item("web", "stopped")})),
            delta_outcome::gap);
  EXPECT_FALSE(t.synced());
  EXPECT_EQ(t.find("web")->status, "running"); // not applied
  EXPECT_EQ(t.apply_delta(delta(7, 8, {item("web", "stopped")})),
            delta_outcome::not_synced);
  t.load_snapshot(snapshot(8, {item("web", "stopped")}));
  EXPECT_TRUE(t.synced());
  EXPECT_EQ(t.apply_delta(delta(8, 9, {item("web", "running", 20)})),
            delta_outcome::applied);
  EXPECT_EQ(t.find("web")->pid, 20);
}

TEST(UiModel, DeltaBeforeAnySnapshotIsIgnored) {
  table t;
  EXPECT_EQ(t.apply_delta(delta(0, 1, {item("web", "running", 1)})),
            delta_outcome::not_synced);
  EXPECT_EQ(t.size(), 0u);
}

TEST(UiModel, MarkUnsyncedKeepsRowsButWaitsForSnapshot) {
  auto t = three();
  t.mark_unsynced();
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.apply_delta(delta(5, 6, {item("web", "stopped")})),
            delta_outcome::not_synced);
}

TEST(UiModel, ScriptsStatusResultLoadsAsSnapshot) {
  table t;
  t.load_snapshot(json{{"view_version", 42},
                       {"node", "n"},
                       {"processes", {item("a", "running", 1)}}});
  EXPECT_EQ(t.version(), 42u);
  EXPECT_EQ(t.size(), 1u);
}

TEST(UiModel, SortByCpuDescendingThenReversed) {
  auto t = three();
  t.sort_by(column::cpu, true);
  EXPECT_EQ(names(t), (std::vector<std::string>{"api", "web", "worker"}));
  t.reverse_sort();
  EXPECT_EQ(names(t), (std::vector<std::string>{"worker", "web", "api"}));
}

TEST(UiModel, SortTiesKeepNameOrder) {
  table t;
  t.load_snapshot(snapshot(
    1, {item("c", "stopped"), item("a", "stopped"), item("b", "running", 3)}));
  t.sort_by(column::status, false);
  EXPECT_EQ(names(t), (std::vector<std::string>{"b", "a", "c"}));
}

TEST(UiModel, CycleSortVisitsEveryColumnButNodeWithoutNodes) {
  auto t = three();
  std::vector<column> seen;
  for (size_t i = 0; i < hummel::ui::column_count; ++i) {
    t.cycle_sort();
    seen.push_back(t.sort_column());
  }
  EXPECT_EQ(seen.front(), column::status);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), column::node), 0);
  EXPECT_EQ(t.sort_column(), column::status); // wrapped around via name
  EXPECT_FALSE(t.descending());               // text columns start ascending
}

TEST(UiModel, FilterMatchesNameOrStatusIgnoringCase) {
  auto t = three();
  t.set_filter("WE");
  EXPECT_EQ(names(t), (std::vector<std::string>{"web"}));
  t.set_filter("stopped");
  EXPECT_EQ(names(t), (std::vector<std::string>{"worker"}));
  t.set_filter("zzz");
  EXPECT_TRUE(t.visible().empty());
  EXPECT_EQ(t.selected(), nullptr);
  t.set_filter("");
  EXPECT_EQ(t.visible().size(), 3u);
}

TEST(UiModel, SelectionMovesAndClamps) {
  auto t = three();
  EXPECT_EQ(t.selected()->name, "api");
  t.move_selection(1);
  EXPECT_EQ(t.selected()->name, "web");
  t.move_selection(10);
  EXPECT_EQ(t.selected()->name, "worker");
  t.move_selection(-10);
  EXPECT_EQ(t.selected()->name, "api");
  t.select_edge(true);
  EXPECT_EQ(t.selected()->name, "worker");
}

TEST(UiModel, SelectionFollowsItsProcessWhenTheOrderChanges) {
  auto t = three();
  t.sort_by(column::cpu, true); // api, web, worker
  t.select_name("web");
  EXPECT_EQ(t.selected_index(), 1u);
  ASSERT_EQ(t.apply_delta(delta(5, 6, {item("web", "running", 10, 99.0)})),
            delta_outcome::applied);
  EXPECT_EQ(names(t).front(), "web");
  EXPECT_EQ(t.selected()->name, "web");
  EXPECT_EQ(t.selected_index(), 0u);
}

TEST(UiModel, SelectionKeptAcrossSnapshotResync) {
  auto t = three();
  t.select_name("worker");
  t.load_snapshot(
    snapshot(9, {item("aaa", "running", 1), item("api", "running", 11),
                 item("web", "running", 10), item("worker", "stopped")}));
  EXPECT_EQ(t.selected()->name, "worker");
}

TEST(UiModel, RemovedSelectionMovesToTheRowInItsPlace) {
  auto t = three();
  t.select_name("web");
  ASSERT_EQ(t.apply_delta(delta(5, 6, {}, {"web"})), delta_outcome::applied);
  EXPECT_EQ(t.selected()->name, "worker");
  ASSERT_EQ(t.apply_delta(delta(6, 7, {}, {"worker"})), delta_outcome::applied);
  EXPECT_EQ(t.selected()->name, "api");
}

TEST(UiModel, FilteredOutSelectionMovesToAVisibleRow) {
  auto t = three();
  t.select_name("worker");
  t.set_filter("w");
  EXPECT_EQ(t.selected()->name, "worker");
  t.set_filter("web");
  EXPECT_EQ(t.selected()->name, "web");
}

TEST(UiModel, MalformedItemsAreSkipped) {
  table t;
  t.load_snapshot(json{{"version", 1},
                       {"processes",
                        {json(3), json{{"status", "running"}},
                         json{{"name", "ok"}, {"pid", "x"}, {"ready", 1}}}}});
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.find("ok")->pid, 0);
  EXPECT_FALSE(t.find("ok")->ready);
}
