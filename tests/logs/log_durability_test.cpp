// A full disk (or EIO) under the log file: checked writes, no partial
// record continued, readers that skip torn and merged records, the gap
// marker, and log_writer's degrade/retry/resume cycle. Failures come
// through log_file's write seam (there is no /dev/full here), which plays
// a disk with `room` bytes left: a short write, then ENOSPC.

#include "logs/log_file.hpp"
#include "logs/log_format.hpp"
#include "logs/log_writer.hpp"
#include "tests/logs/temp_dir.hpp"
#include "tests/support/fake_disk.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using hummel::log_file;
using hummel::log_gap;
using hummel::log_line;
using hummel::log_stream;
using hummel::log_writer;
using hummel::test::disk;
using hummel::test::disk_write;
using hummel::test::fake_disk;
namespace log_format = hummel::log_format;
namespace fs = std::filesystem;

namespace {

log_line make_line(uint64_t seq, std::string text = "line") {
  log_line line;
  line.seq = seq;
  line.time_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  line.stream = log_stream::out;
  line.run_id = 1;
  line.text = std::move(text) + " " + std::to_string(seq);
  return line;
}

std::vector<log_line> batch(uint64_t first, uint64_t last) {
  std::vector<log_line> out;
  for (auto i = first; i <= last; ++i)
    out.push_back(make_line(i));
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& data) {
  std::ofstream out{p, std::ios::binary};
  out << data;
}

/// Every line of the file parses as one record (no torn or merged one) and
/// the file ends with a newline; returns the seqs.
std::vector<uint64_t> well_formed_seqs(const fs::path& p) {
  auto data = slurp(p);
  EXPECT_TRUE(data.empty() || data.back() == '\n') << data;
  std::vector<uint64_t> out;
  std::istringstream in{data};
  std::string rec;
  while (std::getline(in, rec)) {
    log_line line;
    EXPECT_TRUE(log_format::parse_record(rec, line)) << "malformed: " << rec;
    EXPECT_FALSE(log_format::looks_merged(line)) << "merged: " << rec;
    out.push_back(line.seq);
  }
  return out;
}

std::vector<uint64_t> range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> out;
  for (auto i = first; i <= last; ++i)
    out.push_back(i);
  return out;
}

class log_durability_test : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(dir.path().empty());
    disk = fake_disk{};
  }

  hummel::test::temp_dir dir;
  fs::path path = dir.path() / "logs" / "web.log";
};

} // namespace

TEST_F(log_durability_test,
       a_short_write_keeps_whole_records_and_cuts_the_rest) {
  log_file f{path};
  f.set_write_fn(disk_write);
  ASSERT_TRUE(f.append(batch(1, 2)));
  auto record = std::string{};
  log_format::append_record(record, make_line(3));
  // Room for one and a half records: a short write, then ENOSPC.
  disk.room = record.size() + record.size() / 2;
  EXPECT_FALSE(f.append(batch(3, 10)));
  EXPECT_EQ(f.written(), 1u);
  EXPECT_EQ(f.last_errno(), ENOSPC);
  EXPECT_NE(f.last_error().find("No space left on device"), std::string::npos)
    << f.last_error();
  // The half record was cut: the file ends after record 3.
  EXPECT_EQ(well_formed_seqs(path), range(1, 3));
  EXPECT_EQ(f.size(), fs::file_size(path));
  disk.room = fake_disk::unlimited;
  ASSERT_TRUE(f.append(batch(11, 12)));
  EXPECT_EQ(well_formed_seqs(path), (std::vector<uint64_t>{1, 2, 3, 11, 12}));
}

TEST_F(log_durability_test, an_eio_write_fails_the_same_way) {
  log_file f{path};
  f.set_write_fn(disk_write);
  disk.room = 0;
  disk.err = EIO;
  EXPECT_FALSE(f.append(batch(1, 3)));
  EXPECT_EQ(f.written(), 0u);
  EXPECT_EQ(f.last_errno(), EIO);
  EXPECT_NE(f.last_error().find("write"), std::string::npos);
  EXPECT_TRUE(well_formed_seqs(path).empty());
}

TEST_F(log_durability_test,
       a_file_cut_mid_record_is_continued_on_a_fresh_line) {
  // The finding: a 16-byte partial record, then the next record appended
  // to it, read back as one record with six fields.
  fs::create_directories(path.parent_path());
  spit(path, "1\t1700000000001\to\t1\tline 1\n"
             "2\t1700000000002\to\t");
  log_file f{path};
  ASSERT_TRUE(f.append(batch(3, 4)));
  EXPECT_EQ(slurp(path), "1\t1700000000001\to\t1\tline 1\n"
                         "2\t1700000000002\to\t\n"
                         "3\t1700000000003\to\t1\tline 3\n"
                         "4\t1700000000004\to\t1\tline 4\n");
  auto lines = log_file::read_tail(path, 10);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].seq, 1u);
  EXPECT_EQ(lines[1], make_line(3));
  EXPECT_EQ(lines[2], make_line(4));
}

TEST_F(log_durability_test, readers_skip_two_records_run_together) {
  fs::create_directories(path.parent_path());
  // Cut after the stream field (the six-field case), and cut in the text.
  spit(path, "1\t1700000000001\to\t1\tline 1\n"
             "2\t1700000000002\to\t3\t1700000000003\to\t1\tline 3\n"
             "4\t1700000000004\to\t1\tpart5\t1700000000005\te\t1\tline 5\n"
             "6\t1700000000006\to\t1\tline 6\n");
  std::vector<uint64_t> seen;
  for (const auto& l : log_file::read_tail(path, 10))
    seen.push_back(l.seq);
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 6}));
}

TEST_F(log_durability_test, ordinary_tabs_in_text_are_not_taken_for_a_merge) {
  for (const char* text : {"a\tb", "x\to\ty", "12\to\tz", "name\t3\to\t4",
                           "\to\t1\t", "1\to\t", "7\te\tx\t"}) {
    log_line line = make_line(1);
    line.text = text;
    EXPECT_FALSE(log_format::looks_merged(line)) << text;
  }
  log_line merged = make_line(1);
  merged.text = "1700000000003\to\t1\tline 3";
  EXPECT_TRUE(log_format::looks_merged(merged));
}

TEST_F(log_durability_test, gap_marker_text_round_trips) {
  log_gap gap{1001, 41758, 40758, "No space left on device"};
  auto text = log_format::gap_text(gap);
  EXPECT_EQ(text, "\u2014 40,758 lines lost (seq 1001\u201341758): No space "
                  "left on device \u2014");
  log_gap back;
  ASSERT_TRUE(log_format::parse_gap(text, back));
  EXPECT_EQ(back.first_seq, 1001u);
  EXPECT_EQ(back.last_seq, 41758u);
  EXPECT_EQ(back.lost, 40758u);
  EXPECT_EQ(back.reason, "No space left on device");
  log_line line = make_line(41759);
  line.text = text;
  EXPECT_FALSE(log_format::is_gap_marker(line)); // stdout: printed by a process
  line.stream = log_stream::event;
  EXPECT_TRUE(log_format::is_gap_marker(line));
  EXPECT_FALSE(log_format::parse_gap("\u2014 3 lines lost", back));
}

TEST_F(log_durability_test, writer_degrades_once_records_the_gap_and_resumes) {
  auto file = std::make_unique<log_file>(path);
  file->set_write_fn(disk_write);
  log_writer w{std::move(file)};
  EXPECT_EQ(w.append(batch(1, 100)), log_writer::outcome::written);
  // The disk fills in the middle of a batch.
  std::string some;
  for (const auto& l : batch(101, 140))
    log_format::append_record(some, l);
  disk.room = some.size() + 5; // records 101..140 whole, 141 cut
  EXPECT_EQ(w.append(batch(101, 200)), log_writer::outcome::failed);
  EXPECT_TRUE(w.degraded());
  EXPECT_EQ(w.error_number(), ENOSPC);
  EXPECT_NE(w.reason().find("web.log"), std::string::npos) << w.reason();
  // Further batches are not tried: counted as lost.
  auto failures = disk.failures;
  EXPECT_EQ(w.append(batch(201, 300)), log_writer::outcome::skipped);
  EXPECT_EQ(disk.failures, failures);
  // A retry while the disk is still full fails and backs off.
  EXPECT_EQ(w.retry_delay(), log_writer::first_retry_delay);
  EXPECT_FALSE(w.retry(w.marker(301, 1, 1)));
  EXPECT_EQ(w.retry_delay(), 2 * log_writer::first_retry_delay);
  EXPECT_EQ(w.append(batch(301, 310)), log_writer::outcome::skipped);
  // Space returns: the next retry writes the marker, with the exact range.
  disk.room = fake_disk::unlimited;
  auto marker = w.marker(311, 1'700'000'000'311, 1);
  EXPECT_EQ(marker.stream, log_stream::event);
  ASSERT_TRUE(w.retry(marker));
  EXPECT_FALSE(w.degraded());
  EXPECT_EQ(w.reason(), "");
  EXPECT_EQ(w.append(batch(312, 320)), log_writer::outcome::written);
  auto seqs = well_formed_seqs(path);
  auto expected = range(1, 140);
  expected.push_back(311);
  for (auto s : range(312, 320))
    expected.push_back(s);
  EXPECT_EQ(seqs, expected);
  auto tail = log_file::read_tail(path, 10);
  log_gap gap;
  ASSERT_TRUE(log_format::parse_gap(tail[0].text, gap)) << tail[0].text;
  EXPECT_EQ(tail[0].seq, 311u);
  EXPECT_EQ(gap.first_seq, 141u);
  EXPECT_EQ(gap.last_seq, 310u);
  EXPECT_EQ(gap.lost, 170u);
  EXPECT_EQ(gap.reason, std::strerror(ENOSPC));
}

TEST_F(log_durability_test, retry_delay_doubles_up_to_half_a_second) {
  auto file = std::make_unique<log_file>(path);
  file->set_write_fn(disk_write);
  log_writer w{std::move(file)};
  disk.room = 0;
  EXPECT_EQ(w.append(batch(1, 1)), log_writer::outcome::failed);
  std::vector<long> delays;
  for (int i = 0; i < 6; ++i) {
    delays.push_back(static_cast<long>(w.retry_delay().count()));
    EXPECT_FALSE(w.retry(w.marker(2, 1, 1)));
  }
  EXPECT_EQ(delays, (std::vector<long>{50, 100, 200, 400, 500, 500}));
  EXPECT_TRUE(well_formed_seqs(path).empty());
}
