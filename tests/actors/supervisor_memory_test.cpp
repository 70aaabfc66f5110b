// What a configured process that runs and never prints (a `sleep`) costs
// the daemon's heap: its PROCESS actor shares its definition with the
// configuration, its log ring starts small, its log file keeps its path as
// text, and its error detection waits for a first line. Measured as glibc's
// bytes in use (mallinfo2) around the start of 400 such processes, log
// files on; sanitizer builds replace malloc and skip.

#include "actors/status_cache.hpp"
#include "actors/supervisor.hpp"
#include "tests/logs/temp_dir.hpp"
#include "tests/support/build_kind.hpp"
#include "tests/support/deterministic_fixture.hpp"
#include "tests/support/fake_launcher.hpp"

#include <malloc.h>

namespace hummel {
namespace {

class supervisor_memory_test : public test::deterministic_fixture {
protected:
  supervisor_memory_test() {
    ctx.launch = &launcher;
    ctx.marker_prefix = "test/";
    ctx.log_dir = dir.path() / "state" / "project-0123abcd" / "logs";
  }

  ~supervisor_memory_test() override {
    if (aut)
      self->send_exit(aut, caf::exit_reason::user_shutdown);
    if (cache)
      self->send_exit(cache, caf::exit_reason::user_shutdown);
    run();
  }

  test::temp_dir dir;
  test::fake_launcher launcher;
  process_context ctx;
  view_cell<status_view> cell{make_empty_view("node")};
  status_cache_actor cache;
  supervisor_actor aut;
};

TEST_F(supervisor_memory_test, a_quiet_running_process_takes_under_5_kb) {
  if (test::under_sanitizer)
    GTEST_SKIP() << "the sanitizers replace malloc";
  // Before: 8.5 KB each (a copy of the definition with its path's
  // components, 16 ring entries and 256 bytes of text, the log path's
  // components, the error detection).
  constexpr size_t n = 400;
  auto config = std::make_shared<project_config>();
  for (size_t i = 0; i < n; ++i) {
    auto& def = config->processes.emplace_back();
    def.name = "sleeper-" + std::to_string(i);
    def.argv = {"/usr/bin/sleep", "300"};
    def.cwd = dir.path() / "project" / "services" / "sleepers";
    def.autostart = true;
    def.source_file = (dir.path() / "project" / "hummel.toml").string();
  }
  auto before = ::mallinfo2().uordblks;
  cache = sys.spawn(status_cache, &cell, "node");
  aut = sys.spawn(supervisor, std::shared_ptr<const project_config>{config},
                  &ctx, cache);
  run();
  ASSERT_TRUE(request<bool>(aut, atom::boot_v));
  auto view = cell.read();
  size_t running = 0;
  view->processes.for_each([&](const snapshot_ptr& x) {
    running += x->status == process_status::running ? 1 : 0;
  });
  ASSERT_EQ(running, n);
  // The fake's own record of each start is not the daemon's.
  ASSERT_EQ(launcher.spawns.size(), n);
  launcher.spawns = {};
  launcher.owners.clear();
  auto per_process = (::mallinfo2().uordblks - before) / n;
  RecordProperty("heap_bytes_per_process", std::to_string(per_process));
  EXPECT_LE(per_process, 5120u);
}

} // namespace
} // namespace hummel
