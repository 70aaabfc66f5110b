// The errors of another node: a daemon whose process raises, a monitor
// linked to it, and `hummel errors --node` on the monitor (logs_errors with
// `node`), answered from the cluster view: the count and newest headline.

#include "tests/system/cluster_support.hpp"

namespace hummel {
namespace {

using namespace cluster_test_support;

TEST_F(cluster_test, a_monitor_shows_the_error_counts_of_its_peers) {
  // `hummel errors --json ARGS` on the monitor.
  auto errors_of
    = [this](const std::filesystem::path& dir, const std::string& args) {
        return json::parse(cli(dir, "errors --json " + args), nullptr, false);
      };
  auto pa = free_port();
  auto la = "127.0.0.1:" + std::to_string(pa);
  auto a_dir = root.path() / "a";
  test::write_file(a_dir / "boom.py", "def f():\n    raise ValueError('bad "
                                      "input')\nf()\n");
  test::write_file(a_dir / "hummel.toml",
                   "[processes.boom]\ncommand = \"python3 boom.py\"\n"
                   "autostart = true\nrestart = \"no\"\n\n"
                   "[processes.calm]\ncommand = \"sleep 300\"\n"
                   "autostart = true\n");
  auto m_dir = project("m", 0);
  node_process a{args("daemon", a_dir, "na", {"--cluster-listen", la}),
                 root.path() / "a.out", runtime()};
  node_process m{args("monitor", m_dir, "mon", {"--peer", la}),
                 root.path() / "m.out", runtime()};
  ASSERT_TRUE(wait_state(m_dir, "na", "linked", 15s)) << m.output();
  json got;
  ASSERT_TRUE(test::wait_until(
    [&] {
      got = errors_of(m_dir, "--node na");
      return got.is_object() && !got.value("summaries", json::array()).empty();
    },
    15s))
    << got.dump() << "\n"
    << m.output();
  ASSERT_EQ(got["summaries"].size(), 1u) << got.dump();
  auto s = got["summaries"][0];
  EXPECT_EQ(s.value("node", ""), "na");
  EXPECT_EQ(s.value("process", ""), "boom");
  EXPECT_EQ(s.value("error_count", 0), 1);
  EXPECT_NE(s.value("last_error", "").find("ValueError: bad input"),
            std::string::npos)
    << s.dump();
  EXPECT_EQ(got.value("records", json()), json::array());
  // Every node: the same one process; an unknown node is an error.
  auto all = errors_of(m_dir, "--node '*'");
  ASSERT_TRUE(all.is_object());
  EXPECT_EQ(all.value("summaries", json::array()).size(), 1u) << all.dump();
  auto none = errors_of(m_dir, "--node nowhere");
  EXPECT_FALSE(none.is_object() && none.contains("summaries")) << none.dump();
  EXPECT_EQ(m.terminate(), 0) << m.output();
  EXPECT_EQ(a.terminate(), 0) << a.output();
}

} // namespace
} // namespace hummel
