// The direct writer of one process's scripts_status answer
// (actors/mcp_tools/status_write.hpp) against the JSON path it replaces:
// the same bytes for every field, null, escape and broken string.

#include "actors/mcp_tools/status_write.hpp"

#include "actors/mcp_tools/render.hpp"
#include "logs/text.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/tools.hpp"
#include "messages/status_json.hpp"
#include "messages/view_builder.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <random>

namespace hummel {
namespace {

using nlohmann::json;

constexpr int64_t now = 1'764'900'000'123;

/// The JSON path's answer to `args` on `view`: the structured content as
/// dump writes it and the text content as a JSON string literal, or the
/// tool's error.
struct answer {
  std::string structured;
  std::string text;
  std::string error;
};

answer json_path(const status_view& view, const json& args) {
  std::vector<snapshot_ptr> xs;
  view.processes.for_each([&](const snapshot_ptr& x) { xs.push_back(x); });
  auto only = args.value("name", std::string{});
  auto o
    = mcp_tools::status_from(xs, only, args, now, view, now - view.built_ms);
  answer r;
  r.error = o.error;
  if (o.structured) {
    r.structured = mcp::dump(*o.structured);
    r.text = mcp::dump(
      json(strip_ansi(mcp::scripts_status_tool.text(*o.structured))));
  }
  return r;
}

std::unique_ptr<status_view> view_of(std::vector<process_snapshot> xs,
                                     std::string node = "vm") {
  view_builder b;
  uint32_t i = 0;
  for (auto& x : xs) {
    auto sp = std::make_shared<process_snapshot>(std::move(x));
    sp->index = i++;
    b.fold(sp);
  }
  return b.build(42, std::move(node), now - 7);
}

/// Expects status_from_view's answer to `args` to be the JSON path's;
/// returns whether it was written directly.
bool same(const status_view& view, const json& args) {
  auto o = mcp_tools::status_from_view(view, now, args);
  auto want = json_path(view, args);
  if (o.rendered) {
    EXPECT_EQ(o.rendered->structured, want.structured) << args;
    EXPECT_EQ(o.rendered->text, want.text) << args;
  } else if (o.structured) {
    EXPECT_EQ(mcp::dump(*o.structured), want.structured) << args;
  } else {
    EXPECT_EQ(o.error, want.error) << args;
  }
  return o.rendered != nullptr;
}

/// `x` alone, asked by name.
bool same(const process_snapshot& x, std::string node = "vm") {
  auto view = view_of({x}, std::move(node));
  return same(*view, json{{"name", x.name}});
}

process_snapshot running() {
  process_snapshot x;
  x.name = "web";
  x.command = "node server.js --port 3000";
  x.status = process_status::running;
  x.ready = true;
  x.run_id = 3;
  x.pid = 4242;
  x.start_ms = now - 65'432;
  x.restarts = 2;
  x.cpu_percent = 12.5;
  x.rss_bytes = 123'456'789;
  x.urls = {"http://localhost:3000", "http://127.0.0.1:3001/x?a=1&b=\"2\""};
  x.restart_reason = "file changed: src/app.ts";
  x.error_count = 7;
  x.last_error = "TypeError: x is not a function (src/app.ts:3:1)";
  return x;
}

TEST(status_write, a_running_service_with_every_field) {
  EXPECT_TRUE(same(running()));
}

TEST(status_write, ended_runs_and_nulls) {
  auto x = running();
  x.status = process_status::succeeded;
  x.exit_code = 0;
  x.end_ms = now - 1000;
  x.urls.clear();
  x.ready = false;
  x.cpu_percent = 0;
  EXPECT_TRUE(same(x));
  x.status = process_status::crashed;
  x.exit_code = -1;
  x.signal = 9;
  x.error = "killed by signal 9";
  x.kind = process_kind::script;
  EXPECT_TRUE(same(x));
  process_snapshot never; // idle, never ran: every time null
  never.name = "idle";
  never.command = "true";
  EXPECT_TRUE(same(never));
  x.status = process_status::backoff;
  x.log_degraded = "write /s/web.log: No space left on device";
  x.end_ms = 0;
  EXPECT_TRUE(same(x));
}

TEST(status_write, escapes_unicode_and_ansi) {
  auto x = running();
  x.command = "printf '\"quoted\" back\\slash\ttab\nnew\rret\b\f\x01\x1f\x7f'";
  x.error = "\x1b[31mred\x1b[0m error: é ü 日本 🙂";
  x.last_error = std::string{"nul\0inside", 10};
  x.restart_reason = "\x1b]0;title\x07 osc";
  EXPECT_TRUE(same(x));
}

TEST(status_write, broken_utf8_is_sanitized_or_left_to_the_json_path) {
  auto x = running();
  x.command = "bad \xff\xfe bytes \xc3 and \xed\xa0\x80 surrogate \xf4\x90";
  x.error = "overlong \xc0\xaf and \xe0\x80\xaf";
  EXPECT_TRUE(same(x)); // sanitized fields: the writer takes them
  x.urls = {"http://localhost:3000/\xff"};
  EXPECT_FALSE(same(x)); // a URL is dumped as is: the JSON path answers
  // So does the list rendered once per view (the same bytes).
  auto db = running();
  db.name = "db";
  EXPECT_TRUE(same(*view_of({x, db}), json::object()));
  auto y = running();
  y.name = "n\xe2\x82";
  EXPECT_FALSE(same(y));
  EXPECT_FALSE(same(running(), "*"));
}

TEST(status_write, numbers_as_dump_writes_them) {
  auto x = running();
  for (double cpu :
       {0.0, -0.0, 0.1, 1e-7, 33.333333333333336, 100.0, 1e21, 250.5, 5e-324,
        1.7976931348623157e308, std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::quiet_NaN()})
    for (uint64_t rss : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}}) {
      x.cpu_percent = cpu;
      x.rss_bytes = rss;
      x.pid = 2147483647;
      x.run_id = 4294967295u;
      EXPECT_TRUE(same(x)) << cpu;
    }
}

TEST(status_write, random_strings_match_the_json_path) {
  std::mt19937 rng{20261205};
  auto text = [&](size_t max) {
    std::string s(rng() % max, '\0');
    for (auto& c : s) {
      auto r = rng() % 8;
      c = static_cast<char>(r < 5 ? 0x20 + rng() % 95 : rng() % 256);
    }
    return s;
  };
  int taken = 0;
  for (int i = 0; i < 2000; ++i) {
    auto x = running();
    x.command = text(80);
    x.error = text(20);
    x.last_error = text(20);
    x.restart_reason = text(10);
    x.log_degraded = text(10);
    x.urls = {text(20)};
    x.status = static_cast<process_status>(rng() % 9);
    x.exit_code = static_cast<int32_t>(rng() % 300) - 1;
    x.signal = static_cast<int32_t>(rng() % 3) * 9;
    x.end_ms = rng() % 2 ? now - 5 : 0;
    taken += same(x) ? 1 : 0;
  }
  EXPECT_GT(taken, 100); // many URLs are valid UTF-8
}

TEST(status_write, lists_fields_and_filters_as_the_cli_and_assistants_ask) {
  std::vector<process_snapshot> xs;
  for (int i = 0; i < 5; ++i) {
    auto x = running();
    x.name = "p" + std::to_string(i);
    xs.push_back(x);
  }
  xs[1].status = process_status::failed;
  xs[1].exit_code = 3;
  xs[1].error = "exited with 3";
  xs[2].status = process_status::crashed;
  xs[2].signal = 11;
  xs[2].urls.clear();
  xs[3].log_degraded = "write: disk full";
  xs[3].rss_bytes = 512;
  xs[4].status = process_status::idle;
  xs[4].start_ms = 0;
  xs[4].cpu_percent = 0;
  xs[4].rss_bytes = 0;
  auto view = view_of(xs);
  // hummel ps: the table's columns; hummel ps --json: every field
  json table
    = {"status",      "ready",          "pid",         "exit_code", "signal",
       "uptime_ms",   "restarts",       "cpu_percent", "rss_bytes", "urls",
       "error_count", "restart_reason", "log_degraded"};
  EXPECT_TRUE(same(*view, json{{"fields", table}}));
  json every = json::array();
  for (auto f : mcp::status_fields())
    every.push_back(f);
  EXPECT_TRUE(same(*view, json{{"fields", every}}));
  EXPECT_TRUE(same(*view, json{{"fields", every}, {"name", "p1"}}));
  EXPECT_TRUE(same(*view, json::object())); // rendered once per view
  EXPECT_TRUE(same(*view, json{{"status", "running"}}));
  EXPECT_TRUE(same(*view, json{{"status", {"failed", "crashed"}}}));
  EXPECT_TRUE(same(*view, json{{"status", "stopped"}})); // none
  EXPECT_TRUE(same(*view, json{{"name", "p1"}, {"status", "running"}}));
  EXPECT_TRUE(same(*view, json{{"name", ""}}));
  EXPECT_TRUE(same(*view, json{{"fields", json::array()}}));
  EXPECT_TRUE(same(*view, json{{"fields", {"signal"}}})); // EXIT by signal
  EXPECT_TRUE(same(*view, json{{"fields", {"error", "bogus", 7}}}));
  EXPECT_FALSE(same(*view, json{{"name", "nope"}})); // the tool's error
  EXPECT_FALSE(same(*view, json{{"node", "vm"}}));
}

TEST(status_write, random_views_and_arguments_match_the_json_path) {
  std::mt19937 rng{5};
  auto fields = mcp::status_fields();
  const char* states[]
    = {"idle",      "waiting", "running", "stopping", "backoff",
       "succeeded", "failed",  "stopped", "crashed"};
  int taken = 0;
  for (int round = 0; round < 500; ++round) {
    std::vector<process_snapshot> xs;
    auto n = rng() % 6;
    for (size_t i = 0; i < n; ++i) {
      auto x = running();
      x.name = "p" + std::to_string(i);
      x.status = static_cast<process_status>(rng() % 9);
      x.exit_code = static_cast<int32_t>(rng() % 4) - 1;
      x.signal = rng() % 3 == 0 ? 9 : 0;
      x.error = rng() % 2 ? "boom\n\"x\"" : "";
      x.log_degraded = rng() % 3 == 0 ? "full" : "";
      x.rss_bytes = rng() % 3 == 0 ? 0 : rng() % 5'000'000;
      x.cpu_percent = (rng() % 1000) / 7.0;
      x.start_ms = rng() % 4 == 0 ? 0 : now - rng() % 10'000'000;
      x.end_ms = rng() % 2 ? now - 5 : 0;
      if (rng() % 2)
        x.urls.resize(rng() % 3);
      xs.push_back(x);
    }
    auto view = view_of(xs);
    json args = json::object();
    if (auto r = rng() % 4; r == 1 && n > 0)
      args["name"] = "p" + std::to_string(rng() % n);
    else if (r == 2)
      args["name"] = "";
    if (rng() % 2) {
      args["fields"] = json::array();
      for (auto f : fields)
        if (rng() % 3 == 0)
          args["fields"].push_back(f);
    }
    if (rng() % 3 == 0)
      args["status"] = states[rng() % 9];
    else if (rng() % 4 == 0)
      args["status"] = {states[rng() % 9], states[rng() % 9]};
    taken += same(*view, args) ? 1 : 0;
  }
  EXPECT_GT(taken, 400);
}

TEST(status_write, a_brief_text_is_the_first_line_of_the_whole) {
  // `hummel ps` asks for the brief text: the writer then counts statuses
  // without keeping every item's cells; the line must be the whole text's
  // first, and the structured content the same bytes.
  std::mt19937 rng{11};
  for (int round = 0; round < 200; ++round) {
    std::vector<process_snapshot> xs;
    auto n = rng() % 7;
    for (size_t i = 0; i < n; ++i) {
      auto x = running();
      x.name = "p" + std::to_string(i);
      x.status = static_cast<process_status>(rng() % 9);
      x.urls.resize(rng() % 3);
      xs.push_back(x);
    }
    auto view = view_of(xs);
    // With fields (as `hummel ps` asks): the direct writer. (The whole
    // listing is rendered once per view; the engine cuts its text.)
    json args{{"fields", {"status", "pid", "restarts", "urls"}}};
    if (rng() % 2)
      args["fields"] = {"pid", "status"};
    if (rng() % 3 == 0)
      args["status"] = "running";
    auto whole = mcp_tools::status_from_view(*view, now, args, false);
    auto brief = mcp_tools::status_from_view(*view, now, args, true);
    ASSERT_TRUE(whole.rendered && brief.rendered) << args;
    EXPECT_EQ(brief.rendered->structured, whole.rendered->structured) << args;
    auto text = json::parse(whole.rendered->text).get<std::string>();
    auto first = json::parse(brief.rendered->text).get<std::string>();
    EXPECT_EQ(first, text.substr(0, text.find('\n'))) << args;
    EXPECT_EQ(first.find('\n'), std::string::npos);
  }
}

TEST(status_write, the_compact_rows_hold_the_items_values) {
  // mcp::meta::rows (`hummel ps`): `columns` once, a row of values per
  // item, in place of `processes`. Each row, zipped with the columns, must
  // be the item the usual form writes, with every column in every row (a
  // null log_degraded too, which a list without `fields` leaves out).
  std::mt19937 rng{13};
  const char* fields[]
    = {"status", "pid",          "exit_code", "cpu_percent", "rss_bytes",
       "urls",   "log_degraded", "uptime_ms", "ready"};
  for (int round = 0; round < 200; ++round) {
    std::vector<process_snapshot> xs;
    auto n = rng() % 7;
    for (size_t i = 0; i < n; ++i) {
      auto x = running();
      x.name = "p\"" + std::to_string(i);
      x.status = static_cast<process_status>(rng() % 9);
      x.cpu_percent = static_cast<double>(rng() % 2000) / 7.0;
      x.urls.resize(rng() % 3, "http://localhost:1");
      if (rng() % 3 == 0)
        x.log_degraded = "disk full";
      xs.push_back(x);
    }
    auto view = view_of(xs);
    json args{{"fields", json::array()}};
    for (auto* f : fields)
      if (rng() % 2)
        args["fields"].push_back(f);
    if (rng() % 3 == 0)
      args["status"] = "running";
    bool brief = rng() % 2;
    auto usual = mcp_tools::status_from_view(*view, now, args, brief);
    auto rows = mcp_tools::status_from_view(*view, now, args, brief, true);
    ASSERT_TRUE(usual.rendered && rows.rendered) << args;
    EXPECT_EQ(rows.rendered->text, usual.rendered->text) << args;
    auto want = json::parse(usual.rendered->structured);
    auto got = json::parse(rows.rendered->structured);
    ASSERT_FALSE(got.contains("processes")) << args;
    EXPECT_EQ(got["node"], want["node"]);
    EXPECT_EQ(got["view_version"], want["view_version"]);
    const auto& columns = got["columns"];
    ASSERT_EQ(got["rows"].size(), want["processes"].size()) << args;
    for (size_t i = 0; i < got["rows"].size(); ++i) {
      const auto& row = got["rows"][i];
      ASSERT_EQ(row.size(), columns.size()) << args;
      json item = json::object();
      for (size_t k = 0; k < columns.size(); ++k)
        item[columns[k].get<std::string>()] = row[k];
      EXPECT_EQ(item, want["processes"][i]) << args;
    }
  }
}

} // namespace
} // namespace hummel
