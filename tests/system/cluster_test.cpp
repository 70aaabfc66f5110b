// System tests of the cluster: real `hummel daemon` and `hummel monitor`
// processes on loopback, each with its own state folder, runtime folder and
// port. Peers are killed (SIGKILL), frozen (SIGSTOP/SIGCONT) and restarted.
// The monitor is asked through the real CLI (`hummel nodes --json`).

#include "tests/system/cluster_support.hpp"

namespace hummel {
namespace {

using namespace cluster_test_support;

TEST_F(cluster_test, killed_and_frozen_peers_go_stale_and_come_back) {
  auto pa = free_port();
  auto pb = free_port();
  auto a_dir = project("a", 3);
  auto b_dir = project("b", 3);
  auto m_dir = project("m", 0);
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto lb = "127.0.0.1:" + std::to_string(pb);
  node_process a{args("daemon", a_dir, "na", {"--cluster-listen", la}),
                 root.path() / "a.out", runtime()};
  node_process b{args("daemon", b_dir, "nb", {"--cluster-listen", lb}),
                 root.path() / "b.out", runtime()};
  node_process m{args("monitor", m_dir, "mon", {"--peer", la, "--peer", lb}),
                 root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  ASSERT_TRUE(wait_state(m_dir, "nb", "linked", 15s)) << m.output();
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "nb", "running") == 3; }, 15s));

  // Killed: the link breaks at once.
  b.stop(SIGKILL);
  auto stale = wait_state(m_dir, "nb", "stale", 5s);
  ASSERT_TRUE(stale) << m.output();
  std::cout << "killed peer stale after " << stale->count() << " ms\n";
  EXPECT_LE(stale->count(), 500 * slack);
  auto seen = node_of(nodes(m_dir), "nb");
  EXPECT_EQ(seen.value("processes", 0), 3) << "last known state kept";
  EXPECT_TRUE(seen.value("last_heard", json()).is_string());
  EXPECT_EQ(node_of(nodes(m_dir), "na").value("state", ""), "linked");

  // Back on the same port: linked again, resynced, nothing duplicated.
  b.start();
  auto back = wait_state(m_dir, "nb", "linked", 10s);
  ASSERT_TRUE(back) << m.output();
  std::cout << "restarted peer linked again after " << back->count() << " ms\n";
  EXPECT_LE(back->count(), 5000 * slack);
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "nb", "running") == 3; }, 10s));
  auto out = cli(m_dir, "ps --all-nodes --json");
  auto all = json::parse(out, nullptr, false);
  ASSERT_TRUE(all.is_object()) << out;
  std::multiset<std::string> names;
  for (const auto& x : all["processes"])
    names.insert(x.value("node", "") + "/" + x.value("name", ""));
  EXPECT_EQ(names, (std::multiset<std::string>{"na/p0", "na/p1", "na/p2",
                                               "nb/p0", "nb/p1", "nb/p2"}));

  // Frozen: only the heartbeats notice.
  kill(b.pid(), SIGSTOP);
  auto frozen = wait_state(m_dir, "nb", "stale", 10s);
  ASSERT_TRUE(frozen) << m.output();
  std::cout << "frozen peer stale after " << frozen->count() << " ms\n";
  EXPECT_LE(frozen->count(), 3000 * slack);
  kill(b.pid(), SIGCONT);
  auto thawed = wait_state(m_dir, "nb", "linked", 10s);
  ASSERT_TRUE(thawed) << m.output();
  std::cout << "thawed peer linked again after " << thawed->count() << " ms\n";
  EXPECT_LE(thawed->count(), 5000 * slack);
  auto text = m.output();
  EXPECT_NE(text.find("cluster: lost nb"), std::string::npos) << text;
  // Orderly stops; a sanitizer report would make the exit code non-zero.
  EXPECT_EQ(m.terminate(), 0) << m.output();
  EXPECT_EQ(b.terminate(), 0) << b.output();
  EXPECT_EQ(a.terminate(), 0) << a.output();
}

TEST_F(cluster_test, plain_links_allow_no_remote_control) {
  auto pa = free_port();
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto a_dir = project("a", 1);
  auto m_dir = project("m", 0);
  node_process a{args("daemon", a_dir, "na", {"--cluster-listen", la}),
                 root.path() / "a.out", runtime()};
  node_process m{args("monitor", m_dir, "mon", {"--peer", la}),
                 root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  auto cmd = "HUMMEL_RUNTIME_DIR=" + runtime().string() + " " + exe()
             + " stop p0 --node na --dir " + m_dir.string() + " 2>&1";
  std::string out;
  int rc = -1;
  if (auto* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
      out.append(buf, n);
    rc = pclose(p);
  }
  EXPECT_NE(rc, 0);
  EXPECT_NE(out.find("authenticated (TLS)"), std::string::npos) << out;
  EXPECT_EQ(count_of(m_dir, "na", "running"), 1);
}

TEST_F(cluster_test, a_plain_listener_beyond_loopback_is_refused) {
  auto a_dir = project("a", 1);
  node_process a{
    args("daemon", a_dir, "na", {"--cluster-listen", "0.0.0.0:4799"}),
    root.path() / "a.out", runtime()};
  EXPECT_EQ(a.wait_exit(10s), 2);
  EXPECT_NE(a.output().find("not loopback"), std::string::npos) << a.output();
}

} // namespace
} // namespace hummel
