// The [cluster] table and the checks shared with the command-line flags.

#include "config/load.hpp"
#include "tests/config/temp_project.hpp"

#include <gtest/gtest.h>

using namespace hummel;
using hummel::test::temp_project;

namespace {

std::string errors_of(const load_result& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += e.to_string() + "\n";
  return out;
}

} // namespace

TEST(cluster_config, defaults_to_a_node_alone) {
  temp_project p;
  p.write("hummel.toml", "");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_FALSE(r.config.cluster.enabled());
  EXPECT_FALSE(r.config.cluster.tls.enabled());
}

TEST(cluster_config, reads_every_key_and_resolves_certificates) {
  temp_project p;
  p.write("pki/node.pem", "x");
  p.write("pki/node.key", "x");
  p.write("pki/ca.pem", "x");
  p.write("hummel.toml", R"([cluster]
node = "build-box"
listen = "0.0.0.0:4700"
peers = ["10.0.0.7:4700", "[::1]:4701"]
tls = { cert = "pki/node.pem", key = "pki/node.key", ca = "pki/ca.pem" }
allow_remote_control = true
)");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const auto& c = r.config.cluster;
  EXPECT_EQ(c.node, "build-box");
  EXPECT_EQ(c.listen, "0.0.0.0:4700");
  EXPECT_EQ(c.peers, (std::vector<std::string>{"10.0.0.7:4700", "[::1]:4701"}));
  EXPECT_EQ(c.tls.cert, p.dir() / "pki/node.pem");
  EXPECT_EQ(c.tls.ca, p.dir() / "pki/ca.pem");
  EXPECT_TRUE(c.allow_remote_control);
  EXPECT_FALSE(check_cluster(c).has_value());
}

TEST(cluster_config, refuses_plain_links_beyond_loopback) {
  temp_project p;
  p.write("hummel.toml", "[cluster]\nlisten = \"0.0.0.0:4700\"\n");
  auto r = load_project(p.dir());
  ASSERT_FALSE(r.ok());
  auto text = errors_of(r);
  EXPECT_NE(text.find("hummel.toml:2"), std::string::npos) << text;
  EXPECT_NE(text.find("not loopback"), std::string::npos) << text;
  EXPECT_NE(text.find("tls"), std::string::npos) << text;
}

TEST(cluster_config, loopback_without_tls_is_fine) {
  temp_project p;
  p.write(
    "hummel.toml",
    "[cluster]\nlisten = \"127.0.0.1:4700\"\npeers = [\"localhost:4701\"]\n");
  auto r = load_project(p.dir());
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_TRUE(r.config.cluster.enabled());
}

TEST(cluster_config, remote_control_needs_tls) {
  temp_project p;
  p.write("hummel.toml",
          "[cluster]\nlisten = \"127.0.0.1:4700\"\nallow_remote_control = "
          "true\n");
  auto r = load_project(p.dir());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(errors_of(r).find("authenticated"), std::string::npos)
    << errors_of(r);
}

TEST(cluster_config, reports_bad_values_with_their_line) {
  temp_project p;
  p.write("hummel.toml", R"([cluster]
peers = ["nohost", 5]
listen = "127.0.0.1:99999"
tls = { cert = "missing.pem" }
nod = "x"
)");
  auto r = load_project(p.dir());
  ASSERT_FALSE(r.ok());
  auto text = errors_of(r);
  EXPECT_NE(text.find("invalid peer 'nohost'"), std::string::npos) << text;
  EXPECT_NE(text.find("invalid peer value"), std::string::npos) << text;
  EXPECT_NE(text.find("invalid 'listen'"), std::string::npos) << text;
  EXPECT_NE(text.find("missing.pem"), std::string::npos) << text;
  EXPECT_NE(text.find("needs cert, key and ca"), std::string::npos) << text;
  EXPECT_NE(text.find("did you mean 'node'"), std::string::npos) << text;
}

TEST(cluster_config, flags_are_checked_like_the_file) {
  cluster_settings c;
  c.listen = "10.1.2.3:4700";
  ASSERT_TRUE(check_cluster(c).has_value());
  EXPECT_NE(check_cluster(c)->find("not loopback"), std::string::npos);
  c.listen = "127.0.0.1:0";
  EXPECT_FALSE(check_cluster(c).has_value());
  c.peers = {"127.0.0.1:0"};
  EXPECT_TRUE(check_cluster(c).has_value()) << "a peer needs a port";
  c.peers = {"127.0.0.1:4701"};
  c.tls.cert = "/nonexistent/cert.pem";
  EXPECT_NE(check_cluster(c)->find("needs all of cert, key and ca"),
            std::string::npos);
}

TEST(cluster_config, splits_host_and_port) {
  auto a = split_host_port("127.0.0.1:4700");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 4700);
  auto b = split_host_port("[::1]:80");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "::1");
  EXPECT_FALSE(split_host_port("::1:80")) << "IPv6 needs brackets";
  EXPECT_FALSE(split_host_port("host:"));
  EXPECT_FALSE(split_host_port("host:65536"));
  EXPECT_FALSE(split_host_port(":80"));
  EXPECT_TRUE(is_loopback_host("127.0.0.2"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
}
