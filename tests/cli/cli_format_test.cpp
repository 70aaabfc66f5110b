// The human tables and log lines: `ps` columns (state, READY, LAST EXIT and
// REASON apart), and escape sequences in process output kept only with
// colour.

#include "main/cli/commands.hpp"
#include "main/cli/format.hpp"
#include "tests/cli/canned.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using nlohmann::json;

/// The rows of a table, cells split at runs of two or more spaces.
std::vector<std::vector<std::string>> cells(const std::string& table) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in{table};
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> row;
    size_t i = 0;
    while (i < line.size()) {
      auto end = line.find("  ", i);
      if (end == std::string::npos)
        end = line.size();
      row.push_back(line.substr(i, end - i));
      i = line.find_first_not_of(' ', end);
      if (i == std::string::npos)
        break;
    }
    rows.push_back(row);
  }
  return rows;
}

using row = std::vector<std::string>;

TEST(cli_format, ps_shows_state_ready_and_last_exit_in_their_own_columns) {
  auto starting = cli_test::canned_status("api");
  starting["ready"] = false;
  auto failed = cli_test::canned_status("job", "failed");
  failed["exit_code"] = 1;
  auto stopped = cli_test::canned_status("web", "stopped");
  stopped["exit_code"] = nullptr;
  stopped["signal"] = 15;
  auto idle = cli_test::canned_status("later", "idle");
  idle["exit_code"] = nullptr;
  auto table = hummel::cli::format_status_table(
    cli_test::canned_statuses(
      {cli_test::canned_status("db"), starting, failed, stopped, idle}),
    false);
  auto rows = cells(table);
  ASSERT_EQ(rows.size(), 6u) << table;
  EXPECT_EQ(rows[0], (row{"NAME", "STATUS", "READY", "PID", "UPTIME",
                          "RESTARTS", "LAST EXIT", "CPU", "RSS", "URL"}));
  EXPECT_EQ(rows[1], (row{"db", "running", "yes", "4242", "1m05s", "1", "-",
                          "1.5%", "3.0 MiB", "http://localhost:3000"}));
  EXPECT_EQ(rows[2][1], "running");
  EXPECT_EQ(rows[2][2], "no");
  EXPECT_EQ(rows[3],
            (row{"job", "failed", "-", "-", "-", "1", "1", "-", "-", "-"}));
  EXPECT_EQ(rows[4][1], "stopped");
  EXPECT_EQ(rows[4][6], "sig 15");
  EXPECT_EQ(rows[5][1], "idle");
  EXPECT_EQ(rows[5][6], "-");
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
}

TEST(cli_format, ps_adds_a_reason_column_when_a_process_was_restarted) {
  auto web = cli_test::canned_status("web");
  web["restart_reason"] = "file changed: src/app.ts";
  auto rows = cells(hummel::cli::format_status_table(
    cli_test::canned_statuses({web, cli_test::canned_status("db")}), false));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].back(), "REASON");
  EXPECT_EQ(rows[1].back(), "file changed: src/app.ts");
  EXPECT_EQ(rows[2].back(), "-");
}

TEST(cli_format, ps_adds_an_errors_column_when_a_process_has_errors) {
  auto web = cli_test::canned_status("web");
  web["error_count"] = 2;
  auto db = cli_test::canned_status("db");
  db["error_count"] = 0;
  auto rows = cells(hummel::cli::format_status_table(
    cli_test::canned_statuses({web, db}), false));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].back(), "ERRORS");
  EXPECT_EQ(rows[1].back(), "2");
  EXPECT_EQ(rows[2].back(), "0");
  // No process with errors: no column.
  auto plain = cells(
    hummel::cli::format_status_table(cli_test::canned_statuses({db}), false));
  EXPECT_NE(plain[0].back(), "ERRORS");
}

TEST(cli_format, ps_pads_to_the_widest_cell_and_colours_each_row_its_own) {
  // What only the last row needs (a long name, a REASON) shapes every row,
  // and each row keeps its own status colour.
  auto job = cli_test::canned_status("job", "failed");
  job["exit_code"] = 1;
  auto last = cli_test::canned_status("a-much-longer-name", "stopped");
  last["exit_code"] = 0;
  last["restart_reason"] = "file changed";
  auto table = hummel::cli::format_status_table(
    cli_test::canned_statuses({cli_test::canned_status("db"), job, last}),
    true);
  std::vector<std::string> lines;
  std::istringstream in{table};
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << table;
  auto name_width = std::string{"a-much-longer-name"}.size() + 2;
  EXPECT_EQ(lines[0].substr(0, name_width + 6),
            "NAME" + std::string(name_width - 4, ' ') + "STATUS");
  EXPECT_EQ(lines[1].substr(0, name_width + 5),
            "db" + std::string(name_width - 2, ' ') + "\x1b[32m");
  EXPECT_NE(lines[1].find("\x1b[32mrunning\x1b[0m"), std::string::npos);
  EXPECT_NE(lines[2].find("\x1b[31mfailed\x1b[0m"), std::string::npos);
  EXPECT_NE(lines[3].find("\x1b[2mstopped\x1b[0m"), std::string::npos);
  EXPECT_EQ(lines[0].substr(lines[0].size() - 6), "REASON");
  EXPECT_EQ(lines[1].back(), '-');
  EXPECT_EQ(lines[3].substr(lines[3].size() - 12), "file changed");
}

TEST(cli_format, error_records_print_headline_place_and_indented_lines) {
  json rec{
    {"time", "2026-11-26T10:00:01.250Z"},
    {"process", "api"},
    {"kind", "python-traceback"},
    {"count", 3},
    {"message", "ValueError: bad"},
    {"file", "/p/a.py"},
    {"line", 2},
    {"column", nullptr},
    {"lines", {"Traceback (most recent call last):", "ValueError: bad"}}};
  auto text = hummel::cli::format_error_records(json::array({rec}), false);
  EXPECT_EQ(text, "10:00:01.250  api  python-traceback  x3  ValueError: bad  "
                  "/p/a.py:2\n"
                  "    Traceback (most recent call last):\n"
                  "    ValueError: bad\n");
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(
    hummel::cli::format_error_records(json::array({rec}), true).find('\x1b'),
    std::string::npos);
}

TEST(cli_format, ps_marks_a_process_whose_log_file_fails) {
  auto web = cli_test::canned_status("web");
  web["log_degraded"] = "write /s/logs/web.log: No space left on device";
  auto rows = cells(hummel::cli::format_status_table(
    cli_test::canned_statuses({web, cli_test::canned_status("db")}), false));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].back(), "LOG FILE");
  EXPECT_EQ(rows[1][1], "running!");
  EXPECT_EQ(rows[1].back(),
            "degraded: write /s/logs/web.log: No space left on device");
  EXPECT_EQ(rows[2][1], "running");
  EXPECT_EQ(rows[2].back(), "ok");
}

TEST(cli_format, log_lines_keep_escape_sequences_only_with_colour) {
  auto lines = json::array(
    {cli_test::canned_line(1, "\x1b[32mok\x1b[0m \xE2\x9C\x93 done"),
     cli_test::canned_line(2, "\x1b]0;title\x07plain")});
  EXPECT_EQ(hummel::cli::format_log_lines(lines, false),
            "10:00:01 web | ok \xE2\x9C\x93 done\n"
            "10:00:02 web | plain\n");
  auto coloured = hummel::cli::format_log_lines(lines, true);
  EXPECT_NE(coloured.find("\x1b[32mok\x1b[0m"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b]0;title\x07plain"), std::string::npos);
}

TEST(cli_format, one_decimal_is_written_as_printf_writes_it) {
  // format_fixed1 (std::to_chars) took the place of snprintf("%.1f") in
  // `hummel ps`: the same text, ties and large values included.
  std::vector<double> xs{0.0,   -0.0, 0.05, 0.15, 0.25,  0.35, 1.45,
                         99.95, 100,  1e15, 1e20, -3.25, 1e300};
  for (int i = 0; i < 20000; ++i)
    xs.push_back(i * 0.0137);
  for (double x : xs) {
    char buf[512];
    std::snprintf(buf, sizeof(buf), "%.1f", x);
    if (std::string_view{buf}.size() < 31)
      EXPECT_EQ(hummel::cli::format_fixed1(x), buf) << x;
    else
      EXPECT_EQ(hummel::cli::format_fixed1(x),
                std::string_view{buf}.substr(0, 31));
  }
  EXPECT_EQ(hummel::cli::format_bytes(3u << 20), "3.0 MiB");
  EXPECT_EQ(hummel::cli::format_bytes(512u << 10), "512 KiB");
}

} // namespace
