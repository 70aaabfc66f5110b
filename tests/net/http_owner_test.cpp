// Only the owner on loopback: the access decision as a pure function, and
// the server with `owner_uid` end to end (the connecting uid comes from the
// kernel; a fake owner uid stands in for "another user" here, the system
// test does it with a real second uid).

#include "net/http_checks.hpp"
#include "tests/net/http_fixture.hpp"
#include "tests/support/as_uid.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

namespace net = hummel::net;
using hummel::test::http_fixture;
using hummel::test::http_reply;

namespace {

net::http_options owned(uint32_t owner, std::string token) {
  net::http_options o;
  o.owner_uid = owner;
  o.bearer_token = std::move(token);
  return o;
}

} // namespace

TEST(http_owner_decision, owner_and_root_need_no_token_on_loopback) {
  auto o = owned(1000, "tok");
  EXPECT_EQ(net::decide_access(o, {true, 1000}, nullptr).status, 0);
  EXPECT_EQ(net::decide_access(o, {true, 0}, nullptr).status, 0);
}

TEST(http_owner_decision, other_uid_on_loopback_gets_403_naming_the_owner) {
  auto o = owned(1000, "tok");
  auto d = net::decide_access(o, {true, 1001}, nullptr);
  EXPECT_EQ(d.status, 403);
  EXPECT_NE(d.message.find("belongs to uid 1000"), std::string::npos)
    << d.message;
  EXPECT_NE(d.message.find("present its token"), std::string::npos);
  std::string good = "Bearer tok";
  EXPECT_EQ(net::decide_access(o, {true, 1001}, &good).status, 0);
  std::string bad = "Bearer nope";
  EXPECT_EQ(net::decide_access(o, {true, 1001}, &bad).status, 403);
}

TEST(http_owner_decision, unknown_uid_on_loopback_is_refused) {
  auto o = owned(1000, "tok");
  EXPECT_EQ(net::decide_access(o, {true, std::nullopt}, nullptr).status, 403);
}

TEST(http_owner_decision, remote_peer_needs_the_token_401) {
  auto o = owned(1000, "tok");
  EXPECT_EQ(net::decide_access(o, {false, std::nullopt}, nullptr).status, 401);
  std::string good = "bearer tok";
  EXPECT_EQ(net::decide_access(o, {false, std::nullopt}, &good).status, 0);
}

TEST(http_owner_decision, without_owner_the_old_rules_hold) {
  net::http_options open;
  EXPECT_EQ(net::decide_access(open, {true, 5}, nullptr).status, 0);
  net::http_options tokened;
  tokened.bearer_token = "t";
  EXPECT_EQ(net::decide_access(tokened, {true, 5}, nullptr).status, 401);
}

class http_owner : public http_fixture {};

TEST_F(http_owner, own_uid_is_served_without_a_token) {
  opts_.owner_uid = static_cast<uint32_t>(::getuid());
  opts_.bearer_token = "s3cret";
  start();
  auto r = exchange(request("POST", "/mcp", "hi"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(http_owner, other_uid_gets_403_json_and_the_token_opens) {
  // Root is always let in, so as root the other user is a real one (a
  // child as uid 65534); else a fake owner makes this test's own uid the
  // other user.
  auto me = static_cast<uint32_t>(::getuid());
  bool root = me == 0;
  uint32_t owner = root ? 0 : me + 4242;
  opts_.owner_uid = owner;
  opts_.bearer_token = "s3cret";
  start();
  auto as_other = [&](const std::string& req) -> http_reply {
    if (!root)
      return exchange(req).value_or(http_reply{});
    return hummel::test::as_uid(
      65534, [&] { return exchange(req).value_or(http_reply{}); });
  };
  auto r = as_other(request("POST", "/mcp", "hi"));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("\"error\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("belongs to uid " + std::to_string(owner)),
            std::string::npos)
    << r.body;
  r = as_other(request("POST", "/mcp", "hi", {"Authorization: Bearer s3cret"}));
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(http_owner, handler_sees_the_peer_uid) {
  opts_.owner_uid = static_cast<uint32_t>(::getuid());
  std::optional<uint32_t> seen;
  std::mutex mu;
  handler_.set(
    [&](net::http_request req, std::shared_ptr<net::http_exchange> ex) {
      {
        std::lock_guard guard{mu};
        seen = req.peer_uid;
      }
      ex->respond(200, {}, "ok");
    });
  start();
  auto r = exchange(request("POST", "/mcp", "x"));
  ASSERT_TRUE(r);
  std::lock_guard guard{mu};
  EXPECT_EQ(seen, static_cast<uint32_t>(::getuid()));
}
