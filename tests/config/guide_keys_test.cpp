// docs/guide.md's configuration reference against the parser: the keys
// column of its one table must list exactly `known_config_keys()`, the keys
// the hummel.toml readers accept, so the guide cannot drift from the code.

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace hummel;

namespace {

const std::filesystem::path guide_path
  = std::filesystem::path{HUMMEL_SOURCE_DIR} / "docs/guide.md";

constexpr std::string_view section_heading = "## Configuration reference";

/// The cells of a Markdown table row, trimmed; `\|` is a pipe inside a cell.
std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  cells.push_back(cell);
  // "| a | b |" splits into "", " a ", " b ", "": drop the outer two.
  if (!cells.empty())
    cells.erase(cells.begin());
  if (!cells.empty())
    cells.pop_back();
  for (auto& c : cells) {
    auto first = c.find_first_not_of(" \t");
    auto last = c.find_last_not_of(" \t");
    c = first == std::string::npos ? "" : c.substr(first, last - first + 1);
  }
  return cells;
}

/// `key` without its backticks.
std::string unquote(std::string key) {
  std::erase(key, '`');
  return key;
}

/// One row of the reference table.
struct reference_row {
  int line = 0;
  std::vector<std::string> cells;
};

/// The rows of the first table under the reference heading (header and
/// separator rows left out). Empty with `why` set if there is none.
std::vector<reference_row> reference_table(std::string& why) {
  std::ifstream in{guide_path};
  if (!in) {
    why = "cannot read " + guide_path.string();
    return {};
  }
  std::vector<reference_row> rows;
  bool in_section = false;
  bool in_table = false;
  int header_rows = 0;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!in_section) {
      in_section = line.starts_with(section_heading);
      continue;
    }
    if (!in_table && line.starts_with("## "))
      break; // the section ended without a table
    if (line.starts_with("|")) {
      in_table = true;
      if (header_rows < 2) { // header, then |---|---|
        ++header_rows;
        continue;
      }
      rows.push_back({n, cells_of(line)});
    } else if (in_table) {
      break;
    }
  }
  if (!in_section)
    why = "no heading '" + std::string{section_heading} + "' in "
          + guide_path.string();
  else if (rows.empty())
    why = "no table with rows under '" + std::string{section_heading} + "' in "
          + guide_path.string();
  return rows;
}

/// A hummel.toml setting `key` (with `<name>` = "app") to `value`, beside
/// what that key needs to be valid on its own: a command for the process,
/// the processes `db` and `migrate` for `depends_on`, a complete `tls`.
std::string toml_for(std::string key, const std::string& value) {
  std::string text;
  if (auto at = key.find("<name>"); at != std::string::npos) {
    key.replace(at, 6, "app");
    if (key != "processes.app.command" && key != "processes.app.argv")
      text += "processes.app.command = \"true\"\n";
    text += "processes.db.command = \"true\"\n";
    text += "processes.migrate.command = \"true\"\n";
  }
  if (key.starts_with("cluster.tls.") || key == "cluster.allow_remote_control")
    for (const auto* f : {"cert", "key", "ca"})
      if (key != std::string{"cluster.tls."} + f)
        text += std::string{"cluster.tls."} + f + " = \"ca.pem\"\n";
  return key + " = " + value + "\n" + text;
}

std::string list(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys)
    out += "\n  " + k;
  return out;
}

} // namespace

TEST(guide_keys, parser_lists_every_table_key_once) {
  auto keys = known_config_keys();
  std::set<std::string> unique{keys.begin(), keys.end()};
  EXPECT_EQ(unique.size(), keys.size()) << list(keys);
  for (const auto* k :
       {"daemon.http", "mcp.token", "cluster.tls.cert",
        "processes.<name>.command", "processes.<name>.ready.log",
        "processes.<name>.log_max_bytes"})
    EXPECT_TRUE(unique.contains(k)) << k << " missing from" << list(keys);
  // Tables of fixed keys are listed by their keys, not by themselves.
  EXPECT_FALSE(unique.contains("cluster.tls"));
  EXPECT_FALSE(unique.contains("processes.<name>.ready"));
}

TEST(guide_keys, reference_table_lists_exactly_the_parsers_keys) {
  std::string why;
  auto rows = reference_table(why);
  ASSERT_FALSE(rows.empty()) << why;
  std::map<std::string, int> documented; // key → line in the guide
  std::vector<std::string> duplicates;
  for (const auto& row : rows) {
    ASSERT_FALSE(row.cells.empty()) << "guide.md:" << row.line;
    auto key = unquote(row.cells.front());
    if (!documented.emplace(key, row.line).second)
      duplicates.push_back(key + " (guide.md:" + std::to_string(row.line)
                           + ")");
  }
  auto known = known_config_keys();
  std::set<std::string> parser{known.begin(), known.end()};
  std::vector<std::string> missing; // the parser takes it, the guide omits it
  for (const auto& k : known)
    if (!documented.contains(k))
      missing.push_back(k);
  std::vector<std::string> extra; // the guide documents it, the parser refuses
  for (const auto& [k, line] : documented)
    if (!parser.contains(k))
      extra.push_back(k + " (guide.md:" + std::to_string(line) + ")");
  EXPECT_TRUE(missing.empty())
    << "keys hummel.toml accepts but the reference table in docs/guide.md "
       "does not list (add a row for each):"
    << list(missing);
  EXPECT_TRUE(extra.empty())
    << "rows of the reference table in docs/guide.md naming keys the parser "
       "refuses (lib/config/detail/keys.hpp):"
    << list(extra);
  EXPECT_TRUE(duplicates.empty())
    << "keys listed twice in the reference table:" << list(duplicates);
}

TEST(guide_keys, every_reference_row_has_type_default_and_example) {
  std::string why;
  auto rows = reference_table(why);
  ASSERT_FALSE(rows.empty()) << why;
  for (const auto& row : rows) {
    ASSERT_GE(row.cells.size(), 4u)
      << "guide.md:" << row.line << ": expected | Key | Type | Default | "
      << "Example | ...";
    for (size_t i = 1; i < 4; ++i)
      EXPECT_FALSE(row.cells[i].empty())
        << "guide.md:" << row.line << ": column " << i + 1 << " of "
        << row.cells.front() << " is empty";
  }
}

TEST(guide_keys, every_reference_example_is_accepted_by_the_parser) {
  std::string why;
  auto rows = reference_table(why);
  ASSERT_FALSE(rows.empty()) << why;
  for (const auto& row : rows) {
    if (row.cells.size() < 4)
      continue; // reported by every_reference_row_has_type_default_and_example
    auto key = unquote(row.cells[0]);
    auto example = unquote(row.cells[3]);
    test::temp_project p;
    // The files and folders the examples name.
    for (const auto* file : {".env", ".env.local"})
      p.write(file, "A=1\n");
    for (const auto* file : {"node.pem", "node.key", "ca.pem"})
      p.write(file, "-\n");
    p.write("web/.keep", "");
    auto toml = toml_for(key, example);
    auto r = p.load_toml(toml);
    EXPECT_TRUE(r.ok()) << "guide.md:" << row.line << ": the example of " << key
                        << " is refused:\n"
                        << test::dump(r) << "hummel.toml was:\n"
                        << toml;
  }
}
