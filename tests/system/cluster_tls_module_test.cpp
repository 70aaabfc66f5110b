// hummel-tls.so (main/daemon/cluster/tls_module.hpp): a daemon maps
// OpenSSL only when `[cluster] tls` is set; without the module a TLS node
// refuses to start with a clear error instead of linking in plain text.

#include "tests/system/cluster_support.hpp"

namespace hummel {
namespace {

using namespace cluster_test_support;

/// The files the process `pid` maps, one line each.
std::string mapped_files(int pid) {
  std::string out;
  std::set<std::string> seen;
  std::ifstream maps{"/proc/" + std::to_string(pid) + "/maps"};
  for (std::string line; std::getline(maps, line);) {
    auto slash = line.find('/');
    if (slash != std::string::npos && seen.insert(line.substr(slash)).second)
      out += line.substr(slash) + "\n";
  }
  return out;
}

bool maps(const std::string& files, const std::string& name) {
  return files.find(name) != std::string::npos;
}

TEST_F(cluster_test, only_a_tls_node_maps_openssl) {
  pki certs{root.path() / "pki"};
  ASSERT_TRUE(certs.ca("ca") && certs.node("na", "ca"));
  auto plain_dir = project("plain", 1);
  auto tls_dir = project("tls", 1);
  node_process plain{args("daemon", plain_dir, "plain", {}),
                     root.path() / "plain.out", runtime()};
  auto listen = "127.0.0.1:" + std::to_string(free_port());
  node_process tls{args("daemon", tls_dir, "na",
                        std::vector<std::string>{"--cluster-listen", listen}
                          + certs.flags("na", "ca")),
                   root.path() / "tls.out", runtime()};
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(plain_dir, "plain", "running") == 1; }, 15s * slack))
    << plain.output();
  ASSERT_TRUE(test::wait_until(
    [&] { return count_of(tls_dir, "na", "running") == 1; }, 15s * slack))
    << tls.output();

  auto files = mapped_files(plain.pid());
  ASSERT_TRUE(maps(files, "hummel-daemon")) << files;
  EXPECT_FALSE(maps(files, "libssl")) << files;
  EXPECT_FALSE(maps(files, "libcrypto")) << files;
  EXPECT_FALSE(maps(files, "libcaf_openssl")) << files;
  EXPECT_FALSE(maps(files, "hummel-tls.so")) << files;

  files = mapped_files(tls.pid());
  EXPECT_TRUE(maps(files, "hummel-tls.so")) << files;
  EXPECT_TRUE(maps(files, "libssl")) << files;
  EXPECT_TRUE(maps(files, "libcaf_openssl")) << files;
  EXPECT_NE(tls.output().find("mutual TLS"), std::string::npos) << tls.output();
  EXPECT_EQ(plain.terminate(), 0) << plain.output();
  EXPECT_EQ(tls.terminate(), 0) << tls.output();
}

TEST_F(cluster_test, tls_node_without_its_module_refuses_to_start) {
  pki certs{root.path() / "pki"};
  ASSERT_TRUE(certs.ca("ca") && certs.node("na", "ca"));
  // This build's programs, without hummel-tls.so beside them.
  auto bin = root.path() / "bin";
  std::filesystem::create_directories(bin);
  for (const auto* name : {"hummel", "hummel-daemon", "hummel-spawn"})
    std::filesystem::copy_file(std::filesystem::path{HUMMEL_BINARY_DIR} / name,
                               bin / name);
  auto dir = project("a", 1);
  auto listen = "127.0.0.1:" + std::to_string(free_port());
  node_process d{args("daemon", dir, "na",
                      std::vector<std::string>{"--cluster-listen", listen}
                        + certs.flags("na", "ca")),
                 root.path() / "a.out", runtime(), (bin / "hummel").string()};
  int code = d.wait_exit(30s * slack);
  auto out = d.output();
  EXPECT_NE(code, 0) << out;
  EXPECT_NE(code, -1) << out; // it ended by itself
  EXPECT_NE(out.find("cluster TLS needs hummel-tls.so, which is not "
                     "installed (looked for "
                     + (bin / "hummel-tls.so").string()),
            std::string::npos)
    << out;
  EXPECT_EQ(out.find("listening on"), std::string::npos) << out;
}

} // namespace
} // namespace hummel
