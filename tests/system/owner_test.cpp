// Only the owner on loopback, with a real daemon and a real second uid:
// the test runs as root and forks children that drop to uid 65534
// (nobody). Another user gets 403 from loopback HTTP without the token and
// 200 with it, and cannot reach the unix socket; the owner needs no token;
// the owner's commands land in the audit record with uid and pid.

#include "tests/support/as_uid.hpp"
#include "tests/system/daemon_fixture.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace bin_test {
namespace {

constexpr uint32_t nobody = 65534;

class owner_test : public daemon_fixture {
protected:
  void SetUp() override {
    if (::geteuid() != 0)
      GTEST_SKIP() << "needs root: the test runs a second uid (65534) "
                      "through setuid()";
    start_daemon("[processes.web]\ncommand = \"sleep 600\"\n");
  }

  http_reply post(const json& body,
                  const std::vector<std::string>& extra = {}) {
    std::vector<std::string> headers{
      "Host: 127.0.0.1:" + std::to_string(port),
      "Content-Type: application/json",
      "Accept: application/json, text/event-stream"};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http_request(port, "POST", "/mcp", headers, body.dump());
  }

  json init() const {
    return request(1, "initialize", init_params());
  }

  /// The audit record of the daemon, parsed (somewhere under the
  /// sandbox's XDG_STATE_HOME).
  std::vector<json> audit_records() const {
    std::vector<json> out;
    for (const auto& e : fs::recursive_directory_iterator{box.state})
      if (e.path().filename() == "audit.jsonl") {
        std::ifstream in{e.path()};
        std::string line;
        while (std::getline(in, line))
          out.push_back(json::parse(line));
      }
    return out;
  }
};

TEST_F(owner_test, another_uid_gets_403_without_the_token_and_200_with_it) {
  ASSERT_TRUE(info.contains("loopback_token")) << info.dump();
  auto token = info["loopback_token"].get<std::string>();
  auto denied = hummel::test::as_uid(nobody, [&] { return post(init()); });
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_NE(denied.body.find("this daemon belongs to uid 0"), std::string::npos)
    << denied.body;
  EXPECT_NE(denied.body.find("present its token"), std::string::npos);
  auto wrong = hummel::test::as_uid(
    nobody, [&] { return post(init(), {"Authorization: Bearer wrong"}); });
  EXPECT_EQ(wrong.status, 403);
  auto allowed = hummel::test::as_uid(
    nobody, [&] { return post(init(), {"Authorization: Bearer " + token}); });
  EXPECT_EQ(allowed.status, 200) << allowed.body;
}

TEST_F(owner_test, the_owner_needs_no_token) {
  auto r = post(init());
  EXPECT_EQ(r.status, 200) << r.body;
  socket_client c{socket};
  ASSERT_TRUE(c.ok());
  auto answer = c.call(request(1, "initialize", init_params()));
  EXPECT_TRUE(answer.contains("result")) << answer.dump();
}

TEST_F(owner_test, another_uid_cannot_reach_the_unix_socket) {
  struct stat st {};
  ASSERT_EQ(::stat(socket.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(fs::path{socket}.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "the socket's folder is private";
  auto out = hummel::test::as_uid_text(nobody, [&] {
    socket_client c{socket};
    return c.ok() ? std::string{"connected"}
                  : std::string{"refused: "} + std::strerror(errno);
  });
  EXPECT_EQ(out, std::string{"refused: "} + std::strerror(EACCES));
}

TEST_F(owner_test, commands_are_audited_with_uid_pid_and_transport) {
  auto r = run_hummel(box, {"stop", "web", "--dir", box.project.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto token = info["loopback_token"].get<std::string>();
  // A stateless (2026-07-28) call from the other uid, let in by the token.
  json meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", json::object()},
            {"io.modelcontextprotocol/clientInfo",
             {{"name", "test"}, {"version", "0"}}}};
  auto call = request(2, "tools/call",
                      {{"name", "scripts_restart"},
                       {"arguments", {{"name", "web"}}},
                       {"_meta", meta}});
  auto by_token = hummel::test::as_uid(nobody, [&] {
    return post(call, {"Authorization: Bearer " + token,
                       "MCP-Protocol-Version: 2026-07-28",
                       "Mcp-Method: tools/call", "Mcp-Name: scripts_restart"});
  });
  EXPECT_EQ(by_token.status, 200) << by_token.body;
  std::vector<json> rs;
  wait_for(
    [&] {
      rs = audit_records();
      return rs.size() >= 2;
    },
    10s);
  ASSERT_GE(rs.size(), 2u);
  EXPECT_EQ(rs[0]["transport"], "unix");
  EXPECT_EQ(rs[0]["uid"], 0);
  EXPECT_TRUE(rs[0].contains("pid"));
  EXPECT_EQ(rs[0]["what"], "scripts_stop");
  EXPECT_EQ(rs[0]["target"], "web");
  EXPECT_EQ(rs[0]["result"], "ok");
  EXPECT_EQ(rs[1]["transport"], "http");
  EXPECT_EQ(rs[1]["uid"], nobody);
  EXPECT_EQ(rs[1]["what"], "scripts_restart");
  for (const auto& e : fs::recursive_directory_iterator{box.state})
    if (e.path().filename() == "audit.jsonl") {
      struct stat st {};
      ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 0777, 0600u);
    }
}

} // namespace
} // namespace bin_test
