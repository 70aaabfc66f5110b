#include "common/address.hpp"

#include <gtest/gtest.h>

namespace hummel {
namespace {

TEST(address, splits_host_and_port) {
  auto hp = split_host_port("127.0.0.1:7777");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 7777);
}

TEST(address, ipv6_hosts_need_brackets_and_lose_them) {
  auto hp = split_host_port("[::1]:0");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, 0);
  EXPECT_FALSE(split_host_port("::1:80"));
  EXPECT_FALSE(split_host_port("[]:80"));
}

TEST(address, refuses_malformed_addresses) {
  for (auto bad : {"", ":80", "host", "host:", "host:65536", "host:8x",
                   "host:-1", "[::1:80"})
    EXPECT_FALSE(split_host_port(bad)) << bad;
  EXPECT_TRUE(split_host_port("host:65535"));
}

TEST(address, join_brackets_ipv6_only) {
  EXPECT_EQ(join_host_port("::1", 80), "[::1]:80");
  EXPECT_EQ(join_host_port("[::1]", 80), "[::1]:80");
  EXPECT_EQ(join_host_port("localhost", 0), "localhost:0");
  auto hp = split_host_port(join_host_port("fe80::1", 4700));
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "fe80::1");
  EXPECT_EQ(hp->port, 4700);
}

TEST(address, loopback_rule) {
  for (auto yes : {"localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"})
    EXPECT_TRUE(is_loopback_host(yes)) << yes;
  for (auto no : {"0.0.0.0", "10.0.0.1", "::", "example.com", "128.0.0.1",
                  "localhost.example.com"})
    EXPECT_FALSE(is_loopback_host(no)) << no;
}

} // namespace
} // namespace hummel
