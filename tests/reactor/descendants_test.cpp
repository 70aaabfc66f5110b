// scan_descendants (reactor/proc.hpp): the daemon's tree read through the
// children files must hold what a scan of all of /proc finds below it,
// orphans re-parented to the subreaper included.
#include "reactor/proc.hpp"
#include "reactor/tree.hpp"
#include "tests/reactor/reactor_test_support.hpp"

#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <set>

extern char** environ;

using namespace std::chrono_literals;
using namespace hummel::reactor;
using namespace hummel::reactor::test;

namespace {

/// Live descendants of this process by a scan of all of /proc.
std::set<int> by_full_scan() {
  auto table = detail::build_table(detail::scan_procs(), 0, {});
  std::set<int> result;
  for (auto& st : detail::with_descendants(table, {::getpid()}, {}))
    if (st.pid != ::getpid())
      result.insert(st.pid);
  return result;
}

/// Live descendants by the walk; empty when it saw the tree change (while
/// the test's tree forms, its subshell exits: the walk then says so).
std::set<int> by_walk() {
  std::set<int> result;
  auto procs = detail::scan_descendants(::getpid());
  if (procs)
    for (auto& st : *procs)
      if (!st.dead())
        result.insert(st.pid);
  return result;
}

} // namespace

TEST(scan_descendants, finds_what_the_full_scan_finds_below_the_subreaper) {
  // As the daemon: orphans of the tree re-parent to this process.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  auto before = by_full_scan();
  // sh → sleep (child), a subshell whose own child is orphaned when the
  // subshell exits (re-parented here), a grandchild in its own session,
  // and a multi-threaded child would list its children per thread: sh
  // waits on the last sleep in the foreground.
  const char* script = "sleep 30 & (sleep 31 &) ; setsid sleep 32 & "
                       "sh -c 'sleep 33 & wait' & sleep 34";
  const char* argv[] = {"/bin/sh", "-c", script, nullptr};
  pid_t sh = 0;
  ASSERT_EQ(::posix_spawn(&sh, "/bin/sh", nullptr, nullptr,
                          const_cast<char**>(argv), environ),
            0);
  // sh, four sleeps below it or re-parented here, the inner sh and its
  // sleep: 7 processes beyond those there before, once the subshell that
  // left sleep 31 behind has ended. The walk must then find the same.
  std::set<int> full;
  std::set<int> walked;
  EXPECT_TRUE(poll_until(10s,
                         [&] {
                           full = by_full_scan();
                           walked = by_walk();
                           return full.size() == before.size() + 7
                                  && walked == full;
                         }))
    << full.size() << " by the full scan, " << walked.size() << " by the walk";
  // The orphan (sleep 31) is a child of this process now, and found.
  auto procs = detail::scan_descendants(::getpid());
  ASSERT_TRUE(procs.has_value());
  bool orphan_here = false;
  for (auto& st : *procs)
    orphan_here = orphan_here || (st.ppid == ::getpid() && st.pid != sh);
  EXPECT_TRUE(orphan_here);
  // End the tree: everything below this process but what was there.
  for (int pid : full)
    if (!before.contains(pid))
      ::kill(pid, SIGKILL);
  ASSERT_TRUE(poll_until(10s, [&] {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    return by_full_scan().size() <= before.size();
  }));
}

TEST(scan_descendants, a_process_without_children_has_none) {
  auto procs = detail::scan_descendants(1 << 22); // no such process
  ASSERT_TRUE(procs.has_value());
  EXPECT_TRUE(procs->empty());
}
