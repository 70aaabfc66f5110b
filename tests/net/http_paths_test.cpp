// The server's extra and public paths (the dashboard shares the MCP port):
// extra paths get every check of the endpoint, public paths skip only the
// token/owner check (Host and Origin still apply), unknown paths get 404.

#include "tests/net/http_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

using hummel::test::http_fixture;

namespace {

class http_paths : public http_fixture {
protected:
  void SetUp() override {
    opts_.bearer_token = "s3cret";
    opts_.extra_paths = {"/events"};
    opts_.public_paths = {"/", "/app.js"};
    start();
  }

  int status(const std::string& target,
             const std::vector<std::string>& headers = {}) {
    auto r = exchange(request("GET", target, {}, headers));
    return r ? r->status : -1;
  }
};

} // namespace

TEST_F(http_paths, extra_path_needs_the_token) {
  EXPECT_EQ(status("/events"), 401);
  EXPECT_EQ(status("/events", {"Authorization: Bearer wrong"}), 401);
  EXPECT_EQ(status("/events", {"Authorization: Bearer s3cret"}), 200);
  EXPECT_EQ(status("/mcp", {"Authorization: Bearer s3cret"}), 200);
}

TEST_F(http_paths, public_paths_are_served_without_the_token) {
  EXPECT_EQ(status("/"), 200);
  EXPECT_EQ(status("/?x=1"), 200);
  EXPECT_EQ(status("/app.js"), 200);
}

TEST_F(http_paths, public_paths_still_check_origin_and_host) {
  EXPECT_EQ(status("/", {"Origin: https://evil.example"}), 403);
  auto r = exchange("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(status("/events", {"Origin: https://evil.example",
                               "Authorization: Bearer s3cret"}),
            403);
}

TEST_F(http_paths, other_paths_get_404_with_the_token_and_401_without) {
  EXPECT_EQ(status("/other", {"Authorization: Bearer s3cret"}), 404);
  EXPECT_EQ(status("/app.css", {"Authorization: Bearer s3cret"}), 404);
  EXPECT_EQ(status("/other"), 401);
}
