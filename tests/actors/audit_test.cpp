// The audit record of commands: an MCP command carries its caller (the
// transport's uid/pid/address) into the record; a command ordered by a
// cluster peer names the peer node; reads are not recorded.

#include "common/audit.hpp"

#include "actors/cluster_node.hpp"

#include <nlohmann/json.hpp>

#include "mcp_session_support.hpp"

#include <fstream>

namespace hummel {
namespace {

using test::json;

class audit_record_test : public test::mcp_session_fixture {
protected:
  audit_record_test() {
    ctx.audit = &audit;
  }

  /// Every record so far, parsed.
  std::vector<json> records() const {
    std::vector<json> out;
    std::ifstream in{path};
    std::string line;
    while (std::getline(in, line))
      out.push_back(json::parse(line));
    return out;
  }

  std::filesystem::path path = log_dir / "audit.jsonl";
  audit_log audit{path};
};

TEST_F(audit_record_test, mcp_command_is_recorded_with_its_caller) {
  auto s = session(mcp::transport_kind::unix_socket, true);
  auto ch = std::make_shared<test::recording_channel>();
  mcp_request req;
  req.body = tool_request("scripts_stop", {{"name", "web"}}).dump();
  req.reply = ch;
  req.who.transport = "unix";
  req.who.uid = 1234;
  req.who.pid = 99;
  self->send(s, atom::request_v, std::move(req));
  run();
  EXPECT_EQ(error_of(ch->response()), "");
  auto rs = records();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0]["transport"], "unix");
  EXPECT_EQ(rs[0]["uid"], 1234);
  EXPECT_EQ(rs[0]["pid"], 99);
  EXPECT_EQ(rs[0]["what"], "scripts_stop");
  EXPECT_EQ(rs[0]["target"], "web");
  EXPECT_EQ(rs[0]["result"], "ok");
  EXPECT_TRUE(rs[0].contains("time"));
}

TEST_F(audit_record_test, failed_commands_are_recorded_and_reads_are_not) {
  auto s = session();
  call(s, "scripts_status", json::object());
  call(s, "scripts_restart", {{"name", "nope"}});
  auto rs = records();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0]["what"], "scripts_restart");
  EXPECT_EQ(rs[0]["result"], "error: no process or script named 'nope'");
}

TEST_F(audit_record_test, audit_file_is_private) {
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

/// A CLUSTER NODE that allows remote control, over the fixture's
/// SUPERVISOR stand-in.
class peer_command_test : public audit_record_test {
protected:
  cluster_node_actor node_with(bool remote_control) {
    cluster_node_config nc;
    nc.cell = &cell;
    nc.cache = w.cache;
    nc.supervisor = ctx.supervisor;
    nc.remote_control = remote_control;
    nc.audit = &audit;
    auto n = sys.spawn(cluster_node, nc);
    nodes.push_back(n);
    run();
    return n;
  }

  ~peer_command_test() override {
    // The keep-alive timer would keep the nodes alive forever.
    for (auto& n : nodes)
      self->send_exit(n, caf::exit_reason::user_shutdown);
    run();
  }

  std::vector<cluster_node_actor> nodes;
};

TEST_F(peer_command_test, peer_ordered_stop_is_recorded_naming_the_peer) {
  auto n = caf::actor_cast<node_actor>(node_with(true));
  auto r = request<process_snapshot>(n, atom::stop_v, std::string{"web"},
                                     std::string{"build-box"});
  ASSERT_TRUE(r) << sys.render(r.error());
  EXPECT_EQ(w.commands, (std::vector<std::string>{"stop web"}));
  auto rs = records();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0]["transport"], "cluster");
  EXPECT_EQ(rs[0]["peer_node"], "build-box");
  EXPECT_EQ(rs[0]["what"], "stop");
  EXPECT_EQ(rs[0]["target"], "web");
  EXPECT_EQ(rs[0]["result"], "ok");
}

TEST_F(peer_command_test, refused_peer_command_is_recorded_too) {
  auto n = caf::actor_cast<node_actor>(node_with(false));
  auto r = request<process_snapshot>(n, atom::restart_v, std::string{"db"},
                                     std::string{"laptop"});
  EXPECT_FALSE(r);
  EXPECT_TRUE(w.commands.empty());
  auto rs = records();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0]["peer_node"], "laptop");
  EXPECT_EQ(rs[0]["what"], "restart");
  EXPECT_EQ(rs[0]["result"], "error: remote control is off");
}

} // namespace
} // namespace hummel
