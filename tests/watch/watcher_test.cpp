// The watcher on real inotify in a temporary folder (short debounces; the
// waits are bounded and only as long as a test needs).

#include "watch/watcher.hpp"

#include "tests/logs/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <condition_variable>
#include <fstream>
#include <mutex>

using namespace hummel::watch;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

/// Records what the watcher reports.
class recorder : public watch_sink {
public:
  void changed(const std::string& name, const std::string& reason) override {
    std::lock_guard<std::mutex> guard{mtx_};
    changes.push_back(name + ": " + reason);
    cv_.notify_all();
  }

  void failed(const std::string& name, const std::string& why) override {
    std::lock_guard<std::mutex> guard{mtx_};
    failures.push_back(name + ": " + why);
    cv_.notify_all();
  }

  /// Waits until `n` changes are recorded (at most `timeout`); a copy.
  std::vector<std::string>
  wait_changes(size_t n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock<std::mutex> lock{mtx_};
    cv_.wait_for(lock, timeout, [&] { return changes.size() >= n; });
    return changes;
  }

  std::vector<std::string> wait_failures(size_t n) {
    std::unique_lock<std::mutex> lock{mtx_};
    cv_.wait_for(lock, 5s, [&] { return failures.size() >= n; });
    return failures;
  }

private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<std::string> changes;
  std::vector<std::string> failures;
};

void write(const fs::path& p, const std::string& text = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream{p} << text;
}

class watcher_test : public ::testing::Test {
protected:
  watcher_test() {
    fs::create_directories(dir.path() / "src");
    write(dir.path() / "src/app.ts");
    write(dir.path() / "package.json", "{}");
    fs::create_directories(dir.path() / "node_modules/lib");
  }

  watch_spec spec(std::vector<std::string> patterns,
                  std::vector<std::string> ignore = {}) {
    return {"web", dir.path(), std::move(patterns), std::move(ignore), 30ms};
  }

  /// Configures and waits until the watches are in place.
  void watch(watcher& w, std::vector<watch_spec> specs) {
    w.configure(std::move(specs));
    for (int i = 0; i < 500 && w.watch_count() == 0; ++i)
      std::this_thread::sleep_for(2ms);
    ASSERT_GT(w.watch_count(), 0u);
  }

  hummel::test::temp_dir dir;
  recorder sink;
};

} // namespace

TEST_F(watcher_test, a_changed_watched_file_is_reported_relative_to_the_cwd) {
  watcher w{sink};
  watch(w, {spec({"src/**/*.ts", "package.json"})});
  write(dir.path() / "src/app.ts", "changed");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "web: file changed: src/app.ts");
}

TEST_F(watcher_test, only_folders_that_can_hold_matches_are_watched) {
  watcher w{sink};
  fs::create_directories(dir.path() / "docs/a/b");
  watch(w, {spec({"src/**/*.ts"})});
  // The cwd and src/; not docs/, docs/a, docs/a/b or node_modules/.
  EXPECT_EQ(w.watch_count(), 2u);
}

TEST_F(watcher_test, unmatched_and_ignored_files_are_not_reported) {
  watcher w{sink};
  watch(w, {spec({"**/*.js", "src/**/*.ts"}, {"*.tmp"})});
  write(dir.path() / "node_modules/lib/index.js");
  write(dir.path() / "src/notes.md");
  write(dir.path() / "src/x.tmp");
  write(dir.path() / ".git/HEAD.js");
  // A marker after them: once it is reported, the others would have been.
  write(dir.path() / "src/marker.ts");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "web: file changed: src/marker.ts");
}

TEST_F(watcher_test, a_folder_created_after_the_start_is_watched) {
  watcher w{sink};
  watch(w, {spec({"src/**/*.ts"})});
  // Created and written at once: the file may exist before the watch.
  write(dir.path() / "src/new/deeper/a.ts");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "web: file changed: src/new/deeper/a.ts");
  // Later writes in the new folder are seen through its own watch.
  write(dir.path() / "src/new/deeper/b.ts");
  changes = sink.wait_changes(2);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1], "web: file changed: src/new/deeper/b.ts");
}

TEST_F(watcher_test, several_files_in_one_window_name_the_first_and_count) {
  watcher w{sink};
  auto s = spec({"src/**/*.ts"});
  s.debounce = 200ms;
  watch(w, {s});
  write(dir.path() / "src/app.ts", "1");
  write(dir.path() / "src/b.ts");
  write(dir.path() / "src/c.ts");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "web: file changed: src/app.ts (+2 more)");
}

TEST_F(watcher_test, each_process_hears_only_its_own_globs) {
  watcher w{sink};
  auto api = spec({"package.json"});
  api.name = "api";
  watch(w, {spec({"src/**/*.ts"}), api});
  write(dir.path() / "package.json", "{\"a\":1}");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "api: file changed: package.json");
}

TEST_F(watcher_test, the_watch_limit_is_reported_with_the_way_to_raise_it) {
  // Stands in for a kernel with room for two watches.
  int left = 2;
  add_watch_fn limited = [&left](int, const std::string&, uint32_t) {
    if (left == 0) {
      errno = ENOSPC;
      return -1;
    }
    return left--;
  };
  fs::create_directories(dir.path() / "src/a/b");
  watcher w{sink, limited};
  w.configure({spec({"src/**/*.ts"})});
  auto failures = sink.wait_failures(1);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("web: cannot watch "), std::string::npos);
  EXPECT_NE(failures[0].find("/proc/sys/fs/inotify/max_user_watches"),
            std::string::npos);
  EXPECT_NE(failures[0].find("sysctl fs.inotify.max_user_watches="),
            std::string::npos);
}

TEST_F(watcher_test, an_invalid_pattern_is_reported_not_ignored) {
  watcher w{sink};
  w.configure({spec({"../outside/*.ts"})});
  auto failures = sink.wait_failures(1);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("must not leave"), std::string::npos);
}

TEST_F(watcher_test, reconfiguring_replaces_what_is_watched) {
  watcher w{sink};
  watch(w, {spec({"src/**/*.ts"})});
  auto other = spec({"package.json"});
  other.name = "api";
  w.configure({other});
  for (int i = 0; i < 500 && w.watch_count() != 1; ++i)
    std::this_thread::sleep_for(2ms);
  write(dir.path() / "src/app.ts", "changed");
  write(dir.path() / "package.json", "{\"b\":2}");
  auto changes = sink.wait_changes(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0], "api: file changed: package.json");
}
