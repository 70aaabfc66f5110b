// MCP SESSION commands (scripts_run, scripts_stop, scripts_restart) against
// stand-ins: success, unknown process, ad-hoc policy per transport,
// timeouts on the fake clock, and read-your-writes (the reply waits until
// the view shows the command's state).

#include "mcp_session_support.hpp"

#include <tuple>

namespace hummel {
namespace {

using namespace std::chrono_literals;
using test::json;

class mcp_session_commands : public test::mcp_session_fixture {};

TEST_F(mcp_session_commands, scripts_run_starts_a_stopped_process) {
  auto s = session();
  auto r = result_of(call(s, "scripts_run", {{"name", "db"}}));
  EXPECT_EQ(r["status"], "running");
  EXPECT_EQ(r["duplicate"], false);
  EXPECT_EQ(w.commands, (std::vector<std::string>{"run db"}));
}

TEST_F(mcp_session_commands, scripts_run_of_a_running_process_starts_nothing) {
  auto s = session();
  auto r = result_of(call(s, "scripts_run", {{"name", "web"}}));
  EXPECT_EQ(r["status"], "running");
  EXPECT_EQ(r["duplicate"], true);
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_session_commands, commands_on_an_unknown_process_are_errors) {
  auto s = session();
  for (const char* tool : {"scripts_run", "scripts_stop", "scripts_restart"})
    EXPECT_EQ(error_of(call(s, tool, {{"name", "nope"}})),
              "no process or script named 'nope'")
      << tool;
}

TEST_F(mcp_session_commands, scripts_stop_and_restart_answer_the_new_state) {
  auto s = session();
  auto stopped = result_of(call(s, "scripts_stop", {{"name", "web"}}));
  EXPECT_EQ(stopped["status"], "stopped");
  EXPECT_FALSE(stopped.contains("duplicate"));
  auto restarted = result_of(call(s, "scripts_restart", {{"name", "web"}}));
  EXPECT_EQ(restarted["status"], "running");
  EXPECT_GT(restarted["run_id"], stopped["run_id"]);
  EXPECT_EQ(w.commands, (std::vector<std::string>{"stop web", "restart web"}));
}

TEST_F(mcp_session_commands,
       config_reload_answers_what_the_supervisor_changed) {
  auto next = std::make_shared<project_config>(*ctx.config);
  next->processes.push_back(process_def{});
  next->daemon.http = "off";
  ctx.load_config = [next]()
    -> std::variant<std::shared_ptr<const project_config>, std::string> {
    return next;
  };
  auto s = session();
  auto r = result_of(call(s, "config_reload", json::object()));
  EXPECT_EQ(r["added"], json::array({"new"}));
  EXPECT_EQ(r["removed"], json::array());
  EXPECT_EQ(r["unchanged"], 2);
  EXPECT_EQ(r["unapplied"], json::array({"daemon"}));
  EXPECT_EQ(w.commands, (std::vector<std::string>{"reload 3"}));
  EXPECT_GE(w.syncs, 1) << "the answer waits for the view";
}

TEST_F(mcp_session_commands, config_reload_of_an_invalid_file_changes_nothing) {
  ctx.load_config
    = []() -> std::variant<std::shared_ptr<const project_config>, std::string> {
    return std::string{"/p/hummel.toml:3: 'command' must be a string"};
  };
  auto s = session();
  EXPECT_EQ(error_of(call(s, "config_reload", json::object())),
            "configuration not reloaded: /p/hummel.toml:3: 'command' must be "
            "a string");
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_session_commands, ad_hoc_commands_over_http_need_allow_commands) {
  json args{{"name", "tool"}, {"command", "ls"}, {"args", {"-l"}}};
  auto http = session(mcp::transport_kind::http, false);
  auto text = error_of(call(http, "scripts_run", args, true));
  EXPECT_NE(text.find("allow_commands"), std::string::npos) << text;
  text = error_of(
    call(http, "scripts_run", {{"name", "db"}, {"env", {{"A", "1"}}}}, true));
  EXPECT_NE(text.find("allow_commands"), std::string::npos) << text;
  EXPECT_TRUE(w.commands.empty()) << "refused before the SUPERVISOR";
  // A defined process is fine over HTTP.
  EXPECT_EQ(error_of(call(http, "scripts_run", {{"name", "db"}}, true)), "");
  auto allowed = session(mcp::transport_kind::http, true);
  EXPECT_EQ(error_of(call(allowed, "scripts_run", args, true)), "");
  auto local = session(mcp::transport_kind::unix_socket, false);
  args["name"] = "tool2";
  EXPECT_EQ(error_of(call(local, "scripts_run", args)), "");
  EXPECT_EQ(w.commands,
            (std::vector<std::string>{"run db", "adhoc tool: ls -l", "run tool",
                                      "adhoc tool2: ls -l", "run tool2"}));
}

TEST_F(mcp_session_commands, ad_hoc_command_in_a_missing_folder_is_an_error) {
  auto s = session();
  auto text = error_of(call(
    s, "scripts_run", {{"name", "t"}, {"command", "ls"}, {"cwd", "no/such"}}));
  EXPECT_NE(text.find("working directory does not exist"), std::string::npos)
    << text;
  EXPECT_TRUE(w.commands.empty());
}

TEST_F(mcp_session_commands, a_stop_that_never_ends_times_out_on_the_clock) {
  w.hang.insert("web");
  auto s = session();
  auto ch = post(s, tool_request("scripts_stop", {{"name", "web"}}));
  run();
  EXPECT_TRUE(ch->outs.empty());
  // web's grace period (2 s) plus the client's slack (15 s).
  advance_time(17s - 1ms);
  EXPECT_TRUE(ch->outs.empty()) << "not before the command timeout";
  advance_time(1ms);
  ASSERT_FALSE(ch->response().is_null());
  EXPECT_EQ(error_of(ch->response()), "timed out waiting for 'web'");
}

TEST_F(mcp_session_commands, a_process_added_by_a_reload_has_its_grace) {
  // `late` is not in the configuration the daemon started with (ctx.config):
  // its grace period, 8 s, is in its snapshot. Waiting the daemon's default
  // (1 s) plus the slack, the stop timed out 7 s before the SUPERVISOR's
  // own bound.
  auto x = std::make_shared<process_snapshot>(
    *test::snap(2, "late", process_status::running));
  x->grace_ms = 8000;
  self->send(w.cache, atom::update_v, snapshot_ptr{x});
  run();
  w.hang.insert("late");
  auto s = session();
  auto ch = post(s, tool_request("scripts_stop", {{"name", "late"}}));
  run();
  advance_time(23s - 1ms);
  EXPECT_TRUE(ch->outs.empty()) << "not before its grace and the slack";
  advance_time(1ms);
  EXPECT_EQ(error_of(ch->response()), "timed out waiting for 'late'");
}

TEST_F(mcp_session_commands, a_restart_waits_two_grace_periods) {
  w.hang.insert("web");
  auto s = session();
  auto ch = post(s, tool_request("scripts_restart", {{"name", "web"}}));
  run();
  advance_time(19s - 1ms);
  EXPECT_TRUE(ch->outs.empty());
  advance_time(1ms);
  EXPECT_EQ(error_of(ch->response()), "timed out waiting for 'web'");
}

TEST_F(mcp_session_commands,
       command_replies_the_view_shows_already_skip_the_status_cache) {
  // The stand-in publishes every update before the SUPERVISOR replies:
  // the view shows each reply's own snapshot, so nobody asks the cache.
  auto s = session();
  EXPECT_EQ(result_of(call(s, "scripts_stop", {{"name", "web"}}))["status"],
            "stopped");
  EXPECT_EQ(result_of(call(s, "scripts_run", {{"name", "web"}}))["status"],
            "running");
  EXPECT_EQ(result_of(call(s, "scripts_restart", {{"name", "db"}}))["status"],
            "running");
  EXPECT_EQ(w.syncs, 0);
  // A duplicate run is answered from the view itself as well.
  result_of(call(s, "scripts_run", {{"name", "web"}}));
  EXPECT_EQ(w.syncs, 0);
}

TEST_F(mcp_session_commands, command_replies_wait_for_a_lagging_view) {
  w.lagging_view = true;
  auto s = session();
  for (auto [tool, name, expect] :
       {std::tuple{"scripts_stop", "web", "stopped"},
        std::tuple{"scripts_run", "web", "running"},
        std::tuple{"scripts_restart", "db", "running"}}) {
    std::string seen;
    auto ch = post(s, tool_request(tool, {{"name", name}}));
    ch->on_emit = [&, name = name](const mcp::output&) {
      auto view = ctx.cell->read();
      if (const auto* x = view->find(name))
        seen = std::string{to_string(x->status)};
    };
    run();
    EXPECT_EQ(result_of(ch->response())["status"], expect) << tool;
    EXPECT_EQ(seen, expect) << tool << ": answered before the view showed it";
  }
  EXPECT_EQ(w.syncs, 3);
}

/// Read-your-writes with the real STATUS CACHE, which publishes on a
/// flush message it sends itself after an update.
class mcp_session_read_your_writes : public test::mcp_session_fixture {
protected:
  mcp_session_read_your_writes() {
    real = sys.spawn(status_cache, &real_cell, "test-node");
    w.cache = real;
    ctx.cache = real;
    ctx.cell = &real_cell;
    self->send(real, atom::update_v,
               test::snap(0, "web", process_status::running));
    self->send(real, atom::update_v,
               test::snap(1, "db", process_status::stopped));
    run();
  }

  /// Runs everything, the session before anyone else whenever it has
  /// mail: the schedule in which a reply overtakes the cache's publish.
  void run_session_first(const mcp_session_actor& s) {
    while (sched.prioritize(s) || !sched.jobs.empty())
      sched.run_once();
  }

  view_cell<status_view> real_cell{make_empty_view("test-node")};
  status_cache_actor real;
};

TEST_F(mcp_session_read_your_writes, the_view_shows_each_reply_at_once) {
  auto s = session();
  struct step {
    const char* tool;
    const char* name;
    const char* expect;
  };
  step steps[] = {{"scripts_stop", "web", "stopped"},
                  {"scripts_run", "web", "running"},
                  {"scripts_restart", "db", "running"},
                  {"scripts_stop", "db", "stopped"}};
  for (const auto& st : steps) {
    std::string seen;
    auto ch = post(s, tool_request(st.tool, {{"name", st.name}}));
    ch->on_emit = [&](const mcp::output&) {
      // Read the view the moment the reply leaves the session.
      auto view = real_cell.read();
      if (const auto* x = view->find(st.name))
        seen = std::string{to_string(x->status)};
    };
    run_session_first(s);
    auto r = result_of(ch->response());
    EXPECT_EQ(r["status"], st.expect) << st.tool;
    EXPECT_EQ(seen, st.expect) << st.tool << ": the view lagged the reply";
  }
}

} // namespace
} // namespace hummel
