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

#include <ctime>
#include <random>

namespace hummel {
namespace {

using nlohmann::json;

constexpr int64_t now = 1'764'900'000'123;

/// What the JSON path answers for `x` alone: the structured content as
/// dump writes it and the text content as a JSON string literal.
mcp::rendered_result json_path(const process_snapshot& x,
                               const status_view& view) {
  auto sp = std::make_shared<const process_snapshot>(x);
  auto o = mcp_tools::status_from({sp}, x.name, json{{"name", x.name}}, now,
                                  view, now - view.built_ms);
  EXPECT_TRUE(o.structured);
  mcp::rendered_result r;
  if (!o.structured)
    return r;
  r.structured = mcp::dump(*o.structured);
  r.text
    = mcp::dump(json(strip_ansi(mcp::scripts_status_tool.text(*o.structured))));
  return r;
}

std::unique_ptr<status_view> view_of(const process_snapshot& x,
                                     std::string node = "vm") {
  view_builder b;
  auto sp = std::make_shared<process_snapshot>(x);
  sp->index = 0;
  b.fold(sp);
  return b.build(42, std::move(node), now - 7);
}

/// Expects the writer's bytes to equal the JSON path's; returns whether
/// the writer took the call.
bool same(const process_snapshot& x, std::string node = "vm") {
  auto view = view_of(x, std::move(node));
  mcp::rendered_result got;
  bool took = mcp_tools::write_one_status(x, now, view->node, view->version,
                                          now - view->built_ms, got);
  if (took) {
    auto want = json_path(x, *view);
    EXPECT_EQ(got.structured, want.structured);
    EXPECT_EQ(got.text, want.text);
  }
  // Either way, status_from_view gives the JSON path's answer.
  auto o = mcp_tools::status_from_view(*view, now, json{{"name", x.name}});
  auto want = json_path(x, *view);
  if (o.rendered) {
    EXPECT_EQ(o.rendered->structured, want.structured);
    EXPECT_EQ(o.rendered->text, want.text);
  } else {
    EXPECT_TRUE(o.structured);
    if (o.structured) {
      EXPECT_EQ(mcp::dump(*o.structured), want.structured);
    }
  }
  return took;
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
  auto y = running();
  y.name = "n\xe2\x82";
  EXPECT_FALSE(same(y));
  EXPECT_FALSE(same(running(), "*"));
}

TEST(status_write, numbers_as_dump_writes_them) {
  auto x = running();
  for (double cpu : {0.0, 0.1, 1e-7, 33.333333333333336, 100.0, 1e21, 250.5})
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

TEST(status_write, json_strings_as_nlohmann_writes_them) {
  for (int c = 0; c < 256; ++c) {
    std::string s{"a"};
    s += static_cast<char>(c);
    s += "z";
    std::string got;
    bool ok = mcp_tools::append_json_string(got, s);
    if (c < 0x80) {
      ASSERT_TRUE(ok) << c;
      EXPECT_EQ(got, json(s).dump()) << c;
    } else {
      EXPECT_FALSE(ok) << c; // a lone byte >= 0x80 is never valid
    }
  }
}

/// iso_text as it was written with the C library.
std::string iso_by_libc(int64_t ms) {
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ",
                static_cast<int>(ms % 1000));
  return buf;
}

TEST(status_write, iso_times_as_the_c_library_writes_them) {
  std::vector<int64_t> ms{1,
                          999,
                          1000,
                          86'399'999,
                          86'400'000,
                          951'782'400'000,     // 2000-02-29
                          951'868'799'999,     // 2000-02-29T23:59:59.999
                          4'107'542'400'000,   // 2100-03-01
                          253'402'300'799'999, // 9999-12-31T23:59:59.999
                          now};
  std::mt19937_64 rng{7};
  for (int i = 0; i < 100'000; ++i)
    ms.push_back(1 + static_cast<int64_t>(rng() % 253'402'300'799'999));
  for (auto x : ms)
    ASSERT_EQ(iso_text(x), iso_by_libc(x)) << x;
}

} // namespace
} // namespace hummel
