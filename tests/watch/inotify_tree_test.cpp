// inotify_tree on real inotify in a temporary folder.

#include "watch/inotify_tree.hpp"

#include "tests/logs/temp_dir.hpp"

#include <gtest/gtest.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

using namespace hummel::watch;
namespace fs = std::filesystem;

namespace {

bool always(const fs::path&) {
  return true;
}

/// Events readable within `ms` milliseconds (all that are queued).
std::vector<fs_event> events_of(inotify_tree& tree, int ms = 2000) {
  pollfd p{tree.fd(), POLLIN, 0};
  ::poll(&p, 1, ms);
  return tree.read_events();
}

/// The kernel's queue length (events beyond it are dropped).
long max_queued_events() {
  std::ifstream in{"/proc/sys/fs/inotify/max_queued_events"};
  long n = 16384;
  in >> n;
  return n;
}

} // namespace

TEST(inotify_tree, a_new_folder_is_reported_as_one) {
  hummel::test::temp_dir dir;
  inotify_tree tree;
  ASSERT_EQ(tree.init_error(), "");
  ASSERT_FALSE(tree.add_tree(dir.path(), always));
  fs::create_directory(dir.path() / "sub");
  auto evs = events_of(tree);
  ASSERT_FALSE(evs.empty());
  EXPECT_EQ(evs[0].path, dir.path() / "sub");
  EXPECT_TRUE(evs[0].is_dir);
  EXPECT_TRUE(evs[0].new_dir);
}

TEST(inotify_tree, files_of_the_folders_walked_are_listed_and_links_skipped) {
  hummel::test::temp_dir dir;
  fs::create_directories(dir.path() / "a/b");
  std::ofstream{dir.path() / "a/b/x.ts"} << "x";
  fs::create_directory_symlink(dir.path() / "a", dir.path() / "loop");
  inotify_tree tree;
  std::vector<fs::path> found;
  ASSERT_FALSE(tree.add_tree(dir.path(), always, &found));
  EXPECT_EQ(tree.watch_count(), 3u); // root, a, a/b; not the link
  EXPECT_NE(std::find(found.begin(), found.end(), dir.path() / "a/b/x.ts"),
            found.end());
}

TEST(inotify_tree, a_folder_moved_away_loses_its_watches) {
  hummel::test::temp_dir dir;
  fs::create_directories(dir.path() / "gone/deeper");
  inotify_tree tree;
  ASSERT_FALSE(tree.add_tree(dir.path(), always));
  ASSERT_EQ(tree.watch_count(), 3u);
  fs::rename(dir.path() / "gone", dir.path() / "moved");
  events_of(tree);
  EXPECT_EQ(tree.watch_count(), 1u);
}

TEST(inotify_tree, a_full_event_queue_reports_an_overflow) {
  hummel::test::temp_dir dir;
  std::ofstream{dir.path() / "a"} << "a";
  std::ofstream{dir.path() / "b"} << "b";
  inotify_tree tree;
  ASSERT_FALSE(tree.add_tree(dir.path(), always));
  // Alternating names: the kernel merges only identical consecutive events.
  auto n = max_queued_events() + 100;
  for (long i = 0; i < n; ++i)
    fs::last_write_time(dir.path() / (i % 2 == 0 ? "a" : "b"),
                        fs::file_time_type::clock::now());
  auto evs = events_of(tree);
  bool overflow = std::any_of(evs.begin(), evs.end(),
                              [](const fs_event& e) { return e.overflow; });
  EXPECT_TRUE(overflow) << evs.size() << " events";
}

TEST(inotify_tree, the_watch_limit_message_says_how_to_raise_it) {
  auto text = watch_error_text("/p/src", ENOSPC);
  EXPECT_NE(text.find("cannot watch /p/src"), std::string::npos);
  EXPECT_NE(text.find("/proc/sys/fs/inotify/max_user_watches = "),
            std::string::npos);
  EXPECT_NE(text.find("sudo sysctl fs.inotify.max_user_watches=524288"),
            std::string::npos);
  EXPECT_NE(text.find("/etc/sysctl.d/"), std::string::npos);
  EXPECT_NE(init_error_text(EMFILE).find("max_user_instances"),
            std::string::npos);
}
