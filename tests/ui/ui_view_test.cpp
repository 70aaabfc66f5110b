// The frame of `hummel ui` as text: columns, widths, the selected row, the
// log pane with stderr marks and search matches, the bottom line.

#include "main/cli/ui/view.hpp"

#include <gtest/gtest.h>

using namespace hummel::ui;
using nlohmann::json;

namespace {

constexpr int64_t now = 1795687260000; // 2026-11-26T10:01:00Z

json item(const std::string& name, const std::string& status, int pid) {
  return json{
    {"name", name},
    {"status", status},
    {"pid", pid == 0 ? json() : json(pid)},
    {"ready", pid != 0},
    {"restarts", 2},
    {"cpu_percent", 1.25},
    {"rss_bytes", 5 * 1024 * 1024},
    {"urls", pid != 0 ? json{"http://localhost:3000"} : json::array()},
    {"error_count", name == "api" ? 4 : 0},
    {"start_time", "2026-11-26T10:00:00.000Z"}};
}

table two() {
  table t;
  t.load_snapshot(json{
    {"version", 1},
    {"node", "n1"},
    {"processes", {item("web", "running", 42), item("api", "stopped", 0)}}});
  return t;
}

frame_input input(int w = 120, int h = 30) {
  frame_input in;
  in.width = w;
  in.height = h;
  in.now_ms = now;
  in.project = "/tmp/p";
  return in;
}

/// The line that starts with `prefix` (after spaces), or "".
std::string line_of(const frame& f, const std::string& prefix) {
  for (const auto& l : f.lines)
    if (l.text.find_first_not_of(' ') != std::string::npos
        && l.text.substr(l.text.find_first_not_of(' ')).rfind(prefix, 0) == 0)
      return l.text;
  return {};
}

} // namespace

TEST(UiView, FrameHasExactlyTheTerminalsLinesAndWidth) {
  auto t = two();
  log_buffer log;
  ui_state ui;
  for (auto [w, h] : {std::pair{120, 30}, {80, 24}, {40, 10}, {20, 3}}) {
    auto f = compose(t, log, ui, input(w, h));
    ASSERT_EQ(f.lines.size(), static_cast<size_t>(h)) << w << "x" << h;
    for (const auto& l : f.lines)
      EXPECT_EQ(l.text.size(), static_cast<size_t>(w)) << l.text;
  }
}

TEST(UiView, RowsShowEveryColumnAt120Columns) {
  auto t = two();
  log_buffer log;
  ui_state ui;
  auto f = compose(t, log, ui, input());
  auto header = f.lines[1].text;
  for (auto title : {"NAME", "STATUS", "READY", "PID", "UPTIME", "RST", "CPU%",
                     "RSS", "URL", "ERR"})
    EXPECT_NE(header.find(title), std::string::npos) << title;
  EXPECT_NE(header.find("NAME^"), std::string::npos); // sorted by name
  auto web = line_of(f, "web");
  EXPECT_NE(web.find("running"), std::string::npos);
  EXPECT_NE(web.find("yes"), std::string::npos);
  EXPECT_NE(web.find("42"), std::string::npos);
  EXPECT_NE(web.find("1m00"), std::string::npos); // uptime from start_time
  EXPECT_NE(web.find("1.2"), std::string::npos);
  EXPECT_NE(web.find("5.0M"), std::string::npos);
  EXPECT_NE(web.find("http://localhost:3000"), std::string::npos);
  auto api = line_of(f, "api");
  EXPECT_NE(api.find("stopped"), std::string::npos);
  EXPECT_NE(api.find(" 4"), std::string::npos);
}

TEST(UiView, SelectedRowAndStatusAreStyled) {
  auto t = two();
  log_buffer log;
  ui_state ui;
  auto f = compose(t, log, ui, input());
  // api sorts first and is selected.
  EXPECT_EQ(f.lines[2].base, style::selected);
  EXPECT_EQ(f.lines[3].base, style::normal);
  ASSERT_FALSE(f.lines[3].spans.empty());
  EXPECT_EQ(f.lines[3].spans[0].look, style::good);
}

TEST(UiView, NarrowTerminalDropsLowPriorityColumnsFirst) {
  auto t = two();
  auto cols = layout_columns(t, 40);
  std::vector<column> shown;
  for (auto [c, w] : cols)
    shown.push_back(c);
  EXPECT_EQ(shown.front(), column::name);
  EXPECT_NE(std::find(shown.begin(), shown.end(), column::status), shown.end());
  EXPECT_EQ(std::find(shown.begin(), shown.end(), column::url), shown.end());
  size_t total = cols.size() - 1;
  for (auto [c, w] : cols)
    total += w;
  EXPECT_EQ(total, 40u);
}

TEST(UiView, LogPaneMarksStderrAndHighlightsMatches) {
  auto t = two();
  log_buffer log;
  log.reset("api");
  log.add(json{{"seq", 1},
               {"time", "2026-11-26T10:00:01.000Z"},
               {"stream", "stdout"},
               {"text", "listening on 3000"}});
  log.add(json{{"seq", 2},
               {"time", "2026-11-26T10:00:02.000Z"},
               {"stream", "stderr"},
               {"text", "\x1b[31mError\x1b[0m: boom"}});
  log.set_search("boom");
  ui_state ui;
  auto f = compose(t, log, ui, input());
  auto out = line_of(f, "10:00:01");
  EXPECT_NE(out.find("   listening on 3000"), std::string::npos);
  const screen_line* err = nullptr;
  for (const auto& l : f.lines)
    if (l.text.rfind("10:00:02", 0) == 0)
      err = &l;
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->text.substr(0, 24), "10:00:02 ! Error: boom  ");
  ASSERT_EQ(err->spans.size(), 2u);
  EXPECT_EQ(err->spans[0].look, style::bad);
  EXPECT_EQ(err->text.substr(err->spans[1].begin,
                             err->spans[1].end - err->spans[1].begin),
            "boom");
  EXPECT_EQ(err->spans[1].look, style::match);
  EXPECT_NE(line_of(f, "log: api").find("following"), std::string::npos);
}

TEST(UiView, TableScrollsToKeepTheSelectionVisible) {
  table t;
  json procs = json::array();
  for (int i = 0; i < 100; ++i)
    procs.push_back(item("p" + std::to_string(1000 + i), "running", 1 + i));
  t.load_snapshot(json{{"version", 1}, {"processes", procs}});
  log_buffer log;
  ui_state ui;
  t.select_edge(true);
  auto f = compose(t, log, ui, input(80, 30));
  EXPECT_FALSE(line_of(f, "p1099").empty());
  EXPECT_TRUE(line_of(f, "p1000").empty());
  EXPECT_GT(ui.table_top, 0u);
  t.select_edge(false);
  f = compose(t, log, ui, input(80, 30));
  EXPECT_FALSE(line_of(f, "p1000").empty());
  EXPECT_EQ(ui.table_top, 0u);
}

TEST(UiView, BottomLineShowsKeysPromptOrMessage) {
  auto t = two();
  log_buffer log;
  ui_state ui;
  auto f = compose(t, log, ui, input());
  EXPECT_NE(f.lines.back().text.find("q quit"), std::string::npos);
  EXPECT_NE(f.lines.back().text.find("s/x/r start/stop/restart"),
            std::string::npos);
  EXPECT_NE(f.lines.back().text.find("f follow"), std::string::npos); // fits
  ui.mode = input_mode::filter;
  ui.input = "we";
  f = compose(t, log, ui, input());
  EXPECT_EQ(f.lines.back().text.substr(0, 4), "/we_");
  ui.mode = input_mode::table;
  tell(ui, "web stopped", now);
  f = compose(t, log, ui, input());
  EXPECT_EQ(f.lines.back().text.substr(0, 12), " web stopped");
  f = compose(t, log, ui, [] {
    auto in = input();
    in.now_ms = now + 6000;
    return in;
  }());
  EXPECT_NE(f.lines.back().text.find("q quit"), std::string::npos);
}

TEST(UiView, TitleSaysWhenTheDaemonIsGone) {
  auto t = two();
  log_buffer log;
  ui_state ui;
  ui.connection = "daemon gone, retrying";
  auto f = compose(t, log, ui, input());
  EXPECT_NE(f.lines[0].text.find("daemon gone, retrying"), std::string::npos);
  EXPECT_NE(f.lines[0].text.find("2 processes"), std::string::npos);
}

TEST(UiView, FormatsAgesAndSizes) {
  EXPECT_EQ(format_age(0), "-");
  EXPECT_EQ(format_age(12'000), "12s");
  EXPECT_EQ(format_age(185'000), "3m05");
  EXPECT_EQ(format_age(3'720'000), "1h02");
  EXPECT_EQ(format_age(183'600'000), "2d03h");
  EXPECT_EQ(format_size(0), "-");
  EXPECT_EQ(format_size(512 * 1024), "512K");
  EXPECT_EQ(format_size(12 * 1024 * 1024 + 512 * 1024), "12.5M");
}

TEST(UiView, FitCountsCodePointsNotBytes) {
  EXPECT_EQ(fit("héllo", 3), "hél");
  EXPECT_EQ(fit("hé", 4), "hé  ");
}
