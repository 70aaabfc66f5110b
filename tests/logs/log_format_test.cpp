// log_format's record: written in one piece (log_format.cpp), it reads
// back as it was, numbers at the limits of their types included, and stays
// one line whatever the text holds.

#include "logs/log_format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace hummel {
namespace {

log_line read_back(const std::string& record) {
  EXPECT_FALSE(record.empty());
  EXPECT_EQ(record.back(), '\n');
  EXPECT_EQ(record.find('\n'), record.size() - 1) << record;
  log_line out;
  EXPECT_TRUE(log_format::parse_record(
    std::string_view{record}.substr(0, record.size() - 1), out))
    << record;
  return out;
}

TEST(log_format, a_record_reads_back_at_the_limits_of_its_numbers) {
  const log_line lines[] = {
    {1, 1'765'100'000'000, log_stream::out, 1, "line 0000001"},
    {std::numeric_limits<uint64_t>::max(), std::numeric_limits<int64_t>::max(),
     log_stream::err, std::numeric_limits<uint32_t>::max(), "x"},
    {0, std::numeric_limits<int64_t>::min(), log_stream::event, 0, ""},
    {42, -1, log_stream::out, 7, "tab\there"},
  };
  for (const auto& line : lines) {
    std::string record = "before";
    log_format::append_record(record, line);
    ASSERT_EQ(record.rfind("before", 0), 0u);
    auto back = read_back(record.substr(6));
    EXPECT_EQ(back.seq, line.seq);
    EXPECT_EQ(back.time_ms, line.time_ms);
    EXPECT_EQ(back.stream, line.stream);
    EXPECT_EQ(back.run_id, line.run_id);
    EXPECT_EQ(back.text, line.text);
  }
  std::string record;
  log_format::append_record(record, lines[0]);
  EXPECT_EQ(record, "1\t1765100000000\to\t1\tline 0000001\n");
}

TEST(log_format, a_cached_time_writes_the_same_bytes) {
  // A log file carries the last time's digits from record to record; the
  // time changes, goes back, shrinks to one digit and turns negative.
  const int64_t times[] = {1'765'100'000'000,
                           1'765'100'000'000,
                           1'765'100'000'001,
                           5,
                           5,
                           -12,
                           1'765'100'000'000,
                           std::numeric_limits<int64_t>::min()};
  log_format::record_cache cache;
  uint64_t seq = 1;
  for (auto t : times) {
    log_line line{seq++, t, log_stream::out, 3, "same"};
    std::string cached;
    std::string fresh;
    log_format::append_record(cached, line, cache);
    log_format::append_record(fresh, line);
    EXPECT_EQ(cached, fresh) << t;
  }
}

TEST(log_format, line_breaks_in_the_text_become_spaces) {
  std::string record = "kept\r\n";
  log_format::append_record(record,
                            {9, 5, log_stream::err, 2, "a\r\nb\nc\rd\n"});
  EXPECT_EQ(record, "kept\r\n9\t5\te\t2\ta  b c d \n");
}

} // namespace
} // namespace hummel
