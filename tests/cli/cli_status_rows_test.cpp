// `hummel ps` reads the daemon's response line without a JSON tree
// (status_rows.hpp): the rows and the table must be those of the tree, and
// every line it does not expect goes back to the general reader.

#include "main/cli/format.hpp"
#include "main/cli/status_rows.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "canned.hpp"

#include <set>
#include <string>
#include <vector>

using hummel::cli::format_status_table;
using hummel::cli::status_line_kind;
using hummel::cli::status_row;
using hummel::cli::status_rows_from;
using hummel::cli::status_rows_from_line;
using nlohmann::json;

namespace {

/// A tools/call response line as the daemon writes it (keys sorted).
std::string response_line(int64_t id, const json& structured) {
  json msg{{"id", id},
           {"jsonrpc", "2.0"},
           {"result",
            {{"_meta", {{"io.modelcontextprotocol/serverInfo", "x"}}},
             {"content", {{{"type", "text"}, {"text", "2 processes\n"}}}},
             {"structuredContent", structured}}}};
  return msg.dump();
}

json mixed_statuses() {
  auto a = cli_test::canned_status("web");
  auto b = cli_test::canned_status("job \"q\" \\ \u00e9", "failed");
  b["exit_code"] = 3;
  b["restart_reason"] = "crashed (exit 3)";
  b["log_degraded"] = "disk full";
  b["error_count"] = 2;
  b["node"] = "n1";
  auto c = cli_test::canned_status("sig", "crashed");
  c["exit_code"] = nullptr;
  c["signal"] = 9;
  c["pid"] = nullptr;
  c["rss_bytes"] = uint64_t{5} << 32;
  return cli_test::canned_statuses({a, b, c});
}

/// The compact form of `status` (mcp::meta::rows): every key of its items
/// as a column, a row of values per item (null for a key it lacks).
json compact(const json& status) {
  json out{{"node", status["node"]},
           {"view_version", status["view_version"]},
           {"view_age_ms", status["view_age_ms"]},
           {"columns", json::array()},
           {"rows", json::array()}};
  const auto& items = status["processes"];
  if (items.empty())
    return out;
  std::set<std::string> keys;
  for (const auto& item : items)
    for (const auto& [key, value] : item.items())
      keys.insert(key);
  for (const auto& key : keys)
    out["columns"].push_back(key);
  for (const auto& item : items) {
    auto row = json::array();
    for (const auto& key : out["columns"])
      row.push_back(item.value(key.get<std::string>(), json()));
    out["rows"].push_back(std::move(row));
  }
  return out;
}

} // namespace

TEST(cli_status_rows, the_compact_form_gives_the_table_of_the_usual) {
  // `hummel ps` asks for rows (mcp::meta::rows); an older daemon, or a
  // listing of every node, answers in the usual form: both, the same table.
  auto status = mixed_statuses();
  auto line = response_line(7, compact(status));
  std::vector<status_row> rows;
  ASSERT_EQ(status_rows_from_line(line, 7, rows), status_line_kind::rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].name, "job \"q\" \\ \u00e9");
  EXPECT_EQ(rows[2].signal, "9");
  EXPECT_EQ(rows[0].first_url, "http://localhost:3000");
  for (bool color : {false, true}) {
    EXPECT_EQ(format_status_table(rows, color),
              format_status_table(status, color));
    // The general reader (a line the fast path left) takes it too.
    EXPECT_EQ(format_status_table(status_rows_from(compact(status)), color),
              format_status_table(status, color));
  }
  auto empty = cli_test::canned_statuses(json::array());
  line = response_line(1, compact(empty));
  ASSERT_EQ(status_rows_from_line(line, 1, rows), status_line_kind::rows);
  EXPECT_TRUE(rows.empty());
}

TEST(cli_status_rows, a_compact_form_out_of_shape_goes_to_the_general_reader) {
  auto good = compact(mixed_statuses());
  std::vector<status_row> rows;
  auto general = [&](const json& structured) {
    return status_rows_from_line(response_line(1, structured), 1, rows)
             == status_line_kind::general
           && rows.empty();
  };
  ASSERT_FALSE(general(good));
  auto odd = good;
  odd["rows"][1].push_back(1); // a value past the last column
  EXPECT_TRUE(general(odd));
  odd = good;
  odd["rows"][1].erase(0); // a column short
  EXPECT_TRUE(general(odd));
  odd = good;
  odd["rows"][0] = json::object(); // a row that is not an array
  EXPECT_TRUE(general(odd));
  odd = good;
  odd["columns"][0] = 1; // a column that is not a name
  EXPECT_TRUE(general(odd));
  odd = good;
  odd["rows"] = 3;
  EXPECT_TRUE(general(odd));
  // A shown field of the wrong type, found by its column.
  odd = good;
  for (size_t k = 0; k < odd["columns"].size(); ++k)
    if (odd["columns"][k] == "restarts")
      odd["rows"][0][k] = "x";
  EXPECT_TRUE(general(odd));
}

TEST(cli_status_rows, the_line_gives_the_rows_and_table_of_the_tree) {
  auto status = mixed_statuses();
  auto line = response_line(7, status);
  std::vector<status_row> rows;
  ASSERT_EQ(status_rows_from_line(line, 7, rows), status_line_kind::rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].name, "job \"q\" \\ \u00e9");
  EXPECT_EQ(rows[1].exit_code, "3");
  EXPECT_EQ(rows[2].signal, "9");
  EXPECT_FALSE(rows[2].pid.has_value());
  EXPECT_EQ(rows[2].rss_bytes, uint64_t{5} << 32);
  EXPECT_TRUE(rows[1].log_degraded_is_string);
  EXPECT_EQ(rows[0].first_url, "http://localhost:3000");
  for (bool color : {false, true})
    EXPECT_EQ(format_status_table(rows, color),
              format_status_table(status, color));
}

TEST(cli_status_rows, an_empty_listing_is_an_empty_table) {
  auto line = response_line(1, cli_test::canned_statuses(json::array()));
  std::vector<status_row> rows{status_row{}};
  ASSERT_EQ(status_rows_from_line(line, 1, rows), status_line_kind::rows);
  EXPECT_TRUE(rows.empty());
}

TEST(cli_status_rows, notifications_are_skipped) {
  std::string line
    = R"({"jsonrpc":"2.0","method":"notifications/message","params":{}})";
  std::vector<status_row> rows;
  EXPECT_EQ(status_rows_from_line(line, 1, rows), status_line_kind::other);
}

TEST(cli_status_rows, anything_unexpected_goes_to_the_general_reader) {
  std::vector<status_row> rows;
  auto good = mixed_statuses();
  auto general = [&](std::string line, int64_t id = 1) {
    return status_rows_from_line(line, id, rows) == status_line_kind::general
           && rows.empty();
  };
  // Another id, an error, a failed tool, no structured content.
  EXPECT_TRUE(general(response_line(2, good)));
  EXPECT_TRUE(general(
    R"({"error":{"code":-32602,"message":"bad"},"id":1,"jsonrpc":"2.0"})"));
  EXPECT_TRUE(general(
    R"({"id":1,"jsonrpc":"2.0","result":{"content":[],"isError":true}})"));
  EXPECT_TRUE(general(R"({"id":1,"jsonrpc":"2.0","result":{"content":[]}})"));
  // Not JSON, cut short, not an object.
  EXPECT_TRUE(general("{\"id\":1,"));
  EXPECT_TRUE(general(response_line(1, good).substr(0, 300)));
  EXPECT_TRUE(general("[1,2]"));
  EXPECT_TRUE(general("\xff\xfe"));
  // Values of a type the table would print differently: the tree's way.
  for (auto [key, value] :
       std::vector<std::pair<std::string, json>>{{"pid", 1.5},
                                                 {"name", json::array()},
                                                 {"ready", nullptr},
                                                 {"restarts", "x"},
                                                 {"urls", {1}},
                                                 {"exit_code", 2.5}}) {
    auto odd = good;
    odd["processes"][0][key] = value;
    EXPECT_TRUE(general(response_line(1, odd))) << key;
  }
}

TEST(cli_status_rows, a_thousand_rows_match_the_tree) {
  auto procs = json::array();
  for (int i = 0; i < 1000; ++i)
    procs.push_back(cli_test::canned_status(
      "p" + std::to_string(i), i % 3 == 0 ? "running" : "stopped"));
  auto status = cli_test::canned_statuses(procs);
  auto line = response_line(5, status);
  std::vector<status_row> rows;
  ASSERT_EQ(status_rows_from_line(line, 5, rows), status_line_kind::rows);
  EXPECT_EQ(format_status_table(rows, false),
            format_status_table(status, false));
}

// The SAX reader sees keys in the order of the line and every nested value
// of a field the table does not show: neither may change the rows.
TEST(cli_status_rows, key_order_and_nested_fields_do_not_change_the_rows) {
  auto status = mixed_statuses();
  status["processes"][0]["health"] = {{"checks", {1, {{"a", "b"}}, "c"}}};
  status["processes"][1]["exit_code"] = {{"code", 3}}; // not a number: none
  status["processes"][1]["urls"] = {{"first", "x"}};   // not an array: none
  status["processes"][2]["urls"] = {"http://a", {{"b", 1}}, 3};
  status["extra"] = {{"processes", {1, 2}}};
  // id after result, a method-less notification-like key after both.
  auto line = json{
    {"result", {{"structuredContent", status}}},
    {"jsonrpc", "2.0"},
    {"id", 4}}.dump();
  std::vector<status_row> rows;
  ASSERT_EQ(status_rows_from_line(line, 4, rows), status_line_kind::rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[1].exit_code.has_value());
  EXPECT_FALSE(rows[1].first_url.has_value());
  EXPECT_EQ(rows[2].first_url, "http://a");
  EXPECT_EQ(format_status_table(rows, false),
            format_status_table(status, false));
}

TEST(cli_status_rows,
     numbers_out_of_shape_and_bad_text_go_to_the_general_reader) {
  std::vector<status_row> rows;
  auto general = [&](const json& odd_status) {
    auto line = response_line(1, odd_status);
    return status_rows_from_line(line, 1, rows) == status_line_kind::general;
  };
  for (auto [key, value] : std::vector<std::pair<std::string, json>>{
         {"uptime_ms", 1e3},
         {"restarts", -1.5},
         {"rss_bytes", -1},
         {"cpu_percent", "1"},
         {"error_count", json::object()}}) {
    auto odd = mixed_statuses();
    odd["processes"][0][key] = value;
    EXPECT_TRUE(general(odd)) << key;
  }
  // A notification whose method comes after its params is still one.
  std::string note
    = R"({"params":{"id":{"x":[1]}},"jsonrpc":"2.0","method":"m"})";
  EXPECT_EQ(status_rows_from_line(note, 1, rows), status_line_kind::other);
  // Invalid UTF-8 inside a string the table shows.
  auto bad = response_line(1, mixed_statuses());
  bad.replace(bad.find("web"), 3, "w\xc3\x28");
  EXPECT_EQ(status_rows_from_line(bad, 1, rows), status_line_kind::general);
}
