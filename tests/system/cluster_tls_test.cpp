// System tests of cluster TLS: certificates made with the openssl command at
// test time; strangers are refused (and logged once), good links survive,
// plain links get no remote control.

#include "tests/system/cluster_support.hpp"

namespace hummel {
namespace {

using namespace cluster_test_support;

TEST_F(cluster_test, tls_refuses_strangers_once_and_keeps_good_links) {
  pki certs{root.path() / "pki"};
  ASSERT_TRUE(certs.ca("ca") && certs.ca("other-ca"));
  ASSERT_TRUE(certs.node("na", "ca") && certs.node("mon", "ca")
              && certs.node("rogue", "other-ca"));
  auto pa = free_port();
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto a_dir = project("a", 2);
  auto m_dir = project("m", 0);
  auto r_dir = project("r", 0);
  auto p_dir = project("p", 0);
  node_process a{args("daemon", a_dir, "na",
                      std::vector<std::string>{"--cluster-listen", la,
                                               "--allow-remote-control"}
                        + certs.flags("na", "ca")),
                 root.path() / "a.out", runtime()};
  node_process m{
    args("monitor", m_dir, "mon",
         std::vector<std::string>{"--peer", la} + certs.flags("mon", "ca")),
    root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  auto linked = node_of(nodes(m_dir), "na");
  EXPECT_TRUE(linked.value("tls", false));
  EXPECT_TRUE(linked.value("remote_control", false));

  // A certificate from another CA, and no TLS at all.
  node_process rogue{args("monitor", r_dir, "rogue",
                          std::vector<std::string>{"--peer", la}
                            + certs.flags("rogue", "other-ca")),
                     root.path() / "r.out", runtime()};
  node_process plain{args("monitor", p_dir, "plain", {"--peer", la}),
                     root.path() / "p.out", runtime()};
  // Long enough for each to retry twice (backoff 1 s, 2 s).
  ASSERT_TRUE(test::wait_until(
    [&] {
      auto r = node_of(nodes(r_dir), la);
      return r.value("state", "") == "connecting"
             && r.value("error", json()).is_string();
    },
    10s));
  std::this_thread::sleep_for(4s);
  auto a_log = a.output();
  auto r_log = rogue.output();
  auto p_log = plain.output();
  // Counted from the strangers' address: under load a connection reset
  // before its first byte is read is logged as from "an unknown address".
  EXPECT_EQ(count(a_log, "refused link from 127.0.0.1:"), 2u) << a_log;
  EXPECT_EQ(count(a_log, "refused link from :"), 0u) << a_log;
  EXPECT_EQ(count(a_log, "does not trust our certificate"), 1u) << a_log;
  EXPECT_EQ(count(a_log, "not a TLS connection"), 1u) << a_log;
  EXPECT_EQ(count(r_log, "cannot link to"), 1u) << r_log;
  EXPECT_NE(r_log.find("not signed by our CA"), std::string::npos) << r_log;
  EXPECT_EQ(count(p_log, "cannot link to"), 1u) << p_log;
  EXPECT_EQ(node_of(nodes(r_dir), la).value("state", ""), "connecting");
  EXPECT_EQ(node_of(nodes(p_dir), la).value("state", ""), "connecting");
  // The good link never dropped while strangers were refused.
  EXPECT_EQ(m.output().find("cluster: lost"), std::string::npos) << m.output();
  EXPECT_EQ(node_of(nodes(m_dir), "na").value("state", ""), "linked");

  // Remote control over the authenticated link.
  auto run = [&](const std::string& cli) {
    return std::system(("HUMMEL_RUNTIME_DIR=" + runtime().string() + " " + exe()
                        + " " + cli + " >/dev/null 2>&1")
                         .c_str());
  };
  EXPECT_EQ(run("stop p0 --node na --dir " + m_dir.string()), 0);
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(m_dir, "na", "stopped") == 1; }, 10s));
  EXPECT_EQ(run("run p0 --node na --dir " + m_dir.string()), 0);
  EXPECT_NE(run("stop p0 --node nowhere --dir " + m_dir.string()), 0);
  for (auto* n : {&plain, &rogue, &m, &a})
    EXPECT_EQ(n->terminate(), 0) << n->output();
}

} // namespace
} // namespace hummel
