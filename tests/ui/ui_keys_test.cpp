// The keys of `hummel ui` as a state machine, and the log pane's buffer
// (dedup by seq, scrolling, search, cleaning for a terminal).

#include "main/cli/ui/keys.hpp"

#include <gtest/gtest.h>

using namespace hummel::ui;
using nlohmann::json;

namespace {

json item(const std::string& name, const std::string& status, int pid,
          const char* url = nullptr) {
  return json{{"name", name},
              {"status", status},
              {"pid", pid == 0 ? json() : json(pid)},
              {"urls", url != nullptr ? json{url} : json::array()}};
}

struct keys : ::testing::Test {
  table t;
  log_buffer log;
  ui_state ui;

  keys() {
    t.load_snapshot(
      json{{"version", 1},
           {"processes",
            {item("api", "running", 1, "http://localhost:8080"),
             item("web", "running", 2), item("db", "stopped", 0)}}});
  }

  command press(int key) {
    return handle_key(key, ui, t, log);
  }

  void type(const std::string& s) {
    for (char c : s)
      press(c);
  }
};

json line(uint64_t seq, const std::string& text, bool err = false) {
  return json{{"seq", seq},
              {"time", "2026-11-26T10:00:00.000Z"},
              {"stream", err ? "stderr" : "stdout"},
              {"text", text}};
}

} // namespace

TEST_F(keys, ArrowsAndJkMoveTheSelection) {
  EXPECT_EQ(t.selected()->name, "api");
  press('j');
  EXPECT_EQ(t.selected()->name, "db");
  press(key_down);
  EXPECT_EQ(t.selected()->name, "web");
  press('k');
  press(key_up);
  EXPECT_EQ(t.selected()->name, "api");
  press('G');
  EXPECT_EQ(t.selected()->name, "web");
  press('g');
  EXPECT_EQ(t.selected()->name, "api");
}

TEST_F(keys, SXRActOnTheSelectedProcess) {
  press('j'); // db
  auto c = press('s');
  EXPECT_EQ(c.what, command::start);
  EXPECT_EQ(c.target, "db");
  EXPECT_EQ(press('x').what, command::stop);
  auto r = press('r');
  EXPECT_EQ(r.what, command::restart);
  EXPECT_EQ(r.target, "db");
}

TEST_F(keys, OOpensTheUrlOrSaysThereIsNone) {
  auto c = press('o');
  EXPECT_EQ(c.what, command::open_url);
  EXPECT_EQ(c.target, "http://localhost:8080");
  press('j');
  EXPECT_EQ(press('o').what, command::none);
  EXPECT_NE(ui.message.find("no URL"), std::string::npos);
}

TEST_F(keys, QAndCtrlCQuit) {
  EXPECT_EQ(press('q').what, command::quit);
  EXPECT_EQ(press(key_ctrl_c).what, command::quit);
}

TEST_F(keys, SlashFiltersLiveAndEnterKeepsEscapeClears) {
  press('/');
  EXPECT_EQ(ui.mode, input_mode::filter);
  type("we");
  EXPECT_EQ(t.visible().size(), 1u);
  EXPECT_EQ(press('q').what, command::none); // typed, not quit
  EXPECT_EQ(t.filter(), "weq");
  press(key_backspace);
  press(key_enter);
  EXPECT_EQ(ui.mode, input_mode::table);
  EXPECT_EQ(t.filter(), "we");
  EXPECT_EQ(t.selected()->name, "web");
  press('/');
  press(key_escape);
  EXPECT_EQ(t.filter(), "");
  EXPECT_EQ(t.visible().size(), 3u);
}

TEST_F(keys, CCyclesTheSortColumnAndCapitalCReverses) {
  press('c');
  EXPECT_EQ(t.sort_column(), column::status);
  bool before = t.descending();
  press('C');
  EXPECT_NE(t.descending(), before);
}

TEST_F(keys, ETogglesTheErrorsPaneAndAsksForTheRecords) {
  auto c = press('e');
  EXPECT_EQ(ui.lower, pane::errors);
  EXPECT_EQ(c.what, command::show_errors);
  EXPECT_EQ(c.target, "api");
  press('e');
  EXPECT_EQ(ui.lower, pane::logs);
}

TEST_F(keys, PageKeysScrollTheLogAndFFollows) {
  log.reset("api");
  for (uint64_t i = 1; i <= 100; ++i)
    log.add(line(i, "line " + std::to_string(i)));
  ui.pane_height = 10;
  press(key_page_up);
  EXPECT_EQ(log.offset(), 9u);
  press(key_page_up);
  press(key_page_down);
  EXPECT_EQ(log.offset(), 9u);
  press('f');
  EXPECT_EQ(log.offset(), 0u);
}

TEST_F(keys, QuestionMarkSearchesAndNJumpsBetweenMatches) {
  log.reset("api");
  for (uint64_t i = 1; i <= 50; ++i)
    log.add(line(i, i % 20 == 0 ? "ERROR here" : "fine"));
  ui.pane_height = 5;
  press('?');
  type("error");
  press(key_enter);
  // Enter jumps to the newest match at or above the bottom: line 40.
  EXPECT_EQ(log.offset(), 10u);
  press('n'); // older
  EXPECT_EQ(log.offset(), 30u);
  press('N'); // newer
  EXPECT_EQ(log.offset(), 10u);
  press('N');
  EXPECT_NE(ui.message.find("no more matches"), std::string::npos);
}

TEST(UiLogBuffer, LinesAddedOnceBySeqAndCapped) {
  log_buffer log{3};
  log.reset("p");
  EXPECT_TRUE(log.add(line(1, "a")));
  EXPECT_FALSE(log.add(line(1, "a")));
  EXPECT_TRUE(log.add(line(2, "b", true)));
  log.add(line(3, "c"));
  log.add(line(4, "d"));
  ASSERT_EQ(log.lines().size(), 3u);
  EXPECT_EQ(log.lines().front().text, "b");
  EXPECT_TRUE(log.lines().front().is_stderr);
  EXPECT_EQ(log.lines().front().clock, "10:00:00");
}

TEST(UiLogBuffer, ScrolledBackStaysOnTheSameLinesAsNewOnesArrive) {
  log_buffer log;
  log.reset("p");
  for (uint64_t i = 1; i <= 20; ++i)
    log.add(line(i, "x"));
  log.scroll(5, 10);
  log.add(line(21, "y"));
  EXPECT_EQ(log.offset(), 6u);
  log.follow();
  log.add(line(22, "z"));
  EXPECT_EQ(log.offset(), 0u);
}

TEST(UiLogBuffer, CleanTextStripsEscapesAndControlBytes) {
  EXPECT_EQ(clean_text("\x1b[1;32mok\x1b[0m"), "ok");
  EXPECT_EQ(clean_text("a\tb"), "a       b");
  EXPECT_EQ(clean_text("bell\x07!"), "bell?!");
  EXPECT_EQ(clean_text("bad \xff"), "bad \xef\xbf\xbd");
}

TEST(UiLogBuffer, ErrorLinesFromLogsErrorsRecords) {
  json result{{"records",
               {{{"time", "2026-11-26T10:00:05.000Z"},
                 {"kind", "error"},
                 {"count", 3},
                 {"message", "TypeError: x is undefined"},
                 {"file", "src/a.js"},
                 {"line", 12},
                 {"lines", {"  at f (src/a.js:12)"}}}}}};
  auto lines = error_lines(result);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0],
            "10:00:05  error  x3  TypeError: x is undefined  src/a.js:12");
  EXPECT_EQ(lines[1], "      at f (src/a.js:12)");
}
