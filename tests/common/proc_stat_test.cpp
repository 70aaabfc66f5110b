#include "common/proc_stat.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <string>

namespace hummel {
namespace {

TEST(proc_stat, parses_a_command_name_with_spaces_and_parentheses) {
  // proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt
  // cminflt majflt cmajflt utime stime cutime cstime priority nice
  // num_threads itrealvalue starttime vsize rss ...
  std::string text = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 10 0 0 0 "
                     "7 3 2 1 20 0 3 0 987654 1000000 321 18446744073709551615"
                     "\n";
  auto st = parse_proc_stat(text);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->pid, 4242);
  EXPECT_EQ(st->state, 'S');
  EXPECT_EQ(st->ppid, 1);
  EXPECT_EQ(st->pgid, 4242);
  EXPECT_EQ(st->cpu_ticks, 7u + 3u + 2u + 1u);
  EXPECT_EQ(st->start_ticks, 987654u);
  EXPECT_EQ(st->rss_pages, 321u);
  EXPECT_EQ(st->threads, 3u);
  EXPECT_FALSE(st->dead());
}

TEST(proc_stat, refuses_truncated_text) {
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("1 (x"));
  EXPECT_FALSE(parse_proc_stat("1 (x) S 0 1 1 0"));
}

TEST(proc_stat, zombies_are_dead) {
  auto st = parse_proc_stat("9 (z) Z 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 "
                            "0 0");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->dead());
}

TEST(proc_stat, reads_this_process_as_the_kernel_reports_it) {
  auto st = read_proc_stat(getpid());
  ASSERT_TRUE(st);
  EXPECT_EQ(st->pid, getpid());
  EXPECT_EQ(st->ppid, getppid());
  EXPECT_EQ(st->state, 'R');
  EXPECT_GT(st->start_ticks, 0u);
  EXPECT_GT(st->rss_pages, 0u);
  EXPECT_GE(st->threads, 1u);
  // The start time agrees with field 22 as a shell tool would cut it.
  std::ifstream in{"/proc/self/stat"};
  std::string text;
  std::getline(in, text);
  auto rest = text.substr(text.rfind(')') + 2);
  size_t pos = 0;
  for (int field = 3; field < 22; ++field)
    pos = rest.find(' ', pos) + 1;
  EXPECT_EQ(st->start_ticks, std::stoull(rest.substr(pos)));
}

TEST(proc_stat, a_missing_process_is_nullopt) {
  EXPECT_FALSE(read_proc_stat(0));
  EXPECT_FALSE(read_proc_stat(-1));
}

} // namespace
} // namespace hummel
