// The CLI's tables and JSON from the real daemon on a fixed example project
// (tests/cli/golden/project): tables against hand-written golden files, and
// every `--json` output against the outputSchema of its tool as the daemon
// itself lists it (tools/list over the unix socket).

#include "tests/cli/canned.hpp"
#include "tests/system/daemon_fixture.hpp"
#include "tests/system/json_schema.hpp"

#include <re2/re2.h>

namespace {

using namespace bin_test;

const fs::path golden_dir = fs::path{HUMMEL_SOURCE_DIR} / "tests/cli/golden";

/// A table line split into cells (runs of two or more spaces separate them)
/// with the column each starts at.
struct cells {
  std::vector<std::string> text;
  std::vector<size_t> at;
};

cells split_cells(const std::string& line) {
  cells c;
  size_t i = 0;
  while (i < line.size()) {
    auto start = i;
    while (i < line.size()
           && !(line[i] == ' ' && i + 1 < line.size() && line[i + 1] == ' '))
      ++i;
    c.text.push_back(line.substr(start, i - start));
    c.at.push_back(start);
    while (i < line.size() && line[i] == ' ')
      ++i;
  }
  return c;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

/// Replaces values of the right shape in the volatile columns.
std::string normalise_cell(const std::string& column, const std::string& v) {
  // RE2, not std::regex: GCC 12 warns inside <regex> under the sanitizers.
  static const RE2 pid{"[1-9][0-9]*"};
  static const RE2 uptime{"[0-9]+s|[0-9]+m[0-9]{2}s"};
  static const RE2 cpu{"[0-9]+\\.[0-9]%"};
  static const RE2 rss{"[0-9]+ KiB|[0-9]+\\.[0-9] MiB"};
  static const std::vector<std::tuple<std::string, const RE2*, std::string>>
    rules{{"PID", &pid, "<pid>"},
          {"UPTIME", &uptime, "<uptime>"},
          {"CPU", &cpu, "<cpu>"},
          {"RSS", &rss, "<rss>"}};
  for (const auto& [col, re, placeholder] : rules)
    if (col == column && RE2::FullMatch(v, *re))
      return placeholder;
  return v;
}

/// The table as rows of normalised cells; fails the test if a cell is not
/// left-aligned under its header.
std::vector<std::vector<std::string>> table_of(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  auto lines = lines_of(out);
  if (lines.empty())
    return rows;
  auto header = split_cells(lines[0]);
  rows.push_back(header.text);
  for (size_t n = 1; n < lines.size(); ++n) {
    auto c = split_cells(lines[n]);
    EXPECT_EQ(c.text.size(), header.text.size()) << lines[n];
    std::vector<std::string> row;
    for (size_t i = 0; i < c.text.size(); ++i) {
      if (i < header.at.size()) {
        EXPECT_EQ(c.at[i], header.at[i])
          << "cell '" << c.text[i] << "' is not aligned under "
          << header.text[i] << " in:\n"
          << out;
      }
      auto column = i < header.text.size() ? header.text[i] : "";
      row.push_back(normalise_cell(column, c.text[i]));
    }
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::vector<std::string>> golden_table(const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& line : lines_of(read_text(golden_dir / name)))
    rows.push_back(split_cells(line).text);
  return rows;
}

std::string golden_logs(const std::string& out) {
  static const RE2 time{"(?m)^[0-9]{2}:[0-9]{2}:[0-9]{2} "};
  static const RE2 secs{"after [0-9]+\\.[0-9] s"};
  auto text = out;
  RE2::GlobalReplace(&text, time, "<time> ");
  RE2::GlobalReplace(&text, secs, "after <secs>");
  return text;
}

/// Each field's JSON type, by name ("integer" and "number" apart).
std::map<std::string, std::string> shape(const json& object) {
  std::map<std::string, std::string> out;
  for (const auto& [key, v] : object.items())
    out[key] = v.is_number_integer() ? "integer" : v.type_name();
  return out;
}

std::string show(const std::vector<std::vector<std::string>>& rows) {
  std::string s;
  for (const auto& r : rows) {
    for (const auto& c : r)
      s += "[" + c + "] ";
    s += "\n";
  }
  return s;
}

class cli_golden : public daemon_fixture {
protected:
  void SetUp() override {
    auto src = golden_dir / "project";
    start_daemon(read_text(src / "hummel.toml"),
                 read_text(src / "package.json"));
    // Settled: both services running, ready and sampled; both jobs ended.
    auto settled = [](const json& st) {
      std::map<std::string, json> by;
      for (const auto& p : st.value("processes", json::array()))
        by[p["name"].get<std::string>()] = p;
      auto up = [&](const char* n) {
        return by[n].value("status", "") == "running"
               && by[n].value("ready", false)
               && by[n].value("rss_bytes", 0) > 0;
      };
      return up("web") && up("worker")
             && by["once"].value("status", "") == "succeeded"
             && by["warn"].value("status", "") == "failed";
    };
    last = wait_status(settled, 20s);
    ASSERT_TRUE(settled(last)) << last.dump(2);
  }

  run_result cli(std::vector<std::string> args) {
    args.push_back("--dir");
    args.push_back(box.project.string());
    return run_hummel(box, args);
  }

  json last;
};

TEST_F(cli_golden, ps_table_matches_the_golden_file) {
  auto r = cli({"ps"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(show(table_of(r.out)), show(golden_table("ps.txt"))) << r.out;
  r = cli({"ps", "web"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(show(table_of(r.out)), show(golden_table("ps-web.txt"))) << r.out;
}

TEST_F(cli_golden, scripts_table_matches_the_golden_file) {
  auto r = cli({"scripts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(show(table_of(r.out)), show(golden_table("scripts.txt"))) << r.out;
}

TEST_F(cli_golden, logs_match_the_golden_files) {
  for (auto [args, file] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
         {{"logs", "once"}, "logs-once.txt"},
         {{"logs", "warn"}, "logs-warn.txt"},
         {{"logs", "once", "-g", "t[wh]"}, "logs-once-grep.txt"}}) {
    auto r = cli(args);
    ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_EQ(golden_logs(r.out), read_text(golden_dir / file)) << r.out;
  }
}

// Every read command's --json is the structured result of its tool, valid
// against that tool's outputSchema as the daemon lists it.
TEST_F(cli_golden, json_outputs_match_the_daemons_output_schemas) {
  auto tools = tools_by_name();
  ASSERT_FALSE(tools.empty()) << "no tools/list over the socket";
  auto check = [&](std::vector<std::string> args, const std::string& tool) {
    args.push_back("--json");
    auto r = cli(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    auto j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    ASSERT_TRUE(tools.contains(tool)) << tool;
    auto errors = schema_errors(tools[tool]["outputSchema"], j);
    EXPECT_TRUE(errors.empty()) << args[0] << " --json vs " << tool << ":\n"
                                << joined(errors) << r.out;
  };
  check({"ps"}, "scripts_status");
  check({"ps", "web"}, "scripts_status");
  check({"scripts"}, "scripts_list");
  check({"nodes"}, "cluster_status");
  check({"logs", "once"}, "logs_stream");
  check({"logs", "once", "-g", "t[wh]"}, "logs_search");
  check({"run", "later"}, "scripts_run");
  check({"restart", "later"}, "scripts_restart");
  check({"stop", "later"}, "scripts_stop");
}

// The CLI tests' fake daemon (tests/cli/cli_support.hpp) answers with
// tests/cli/canned.hpp: the same fields, of the same types, as the real
// daemon's answers for a process in the same state.
TEST_F(cli_golden, the_cli_fakes_canned_answers_have_the_real_fields) {
  auto ps = json::parse(cli({"ps", "web", "--json"}).out, nullptr, false);
  ASSERT_TRUE(ps.is_object());
  auto canned = cli_test::canned_statuses({cli_test::canned_status("web")});
  EXPECT_EQ(shape(ps), shape(canned));
  EXPECT_EQ(shape(ps["processes"][0]), shape(canned["processes"][0]));

  auto list = json::parse(cli({"scripts", "--json"}).out, nullptr, false);
  ASSERT_TRUE(list.is_object());
  auto canned_list = cli_test::canned_list({cli_test::canned_list_item("web")});
  EXPECT_EQ(shape(list), shape(canned_list));
  for (const auto& item : list["processes"])
    if (item["name"] == "web") {
      EXPECT_EQ(shape(item), shape(canned_list["processes"][0]));
    }

  auto lines = json::parse(cli({"logs", "once", "--json"}).out, nullptr, false);
  ASSERT_TRUE(lines.is_object());
  auto canned_lines
    = cli_test::canned_lines({cli_test::canned_line(1, "one")}, 1);
  EXPECT_EQ(shape(lines), shape(canned_lines));
  EXPECT_EQ(shape(lines["lines"][0]), shape(canned_lines["lines"][0]));

  auto found = json::parse(cli({"logs", "once", "-g", "one", "--json"}).out,
                           nullptr, false);
  ASSERT_TRUE(found.is_object());
  EXPECT_EQ(shape(found), shape(cli_test::canned_matches(json::array(), 1)));
}

} // namespace
