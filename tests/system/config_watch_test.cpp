// config_watch (main/daemon/config_watch.hpp) on a real folder: a burst of
// writes is one reload after the debounce, a save through a temporary file
// and a rename counts, other files in the folder do not, and a file written
// and kept open (a log) does not wake the watcher at every write.

#include "main/daemon/config_watch.hpp"

#include "tests/support/binaries.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

namespace {

using namespace std::chrono_literals;
using bin_test::temp_dir;
using bin_test::wait_for;

struct calls {
  std::mutex mtx;
  std::vector<std::string> files;
  std::vector<hummel::reload_cause> causes;

  /// The watcher's callback: records each reload.
  auto recorder() {
    return [this](hummel::reload_cause cause, const std::string& what) {
      std::lock_guard<std::mutex> guard{mtx};
      causes.push_back(cause);
      files.push_back(what);
    };
  }

  size_t size() {
    std::lock_guard<std::mutex> guard{mtx};
    return files.size();
  }
};

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out{p};
  out << text;
}

/// A process logging: up to `n` lines into `log`, each flushed, 2 ms
/// apart (the watcher sees each write apart), until `stop` is set.
void log_lines(std::ostream& log, int n, const std::atomic<bool>& stop) {
  for (int i = 0; i < n && !stop; ++i) {
    log << "line " << i << '\n' << std::flush;
    std::this_thread::sleep_for(2ms);
  }
}

/// A shell script logging with `echo line >> log`: the file opened,
/// appended to and closed for every line, as log_lines otherwise.
void append_lines(const std::filesystem::path& log, int n,
                  const std::atomic<bool>& stop) {
  for (int i = 0; i < n && !stop; ++i) {
    std::ofstream{log, std::ios::app} << "line " << i << '\n';
    std::this_thread::sleep_for(2ms);
  }
}

TEST(config_watch, a_burst_of_writes_is_one_reload_after_the_debounce) {
  temp_dir dir;
  auto toml = dir.path / "hummel.toml";
  write(toml, "");
  calls got;
  hummel::config_watch watch{{toml, dir.path / "package.json"}, got.recorder()};
  for (int i = 0; i < 100; ++i)
    write(toml, "# " + std::to_string(i) + "\n");
  ASSERT_TRUE(wait_for([&] { return got.size() >= 1; }, 5s));
  std::this_thread::sleep_for(200ms); // well past the 50 ms debounce
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.files[0], "hummel.toml");
  EXPECT_EQ(got.causes[0], hummel::reload_cause::file);
}

TEST(config_watch, a_rename_over_the_file_counts_and_other_files_do_not) {
  temp_dir dir;
  auto json = dir.path / "package.json";
  calls got;
  hummel::config_watch watch{{dir.path / "hummel.toml", json}, got.recorder()};
  write(dir.path / "notes.txt", "x");
  write(dir.path / ".package.json.swp", "{}");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(got.size(), 0u) << "other files are not watched";
  std::filesystem::rename(dir.path / ".package.json.swp", json);
  ASSERT_TRUE(wait_for([&] { return got.size() >= 1; }, 5s));
  EXPECT_EQ(got.files[0], "package.json");
}

/// A project's folder with an empty hummel.toml, watched.
class config_watch_folder : public ::testing::Test {
protected:
  static std::filesystem::path empty_file(std::filesystem::path p) {
    write(p, "");
    return p;
  }

  /// Whether hummel.toml, changed while `load(stop)` runs on a thread of
  /// its own, is reloaded within 2 s.
  template <class Load>
  bool reloads_during(Load load) {
    std::atomic<bool> stop{false};
    std::thread loader{[&] { load(stop); }};
    std::this_thread::sleep_for(50ms);
    write(toml, "# changed\n");
    bool reloaded = wait_for([&] { return got.size() >= 1; }, 2s);
    stop = true;
    loader.join();
    return reloaded;
  }

  temp_dir dir;
  std::filesystem::path toml = empty_file(dir.path / "hummel.toml");
  calls got;
  hummel::config_watch watch{{toml}, got.recorder()};
};

TEST_F(config_watch_folder, a_log_written_in_it_does_not_wake_it_per_write) {
  {
    // A process logging into the project's folder, the file kept open.
    std::ofstream log{dir.path / "app.log"};
    log_lines(log, 50, std::atomic<bool>{false});
    std::this_thread::sleep_for(100ms);
    EXPECT_LE(watch.inotify_wakeups(), 1u) << "woken by the log's writes";
    // The configuration written and not yet closed: no reload yet.
    std::ofstream half{toml};
    half << "# half" << std::flush;
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(got.size(), 0u) << "a reload of a file still being written";
  }
  ASSERT_TRUE(wait_for([&] { return got.size() >= 1; }, 5s));
  EXPECT_EQ(got.files[0], "hummel.toml");
}

TEST_F(config_watch_folder, a_log_written_in_it_does_not_hold_back_a_reload) {
  // Before, every write of any file in the folder restarted the debounce:
  // a process logging there more often than every 50 ms held every reload
  // back for as long as it logged.
  EXPECT_TRUE(reloads_during([&](const std::atomic<bool>& stop) {
    std::ofstream log{dir.path / "app.log"};
    log_lines(log, 2000, stop); // at most about 4 s
  }))
    << "no reload while app.log was being written";
}

TEST_F(config_watch_folder,
       a_file_closed_in_it_again_and_again_holds_no_reload) {
  // Each close of another file in the folder woke the watcher and
  // restarted the debounce: `echo line >> app.log` more often than every
  // 50 ms held every reload back. The deadline now moves only with the
  // watched files.
  EXPECT_TRUE(reloads_during([&](const std::atomic<bool>& stop) {
    append_lines(dir.path / "app.log", 2000, stop);
  }))
    << "no reload while app.log was appended to";
}

} // namespace
