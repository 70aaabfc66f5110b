// The detector on hand-written output of each ecosystem: where a group
// starts and ends, and its fields.

#include "errors/detector.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace hummel::errors {
namespace {

std::shared_ptr<const rule_set> builtin() {
  auto r = rule_set::with_builtin();
  if (auto* e = std::get_if<std::string>(&r))
    ADD_FAILURE() << *e;
  return std::get<std::shared_ptr<const rule_set>>(r);
}

/// Feeds `lines` (seq = line number from 1, all at time 0), then finishes.
std::vector<group> run(const std::vector<std::string>& lines) {
  static auto rules = builtin();
  detector d{rules};
  std::vector<group> out;
  uint64_t seq = 0;
  for (const auto& l : lines)
    d.feed(l, ++seq, 0, out);
  d.finish(out);
  return out;
}

TEST(detector, node_uncaught_error_is_one_group_from_header_to_trailer) {
  auto gs = run(
    {"starting", "/tmp/app/a.js:3", "  throw new TypeError(\"bad\");", "  ^",
     "", "TypeError: bad", "    at Object.<anonymous> (/tmp/app/a.js:3:9)",
     "    at Module._compile (node:internal/modules/cjs/loader:1256:14)", "",
     "Node.js v18.19.0", "after"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].kind, "node");
  EXPECT_EQ(gs[0].first_seq, 2u);
  EXPECT_EQ(gs[0].last_seq, 10u);
  EXPECT_EQ(gs[0].message, "TypeError: bad");
  EXPECT_EQ(gs[0].file.value_or(""), "/tmp/app/a.js");
  EXPECT_EQ(gs[0].line.value_or(0), 3u);
  EXPECT_EQ(gs[0].column.value_or(0), 9u);
}

TEST(detector, python_chained_traceback_is_one_group_with_the_last_exception) {
  auto gs = run({"Traceback (most recent call last):",
                 "  File \"/tmp/p/a.py\", line 2, in <module>", "    int('x')",
                 "ValueError: invalid literal for int() with base 10: 'x'", "",
                 "During handling of the above exception, another exception "
                 "occurred:",
                 "", "Traceback (most recent call last):",
                 "  File \"/tmp/p/a.py\", line 4, in <module>",
                 "    raise RuntimeError('wrapped')", "RuntimeError: wrapped",
                 "", "normal output"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].kind, "python-traceback");
  EXPECT_EQ(gs[0].first_seq, 1u);
  EXPECT_EQ(gs[0].last_seq, 11u);
  EXPECT_EQ(gs[0].message, "RuntimeError: wrapped");
  EXPECT_EQ(gs[0].line.value_or(0), 4u);
}

TEST(detector, python_location_is_the_last_frame_outside_pythons_library) {
  const std::string lib = "/usr/lib/python3.11/";
  auto frame = [](const std::string& file, int line) {
    return "  File \"" + file + "\", line " + std::to_string(line) + ", in f";
  };
  // The program's frame, then the standard library's: the program's.
  auto gs
    = run({"Traceback (most recent call last):", frame("/srv/app.py", 5),
           "    return json.loads(text)", frame(lib + "json/decoder.py", 353),
           "    obj, end = self.scan_once(s, idx)",
           frame("<frozen codecs>", 322), "ValueError: bad"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].file.value_or(""), "/srv/app.py");
  EXPECT_EQ(gs[0].line.value_or(0), 5u);
  // A package's frame counts as code to look at (site- and dist-packages).
  gs = run({"Traceback (most recent call last):", frame("/srv/app.py", 5),
            frame("/srv/.venv/lib/python3.11/site-packages/req/api.py", 73),
            frame(lib + "socket.py", 836), "OSError: refused"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].file.value_or(""),
            "/srv/.venv/lib/python3.11/site-packages/req/api.py");
  EXPECT_EQ(gs[0].line.value_or(0), 73u);
  // Only library frames (python3 -m http.server 80): the innermost.
  gs = run({"Traceback (most recent call last):", frame("<frozen runpy>", 198),
            frame(lib + "http/server.py", 1313),
            frame(lib + "socketserver.py", 473),
            "PermissionError: [Errno 13] Permission denied"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].file.value_or(""), lib + "socketserver.py");
  EXPECT_EQ(gs[0].line.value_or(0), 473u);
}

TEST(detector, gcc_error_keeps_its_caret_lines_and_notes) {
  auto gs = run({"a.cpp: In function 'int main()':",
                 "a.cpp:3:3: error: 'foo' was not declared in this scope",
                 "    3 |   foo();", "      |   ^~~",
                 "a.cpp:4:9: warning: unused variable 'x' [-Wunused-variable]",
                 "    4 |     int x;", "      |         ^"});
  ASSERT_EQ(gs.size(), 2u);
  EXPECT_EQ(gs[0].first_seq, 2u);
  EXPECT_EQ(gs[0].last_seq, 4u);
  EXPECT_EQ(gs[0].message, "'foo' was not declared in this scope");
  EXPECT_EQ(gs[0].level, severity::error);
  EXPECT_EQ(gs[1].level, severity::warning);
  EXPECT_EQ(gs[1].code, "-Wunused-variable");
}

TEST(detector, a_message_continued_right_after_the_close_line_joins_it) {
  // Python's multi-line exception text: the indented lines right after the
  // last exception line are its tail; after a blank line they are not.
  auto gs = run({"Traceback (most recent call last):",
                 "  File \"/tmp/p/a.py\", line 3, in <module>",
                 "    raise ValueError(msg)",
                 "ValueError: bad rows:", "  row 1: no email",
                 "  row 2: no email", "", "  indented output later", "done"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].last_seq, 6u);
  EXPECT_EQ(gs[0].message, "ValueError: bad rows:");
}

TEST(detector, eslint_problem_lines_are_groups_of_their_own_with_the_file) {
  auto gs = run({"/tmp/p/src/a.js",
                 "  1:7  error  'x' is assigned a value but never used  "
                 "no-unused-vars",
                 "  2:1  warning  Unexpected console statement  no-console", "",
                 "✖ 2 problems (1 error, 1 warning)"});
  ASSERT_EQ(gs.size(), 2u);
  EXPECT_EQ(gs[0].first_seq, 2u);
  EXPECT_EQ(gs[0].last_seq, 2u);
  EXPECT_EQ(gs[0].file.value_or(""), "/tmp/p/src/a.js");
  EXPECT_EQ(gs[0].message, "'x' is assigned a value but never used");
  EXPECT_EQ(gs[0].code, "no-unused-vars");
  EXPECT_EQ(gs[1].level, severity::warning);
  EXPECT_EQ(gs[1].line.value_or(0), 2u);
}

TEST(detector, a_failed_multiline_start_is_replayed_for_other_matchers) {
  // A bare path followed by a plain line is no eslint header; the ERROR
  // line after it must still be found.
  auto gs = run({"/tmp/p/src/a.js", "ERROR could not connect"});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].kind, "log");
  EXPECT_EQ(gs[0].first_seq, 2u);
}

TEST(detector, ansi_colours_are_stripped_before_matching) {
  auto gs = run({"\x1b[96msrc/a.ts\x1b[0m:\x1b[93m1\x1b[0m:\x1b[93m7\x1b[0m - "
                 "\x1b[91merror\x1b[0m\x1b[90m TS2322: \x1b[0mType 'number' is "
                 "not assignable to type 'string'."});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].kind, "typescript");
  EXPECT_EQ(gs[0].code, "TS2322");
  EXPECT_EQ(gs[0].lines[0].find('\x1b'), std::string::npos);
}

TEST(detector, ordinary_stderr_chatter_is_no_error) {
  auto gs
    = run({"Listening on http://localhost:3000",
           "127.0.0.1 - - [03/Dec/2026 06:00:00] \"GET / HTTP/1.1\" 200 -",
           "warming cache (0 errors so far)", "compiled successfully"});
  EXPECT_TRUE(gs.empty());
}

TEST(detector, a_quiet_gap_ends_the_open_group) {
  auto rules = builtin();
  detector d{rules, 200};
  std::vector<group> out;
  d.feed("Traceback (most recent call last):", 1, 1000, out);
  d.feed("  File \"/a.py\", line 1, in <module>", 2, 1001, out);
  ASSERT_TRUE(d.deadline());
  EXPECT_EQ(*d.deadline(), 1201);
  d.tick(1100, out);
  EXPECT_TRUE(out.empty());
  d.tick(1201, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].last_seq, 2u);
  EXPECT_FALSE(d.deadline());
}

TEST(detector, rustc_summary_lines_make_no_record) {
  auto gs = run({"error[E0425]: cannot find value `y` in this scope",
                 " --> src/main.rs:2:13", "  |", "2 |     let x = y;",
                 "  |             ^ not found in this scope", "",
                 "error: aborting due to previous error", "",
                 "For more information about this error, try `rustc --explain "
                 "E0425`."});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].code, "E0425");
  EXPECT_EQ(gs[0].file.value_or(""), "src/main.rs");
  EXPECT_EQ(gs[0].last_seq, 5u);
}

TEST(detector, a_group_stops_at_its_line_limit) {
  std::vector<std::string> lines{"==1==ERROR: AddressSanitizer: boom"};
  for (int i = 0; i < 600; ++i)
    lines.push_back("  frame " + std::to_string(i));
  auto gs = run(lines);
  ASSERT_FALSE(gs.empty());
  EXPECT_EQ(gs[0].lines.size(), 500u);
}

TEST(detector, a_package_managers_echo_of_the_script_is_no_error_each_run) {
  static auto rules = builtin();
  detector d{rules};
  std::vector<group> out;
  // npm (and pnpm): a blank line, `> pkg@version script`, `> the command`.
  const std::vector<std::string> npm{
    "", "> shop@1.4.2 check", "> test -f .env || echo \"ERROR: no .env\"", ""};
  // yarn 1 and bun: `$ the command`, coloured by bun.
  const std::vector<std::string> yarn{
    "yarn run v1.22.22", "\x1b[2m$ echo \"ERROR: no .env\" && exit 1\x1b[0m"};
  uint64_t seq = 0;
  for (const auto* echo : {&npm, &yarn, &npm}) {
    for (const auto& l : *echo)
      d.feed(l, ++seq, 0, out);
    d.feed("ERROR: no .env", ++seq, 0, out);
    d.finish(out); // the run ended: the next run starts with an echo again
  }
  ASSERT_EQ(out.size(), 3u);
  for (const auto& g : out) {
    EXPECT_EQ(g.kind, "log");
    EXPECT_EQ(g.message, "no .env");
    ASSERT_EQ(g.lines.size(), 1u);
    EXPECT_EQ(g.lines[0], "ERROR: no .env");
  }
  // Past the start, a line like the echo is matched as any other.
  auto gs = run({"ready", "> echo \"ERROR: disk full\""});
  ASSERT_EQ(gs.size(), 1u);
  EXPECT_EQ(gs[0].first_seq, 2u);
}

TEST(detector, a_silent_stream_has_nothing_to_end) {
  // Its state is made at the first line; before it, every call is a no-op.
  detector d{builtin()};
  std::vector<group> out;
  EXPECT_EQ(d.deadline(), std::nullopt);
  d.tick(1'000'000, out);
  d.finish(out);
  EXPECT_TRUE(out.empty());
  d.feed("Traceback (most recent call last):", 1, 0, out);
  EXPECT_TRUE(d.deadline().has_value());
}

} // namespace
} // namespace hummel::errors
