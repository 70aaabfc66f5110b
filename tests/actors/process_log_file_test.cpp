// The PROCESS actor on a full disk (log_file's write seam plays the disk):
// the process goes on, its lines go on into the memory ring, the daemon
// warns once, the snapshot says `log_degraded`, retries back off on the
// actor clock, and the retry that works writes a gap marker with the exact
// range of the lines the file misses.

#include "common/log.hpp"
#include "logs/log_format.hpp"
#include "tests/actors/process_fixture.hpp"
#include "tests/logs/temp_dir.hpp"
#include "tests/support/build_kind.hpp"
#include "tests/support/fake_disk.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace hummel {
namespace {

using namespace std::chrono_literals;

/// Collects what the daemon logger writes while it lives.
class captured_log {
public:
  captured_log()
    : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)),
      logger_(log::get(log::component::daemon)) {
    sink_->set_pattern("%l %v");
    logger_->sinks().push_back(sink_);
  }

  ~captured_log() {
    auto& sinks = logger_->sinks();
    std::erase(sinks, sink_);
  }

  /// The lines of level `level` ("warning", "info").
  std::vector<std::string> lines(const std::string& level) const {
    std::vector<std::string> result;
    std::istringstream in{out_.str()};
    std::string line;
    while (std::getline(in, line))
      if (line.rfind(level + " ", 0) == 0)
        result.push_back(line);
    return result;
  }

private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
  spdlog::logger* logger_;
};

class process_log_file_test : public test::process_fixture {
protected:
  void SetUp() override {
    ASSERT_FALSE(dir.path().empty());
    test::disk = test::fake_disk{};
    ctx.log_dir = dir.path();
    ctx.log_write = &test::disk_write;
    spawn(test::make_process_def("web"));
    ASSERT_TRUE(start());
  }

  /// `n` stdout lines "l<from>".."l<from+n-1>", one burst.
  void burst(size_t from, size_t n) {
    std::vector<std::string> xs;
    for (size_t i = from; i < from + n; ++i)
      xs.push_back("l" + std::to_string(i));
    output(std::move(xs));
  }

  /// The records of web.log; fails the test on a malformed one.
  std::vector<log_line> file_records() {
    std::ifstream in{dir.path() / "web.log", std::ios::binary};
    std::vector<log_line> out;
    std::string rec;
    while (std::getline(in, rec)) {
      log_line line;
      EXPECT_TRUE(log_format::parse_record(rec, line)) << "malformed: " << rec;
      EXPECT_FALSE(log_format::looks_merged(line)) << "merged: " << rec;
      out.push_back(line);
    }
    return out;
  }

  /// Descriptors of this process open on web.log.
  size_t open_on_log() {
    namespace fs = std::filesystem;
    auto log = fs::weakly_canonical(dir.path() / "web.log");
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc/self/fd", ec)) {
      auto target = fs::read_symlink(e.path(), ec);
      if (!ec && target == log)
        ++n;
    }
    return n;
  }

  test::temp_dir dir;
  captured_log captured;
};

TEST_F(process_log_file_test, full_disk_warns_once_keeps_the_ring_and_resumes) {
  burst(0, 10);
  ASSERT_EQ(last().log_degraded, "");
  // Room for a few bytes only: the next burst fails mid-record.
  test::disk.room = 5;
  burst(10, 10);
  EXPECT_NE(last().log_degraded.find("No space left on device"),
            std::string::npos)
    << last().log_degraded;
  EXPECT_EQ(last().status, process_status::running);
  for (size_t i = 0; i < 5; ++i)
    burst(20 + i * 10, 10);
  // A retry while the disk is still full: no new warning, still degraded.
  EXPECT_EQ(advance_time(50ms), 1u);
  run();
  EXPECT_FALSE(status()->log_degraded.empty());
  auto warnings = captured.lines("warning");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("'web'"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("web.log"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("errno 28"), std::string::npos) << warnings[0];
  // Space returns: the next retry (100 ms later) writes the marker.
  test::disk.room = test::fake_disk::unlimited;
  advance_time(100ms);
  run();
  EXPECT_EQ(last().log_degraded, "");
  EXPECT_EQ(status()->log_degraded, "");
  burst(70, 5);
  // The ring lost nothing: seq 1 (first line; run 1 has no start record)
  // up to the newest, contiguous, with the marker in its place.
  auto page = logs({0, 1000, true, 0}, true);
  ASSERT_EQ(page.lines.size(), 76u);
  for (size_t i = 0; i < page.lines.size(); ++i)
    EXPECT_EQ(page.lines[i].seq, i + 1);
  // The file: lines 1-10 (the failed burst wrote nothing whole), the
  // marker for 11-70 as seq 71, then 72-76.
  auto recs = file_records();
  ASSERT_EQ(recs.size(), 16u);
  for (size_t i = 0; i < 10; ++i)
    EXPECT_EQ(recs[i].seq, i + 1);
  EXPECT_EQ(recs[10].seq, 71u);
  EXPECT_EQ(recs[10].stream, log_stream::event);
  EXPECT_EQ(page.lines[70], recs[10]) << "the same marker in ring and file";
  log_gap gap;
  ASSERT_TRUE(log_format::parse_gap(recs[10].text, gap)) << recs[10].text;
  EXPECT_EQ(gap.first_seq, 11u);
  EXPECT_EQ(gap.last_seq, 70u);
  EXPECT_EQ(gap.lost, 60u);
  EXPECT_EQ(recs[11].seq, 72u);
  EXPECT_EQ(recs[15].seq, 76u);
  EXPECT_EQ(captured.lines("warning").size(), 1u);
}

TEST_F(process_log_file_test, degraded_mark_is_published_when_the_write_fails) {
  test::disk.room = 0;
  test::disk.err = EIO;
  auto before = rec.snaps.size();
  burst(0, 1);
  ASSERT_GT(rec.snaps.size(), before) << "a failed write publishes";
  EXPECT_NE(last().log_degraded.find("Input/output error"), std::string::npos)
    << last().log_degraded;
}

TEST_F(process_log_file_test, retries_back_off_to_half_a_second) {
  test::disk.room = 0;
  burst(0, 1);
  auto tried = test::disk.failures;
  // 50, 100, 200, 400, 500, 500 ms: six retries in 1.75 s.
  for (auto step : {50ms, 100ms, 200ms, 400ms, 500ms, 500ms}) {
    advance_time(step - 1ms);
    run();
    EXPECT_EQ(test::disk.failures, tried) << "not yet at " << step.count();
    advance_time(1ms);
    run();
    EXPECT_EQ(test::disk.failures, ++tried) << "retried at " << step.count();
  }
  EXPECT_EQ(captured.lines("warning").size(), 1u);
}

TEST_F(process_log_file_test, exit_record_during_a_full_disk_is_in_the_gap) {
  burst(0, 2);
  test::disk.room = 0;
  exited(1);
  EXPECT_FALSE(last().log_degraded.empty());
  test::disk.room = test::fake_disk::unlimited;
  advance_time(50ms);
  run();
  auto recs = file_records();
  ASSERT_EQ(recs.size(), 3u);
  log_gap gap;
  ASSERT_TRUE(log_format::parse_gap(recs[2].text, gap));
  EXPECT_EQ(gap.first_seq, 3u) << "the exit record";
  EXPECT_EQ(gap.last_seq, 3u);
  EXPECT_EQ(recs[2].seq, 4u);
  EXPECT_EQ(last().log_degraded, "");
}

TEST_F(process_log_file_test, a_quiet_process_holds_no_descriptor_for_its_log) {
  // Thousands of quiet processes held one descriptor each for their log
  // files, a quarter of the daemon's: a usage sample closes a file nothing
  // was written to since the sample before, and the end of a run closes it.
  auto kid = child();
  burst(0, 2);
  EXPECT_EQ(open_on_log(), 1u);
  self->send(aut, atom::usage_v, kid, 0.0, uint64_t{1} << 20);
  run();
  EXPECT_EQ(open_on_log(), 1u) << "written since the last sample";
  self->send(aut, atom::usage_v, kid, 0.0, uint64_t{1} << 20);
  run();
  EXPECT_EQ(open_on_log(), 0u) << "quiet for a whole sample";
  burst(2, 3); // opens it again where it ends
  EXPECT_EQ(open_on_log(), 1u);
  exited(0);
  EXPECT_EQ(open_on_log(), 0u) << "the run is over";
  // The next run's start record opens and closes it: a run that never
  // prints holds nothing.
  ASSERT_TRUE(start(1));
  EXPECT_EQ(open_on_log(), 0u) << "the start record left it closed";
  auto recs = file_records();
  ASSERT_EQ(recs.size(), 7u) << "five lines, the exit, the start";
  for (size_t i = 0; i < recs.size(); ++i)
    EXPECT_EQ(recs[i].seq, i + 1);
  EXPECT_EQ(recs[4].text, "l4");
  EXPECT_EQ(recs[5].stream, log_stream::event);
  EXPECT_EQ(recs[6].stream, log_stream::event);
  EXPECT_EQ(last().log_degraded, "");
}

TEST_F(process_log_file_test, a_quiet_process_gives_back_its_write_buffers) {
  if (test::under_sanitizer)
    GTEST_SKIP() << "the sanitizers replace malloc";
  // A process that printed a burst (a server's banner) and went quiet kept
  // the burst's formatted records (up to 64 KB) and its batch of lines
  // until it printed again; a sample that closes its file gives them back.
  std::vector<std::string> xs;
  for (size_t i = 0; i < 150; ++i)
    xs.push_back(std::string(300, 'a' + static_cast<char>(i % 26)));
  output(std::move(xs));
  self->send(aut, atom::usage_v, child(), 0.0, uint64_t{1} << 20);
  run();
  ASSERT_EQ(open_on_log(), 1u) << "written since the last sample";
  auto before = ::mallinfo2().uordblks;
  self->send(aut, atom::usage_v, child(), 0.0, uint64_t{1} << 20);
  run();
  ASSERT_EQ(open_on_log(), 0u) << "quiet for a whole sample";
  auto after = ::mallinfo2().uordblks;
  ASSERT_LT(after, before);
  RecordProperty("bytes_given_back", std::to_string(before - after));
  EXPECT_GE(before - after, 150u * 300) << "the formatted records at least";
}

} // namespace
} // namespace hummel
