#include "net/http_checks.hpp"
#include "tests/net/http_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

using hummel::test::http_fixture;
using hummel::test::make_request;
namespace net = hummel::net;

namespace {

std::string with_host(const std::string& method, const std::string& host,
                      const std::vector<std::string>& extra = {}) {
  std::string s = method + " /mcp HTTP/1.1\r\nHost: " + host + "\r\n";
  for (const auto& h : extra)
    s += h + "\r\n";
  return s + "Content-Length: 2\r\n\r\n{}";
}

} // namespace

using http_security = http_fixture;

TEST_F(http_security, bad_host_gets_403_and_loopback_hosts_pass) {
  start();
  auto p = std::to_string(port_);
  for (std::string host :
       std::vector<std::string>{"127.0.0.1:" + p, "localhost:" + p, "LOCALHOST",
                                "[::1]:" + p, "127.0.0.1"}) {
    auto r = exchange(with_host("POST", host));
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 200) << host;
  }
  for (std::string host : std::vector<std::string>{
         "evil.example.com", "evil.example.com:" + p, "127.0.0.1:1",
         "localhost.evil.com", "127.0.0.2:" + p, "[::2]:" + p, ""}) {
    auto r = exchange(with_host("POST", host));
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 403) << host;
    EXPECT_EQ(r->header("content-type"), "application/json");
  }
}

TEST_F(http_security, dns_rebinding_probe_is_refused) {
  start();
  auto r = exchange(
    with_host("POST", "evil.example.com", {"Origin: http://evil.example.com"}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

TEST_F(http_security, bad_origin_gets_403_and_loopback_origins_pass) {
  start();
  for (std::string origin : std::vector<std::string>{
         "http://localhost:3000", "http://127.0.0.1", "https://[::1]:8443",
         "http://LOCALHOST:" + std::to_string(port_)}) {
    auto r = exchange(request("POST", "/mcp", "{}", {"Origin: " + origin}));
    ASSERT_TRUE(r) << origin;
    EXPECT_EQ(r->status, 200) << origin;
  }
  for (std::string origin :
       std::vector<std::string>{"http://evil.example.com", "null", "file://",
                                "http://localhost.evil.com", "ftp://localhost",
                                "http://127.0.0.1@evil.com"}) {
    auto r = exchange(
      request("POST", "/mcp", "{}", {std::string{"Origin: "} + origin}));
    ASSERT_TRUE(r) << origin;
    EXPECT_EQ(r->status, 403) << origin;
  }
}

TEST_F(http_security, listed_hosts_and_origins_pass) {
  opts_.allowed_hosts = {"mcp.example.com", "other.test:8080"};
  opts_.allowed_origins = {"https://app.example.com"};
  start();
  for (std::string host : std::vector<std::string>{
         "mcp.example.com", "MCP.example.com:9", "other.test:8080"})
    EXPECT_EQ(exchange(with_host("POST", host))->status, 200) << host;
  EXPECT_EQ(exchange(with_host("POST", "other.test:8081"))->status, 403);
  auto ok = exchange(
    request("POST", "/mcp", "{}", {"Origin: https://app.example.com"}));
  EXPECT_EQ(ok->status, 200);
  auto bad = exchange(
    request("POST", "/mcp", "{}", {"Origin: http://app.example.com"}));
  EXPECT_EQ(bad->status, 403);
}

TEST_F(http_security, any_host_when_loopback_check_is_off) {
  opts_.loopback_only_hosts = false;
  start();
  EXPECT_EQ(exchange(with_host("POST", "10.1.2.3:7777"))->status, 200);
}

TEST_F(http_security, bearer_token_is_required_when_set) {
  opts_.bearer_token = "s3cret-token";
  start();
  auto none = exchange(request("POST", "/mcp", "{}"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->header("www-authenticate"), "Bearer");
  for (std::string auth : std::vector<std::string>{
         "Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token-and-more",
         "Basic s3cret-token", "s3cret-token"}) {
    auto r = exchange(
      request("POST", "/mcp", "{}", {std::string{"Authorization: "} + auth}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << auth;
  }
  for (std::string auth : std::vector<std::string>{"Bearer s3cret-token",
                                                   "bearer   s3cret-token "}) {
    auto r = exchange(
      request("POST", "/mcp", "{}", {std::string{"Authorization: "} + auth}));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << auth;
  }
}

TEST(http_checks, host_rules) {
  net::http_options o;
  EXPECT_TRUE(net::host_allowed("localhost:7777", 7777, o));
  EXPECT_TRUE(net::host_allowed(" localhost ", 7777, o));
  EXPECT_FALSE(net::host_allowed("localhost:7778", 7777, o));
  EXPECT_FALSE(net::host_allowed("localhost:", 7777, o));
  EXPECT_FALSE(net::host_allowed("[::1", 7777, o));
  EXPECT_FALSE(net::host_allowed("::1", 7777, o));
  EXPECT_FALSE(net::host_allowed("user@localhost", 7777, o));
  EXPECT_TRUE(net::host_allowed("[::1]", 7777, o));
}

TEST(http_checks, origin_and_path_rules) {
  net::http_options o;
  EXPECT_TRUE(net::origin_allowed("http://localhost", o));
  EXPECT_TRUE(net::origin_allowed("https://127.0.0.1:1/", o));
  EXPECT_FALSE(net::origin_allowed("http://", o));
  EXPECT_FALSE(net::origin_allowed("http://localhost/path", o));
  EXPECT_TRUE(net::path_matches("/mcp", "/mcp"));
  EXPECT_TRUE(net::path_matches("/mcp?session=1", "/mcp"));
  EXPECT_TRUE(net::path_matches("/mcp#frag", "/mcp"));
  EXPECT_FALSE(net::path_matches("/mcp/", "/mcp"));
  EXPECT_FALSE(net::path_matches("mcp", "/mcp"));
}

TEST(http_checks, texts) {
  EXPECT_EQ(net::size_text(4u << 20), "4 MiB");
  EXPECT_EQ(net::size_text(16u << 10), "16 KiB");
  EXPECT_EQ(net::size_text(1000), "1000 bytes");
  EXPECT_EQ(net::json_rpc_error_body("a \"q\"\n", -32700),
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,)"
            R"("message":"a \"q\"\u000a"}})");
}
