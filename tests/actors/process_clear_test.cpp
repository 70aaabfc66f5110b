// The PROCESS actor clears its logs and error records (logs_clear): the
// ring, the log file and its rotated files, the records and the snapshot's
// error count; the sequence and the run id go on across a new actor.

#include "tests/actors/process_fixture.hpp"
#include "tests/logs/temp_dir.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <tuple>

namespace hummel {
namespace {

using namespace std::chrono_literals;

class process_clear_test : public test::process_fixture {
protected:
  /// Asks the actor to clear; the three counts, or the error.
  caf::expected<std::tuple<uint64_t, uint64_t, uint64_t>>
  clear(bool errors_only) {
    auto handle = self->request(aut, caf::infinite, atom::clear_v, errors_only);
    run();
    caf::expected<std::tuple<uint64_t, uint64_t, uint64_t>> result
      = caf::sec::request_timeout;
    std::move(handle).receive(
      [&](uint64_t lines, uint64_t bytes, uint64_t records) {
        result = std::make_tuple(lines, bytes, records);
      },
      [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  size_t records() {
    auto page = request<error_page>(aut, atom::errors_v, error_query{});
    return page ? page->records.size() : 999;
  }

  void traceback() {
    output({"Traceback (most recent call last):",
            "  File \"/tmp/p/a.py\", line 2, in <module>",
            "ValueError: bad value"},
           2);
    advance_time(250ms); // the quiet gap closes the group
  }
};

TEST_F(process_clear_test, errors_only_keeps_the_lines) {
  spawn(test::make_process_def("app", "python3 a.py"));
  ASSERT_TRUE(start());
  traceback();
  ASSERT_EQ(records(), 1u);
  ASSERT_EQ(last().error_count, 1u);
  auto lines_before = logs({}, true).lines.size();
  auto r = clear(true);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(std::get<0>(*r), 0u);
  EXPECT_EQ(std::get<2>(*r), 1u);
  EXPECT_EQ(records(), 0u);
  EXPECT_EQ(last().error_count, 0u) << "the snapshot was published again";
  EXPECT_EQ(last().last_error, "");
  // The lines stay; one more says the errors were cleared.
  auto after = logs({}, true).lines;
  ASSERT_EQ(after.size(), lines_before + 1);
  EXPECT_EQ(after.back().text, "error records cleared");
}

TEST_F(process_clear_test, cleared_errors_stay_cleared_after_a_daemon_restart) {
  test::temp_dir dir;
  ASSERT_FALSE(dir.path().empty());
  ctx.log_dir = dir.path();
  spawn(test::make_process_def("app", "python3 a.py"));
  ASSERT_TRUE(start());
  traceback();
  ASSERT_TRUE(clear(true));
  output({"Traceback (most recent call last):",
          "  File \"/tmp/p/b.py\", line 7, in <module>", "KeyError: 'port'"},
         2);
  exited(1);
  ASSERT_EQ(records(), 1u);
  // A daemon restart: the new actor finds the errors in the log again, but
  // not those cleared before.
  respawn(test::make_process_def("app", "python3 a.py"));
  auto page = request<error_page>(aut, atom::errors_v, error_query{});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0].message, "KeyError: 'port'");
  EXPECT_EQ(last().error_count, 1u);
}

TEST_F(process_clear_test, clears_ring_file_and_rotated_files_and_goes_on) {
  test::temp_dir dir;
  ASSERT_FALSE(dir.path().empty());
  ctx.log_dir = dir.path();
  spawn(test::make_process_def("api"));
  ASSERT_TRUE(start());
  output({"one", "two"});
  traceback();
  auto log = dir.path() / "api.log";
  auto rotated = dir.path() / "api.log.1";
  { std::ofstream{rotated} << "old\n"; }
  auto on_disk = std::filesystem::file_size(log) + 4;
  auto in_ring = logs({}, true).lines.size();
  auto r = clear(false);
  ASSERT_TRUE(r) << to_string(r.error());
  EXPECT_EQ(std::get<0>(*r), in_ring);
  EXPECT_EQ(std::get<1>(*r), on_disk);
  EXPECT_EQ(std::get<2>(*r), 1u);
  EXPECT_FALSE(std::filesystem::exists(rotated));
  EXPECT_EQ(records(), 0u);
  EXPECT_EQ(last().error_count, 0u);
  // Only the marker is left, in memory and on disk.
  auto page = logs({}, true);
  ASSERT_EQ(page.lines.size(), 1u);
  EXPECT_EQ(page.lines[0].text, "logs cleared");
  auto marker_seq = page.lines[0].seq;
  output({"after"});
  EXPECT_EQ(logs({}, true).lines.back().seq, marker_seq + 1);
  // A new actor (a daemon restart) reads the file: the marker and "after",
  // and goes on with the sequence and the run id.
  respawn(test::make_process_def("api"));
  page = logs({}, true);
  ASSERT_EQ(page.lines.size(), 2u);
  EXPECT_EQ(page.lines[0].text, "logs cleared");
  EXPECT_EQ(page.lines[1].text, "after");
  EXPECT_EQ(last().run_id, 1u);
}

TEST_F(process_clear_test,
       a_file_that_cannot_be_cut_is_an_error_and_keeps_all) {
  test::temp_dir dir;
  ASSERT_FALSE(dir.path().empty());
  ctx.log_dir = dir.path();
  spawn(test::make_process_def("api"));
  ASSERT_TRUE(start());
  traceback();
  // A folder where a rotated file should be: it cannot be removed as a file.
  std::filesystem::create_directories(dir.path() / "api.log.1" / "x");
  auto r = clear(false);
  ASSERT_FALSE(r);
  EXPECT_NE(to_string(r.error()).find("api.log.1"), std::string::npos)
    << to_string(r.error());
  EXPECT_EQ(records(), 1u) << "nothing forgotten";
  EXPECT_EQ(last().error_count, 1u);
}

} // namespace
} // namespace hummel
